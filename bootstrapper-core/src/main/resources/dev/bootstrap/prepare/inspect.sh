# What node preparation needs to know, in one round trip (read by dev.bootstrap.prepare.NodeState).
# POSIX sh; every probe is guarded, raw data only. Set by the caller: $FILES (paths whose sha256 is
# reported, one a line), $SYSCTLS (keys as /proc/sys paths, space-separated), $MODULES, $RECORD.
have() { command -v "$1" >/dev/null 2>&1; }
sec() { printf '\n### %s\n' "$1"; }
sec os-release; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null
sec pid1; cat /proc/1/comm 2>/dev/null
sec swaps; tail -n +2 /proc/swaps 2>/dev/null
sec fstab; cat /etc/fstab 2>/dev/null
sec swap-target; [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ] && have systemctl && systemctl is-enabled swap.target 2>/dev/null
sec modules
for m in $MODULES; do
  if grep -q "^$m " /proc/modules 2>/dev/null; then echo "$m loaded"
  elif [ -d "/sys/module/$m" ]; then echo "$m builtin"
  else echo "$m absent"; fi
done
sec sysctl
for k in $SYSCTLS; do
  if [ -r "/proc/sys/$k" ]; then printf '%s=%s\n' "$k" "$(cat "/proc/sys/$k" 2>/dev/null)"; else echo "$k"; fi
done
sec selinux-enforce; cat /sys/fs/selinux/enforce 2>/dev/null
sec firewalld; have firewall-cmd && firewall-cmd --state 2>/dev/null
sec ufw; have ufw && ufw status 2>/dev/null | head -n 1
sec tools
for t in containerd containerd-shim-runc-v2 ctr runc crictl kubelet apt-get dnf yum tdnf systemctl rc-service modprobe sysctl swapoff swapon setenforce; do
  printf '%s=' "$t"; command -v "$t" 2>/dev/null || echo
done
sec containerd-version; have containerd && containerd --version 2>/dev/null
sec kubelet-version; have kubelet && kubelet --version 2>/dev/null
# Whether a service has a unit (systemd) or an init script (OpenRC) already.
sec units
for u in containerd kubelet; do
  if have systemctl && systemctl cat "$u.service" >/dev/null 2>&1; then echo "$u"
  elif [ -x "/etc/init.d/$u" ]; then echo "$u"; fi
done
sec holds; have apt-mark && apt-mark showhold 2>/dev/null
sec sha256
printf '%s\n' "$FILES" | while IFS= read -r f; do
  [ -n "$f" ] && [ -f "$f" ] && sha256sum -- "$f" 2>/dev/null
done
sec record; cat "$RECORD" 2>/dev/null
sec end
