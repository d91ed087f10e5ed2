# Preflight facts of one node in one round trip (read by dev.bootstrap.preflight.FactsParser).
# POSIX sh (dash, busybox ash, bash). Every probe is guarded: a missing command or file leaves its
# section empty instead of ending the script. Raw data only; all judging happens in Java.
# $R (set by the caller, may be empty) is the root under which Kubernetes' own paths live (--rootfs).
# From the cluster configuration (set by the caller, may be empty): $ETCD_DATA_DIR (local etcd's
# dataDir); $ETCD_ENDPOINTS (external etcd URLs, one a line), $ETCD_CA, $ETCD_CERT, $ETCD_KEY.
# $KERNEL_CONFIGS (set by the caller): the kernel configs to report (see kernel-config).
have() { command -v "$1" >/dev/null 2>&1; }
sec() { printf '\n### %s\n' "$1"; }
show() { [ -r "$1" ] && cat "$1" 2>/dev/null; }
# A probe that may hang (a wedged kubelet binary, systemctl waiting on dbus) gets 5 seconds.
limited() { if have timeout; then timeout 5 "$@"; else "$@"; fi; }

# Time first: the caller pairs it with when the command was sent, for clock skew.
sec time; date +%s%N 2>/dev/null
sec format; echo 1
sec os-release; show /etc/os-release || show /usr/lib/os-release
sec kernel; show /proc/sys/kernel/osrelease || uname -r 2>/dev/null
sec arch; uname -m 2>/dev/null
sec pid1; show /proc/1/comm
sec euid; id -u 2>/dev/null
sec nproc; nproc 2>/dev/null || grep -c '^processor' /proc/cpuinfo 2>/dev/null
sec meminfo; grep '^MemTotal:' /proc/meminfo 2>/dev/null
sec swaps; show /proc/swaps
sec fstab-swap; grep -E '^[^#]*[[:space:]]swap[[:space:]]' /etc/fstab 2>/dev/null
sec cgroupfs; stat -fc %T /sys/fs/cgroup 2>/dev/null
sec cgroup-controllers; show /sys/fs/cgroup/cgroup.controllers
sec proc-cgroups; show /proc/cgroups

# Module state without lsmod/modinfo (absent on minimal nodes): loaded, built in, available, missing.
sec modules
kver=$(uname -r 2>/dev/null)
for m in br_netfilter overlay ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack nf_conntrack_ipv4; do
  if grep -q "^$m " /proc/modules 2>/dev/null; then s=loaded
  elif [ -d "/sys/module/$m" ]; then s=builtin
  elif grep -q "/$m\.ko" "/lib/modules/$kver/modules.builtin" 2>/dev/null; then s=builtin
  elif grep -q "/$m\.ko" "/lib/modules/$kver/modules.dep" 2>/dev/null; then s=available
  else s=missing; fi
  echo "$m $s"
done

sec sysctl
for k in net/ipv4/ip_forward net/bridge/bridge-nf-call-iptables net/bridge/bridge-nf-call-ip6tables \
         net/ipv6/conf/default/forwarding; do
  if [ -r "/proc/sys/$k" ]; then echo "$k=$(cat "/proc/sys/$k" 2>/dev/null)"; else echo "$k"; fi
done

sec path; echo "$PATH"
sec tools
for t in conntrack socat ethtool ebtables ipset tar ip iptables mount nsenter tc touch crictl; do
  echo "$t=$(command -v "$t" 2>/dev/null)"
done

# Runtime sockets: the file, and (from /proc/net/unix, always there) whether anything listens on it.
sec sockets
for s in /var/run/docker.sock /var/run/containerd/containerd.sock /var/run/crio/crio.sock \
         /var/run/cri-dockerd.sock; do
  if [ -S "$s" ]; then echo "$s socket"; elif [ -e "$s" ]; then echo "$s other"; else echo "$s absent"; fi
done
sec unix-listeners; grep -E 'docker|containerd|crio' /proc/net/unix 2>/dev/null
# What each answering CRI endpoint says about itself (CRI Status: conditions, sandbox image), one line
# each: "<socket>\t<crictl exit>\t<JSON or error, newlines as spaces>". Empty without crictl, and
# unless the caller asks ($CRI_INFO), as it does for preflight only.
sec cri-info
if [ -n "${CRI_INFO:-}" ] && have crictl; then
  for s in /var/run/containerd/containerd.sock /var/run/crio/crio.sock /var/run/cri-dockerd.sock; do
    [ -S "$s" ] || continue
    out=$(limited crictl --runtime-endpoint "unix://$s" --timeout 4s info 2>&1); rc=$?
    printf '%s\t%s\t%s\n' "$s" "$rc" "$(printf '%s' "$out" | tr '\t\n' '  ')"
  done
fi
sec docker-daemon-json; show /etc/docker/daemon.json
sec containerd-config; grep -E 'SystemdCgroup|disabled_plugins|^[[:space:]]*version' /etc/containerd/config.toml 2>/dev/null
sec crio-config; cat /etc/crio/crio.conf /etc/crio/crio.conf.d/* 2>/dev/null | grep -E '^[[:space:]]*cgroup_manager'

sec kubelet; have kubelet && limited kubelet --version 2>/dev/null
sec kubelet-service; have systemctl && limited systemctl is-enabled kubelet.service 2>/dev/null
sec firewalld; have systemctl && limited systemctl is-active firewalld.service 2>/dev/null
sec selinux-enforce; show /sys/fs/selinux/enforce
sec selinux-config; grep -E '^SELINUX=' /etc/selinux/config 2>/dev/null
sec hostname; show /proc/sys/kernel/hostname || hostname 2>/dev/null
sec hostname-lookup; have getent && getent hosts "$(cat /proc/sys/kernel/hostname 2>/dev/null)" 2>/dev/null
sec addresses; have ip && ip -o addr show scope global 2>/dev/null
sec tcp-listen; cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -E '^ *[0-9]+: [0-9A-F]+:[0-9A-F]+ [0-9A-F]+:[0-9A-F]+ 0A '

sec files
for f in /etc/kubernetes/manifests/kube-apiserver.yaml /etc/kubernetes/manifests/kube-controller-manager.yaml \
         /etc/kubernetes/manifests/kube-scheduler.yaml /etc/kubernetes/manifests/etcd.yaml \
         /etc/kubernetes/kubelet.conf /etc/kubernetes/bootstrap-kubelet.conf /etc/kubernetes/pki/ca.crt; do
  [ -e "$R$f" ] && echo "$f"
done
for f in "$ETCD_CA" "$ETCD_CERT" "$ETCD_KEY"; do
  [ -n "$f" ] && [ -e "$R$f" ] && echo "$f"
done
# "<state> <path>" of the configured etcd data directory.
sec etcd-dir
if [ -n "$ETCD_DATA_DIR" ]; then
  d="$R$ETCD_DATA_DIR"
  if [ -d "$d" ]; then
    if [ -n "$(ls -A "$d" 2>/dev/null)" ]; then s=nonempty; else s=empty; fi
  elif [ -e "$d" ]; then s=notdir; else s=absent; fi
  printf '%s %s\n' "$s" "$ETCD_DATA_DIR"
fi
# "<curl exit or nocurl>\t<endpoint>\t<body or curl's error>" per external etcd endpoint.
sec etcd-version
printf '%s\n' "$ETCD_ENDPOINTS" | while IFS= read -r ep; do
  [ -n "$ep" ] || continue
  if ! have curl; then printf 'nocurl\t%s\t\n' "$ep"; continue; fi
  set -- -sS -f --connect-timeout 5 --max-time 10
  [ -n "$ETCD_CA" ] && set -- "$@" --cacert "$R$ETCD_CA"
  [ -n "$ETCD_CERT" ] && set -- "$@" --cert "$R$ETCD_CERT"
  [ -n "$ETCD_KEY" ] && set -- "$@" --key "$R$ETCD_KEY"
  out=$(curl "$@" "${ep%/}/version" 2>&1); rc=$?
  printf '%s\t%s\t%s\n' "$rc" "$ep" "$(printf '%s' "$out" | tr '\t\n' '  ')"
done

# The kernel's build configuration: the CONFIG_ lines system-validators judges ($KERNEL_CONFIGS, names
# without CONFIG_, "|"-separated) from the first of its files that exists. First line "source <path>",
# "unreadable <path>" (gzipped, and neither zcat nor gzip here) or "none". As kubeadm does, with no file
# the configs module is loaded for /proc/config.gz, then unloaded.
sec kernel-config
kcfg_read() {
  case "$1" in
    *.gz) if have zcat; then zcat "$1"; elif have gzip; then gzip -dc "$1"; fi ;;
    *) cat "$1" ;;
  esac 2>/dev/null | grep -E "^CONFIG_($KERNEL_CONFIGS)=[myn]" 2>/dev/null
}
kcfg_report() {
  case "$1" in *.gz) have zcat || have gzip || { echo "unreadable $1"; return; } ;; esac
  echo "source $1${2:+ ($2)}"; kcfg_read "$1"
}
kcfg=
# Only when the caller names configs (preflight): reading them may load and unload a kernel module.
[ -n "$KERNEL_CONFIGS" ] && for f in /proc/config.gz "/boot/config-$kver" "/usr/src/linux-$kver/.config" /usr/src/linux/.config \
         "/usr/lib/modules/$kver/config" "/usr/lib/ostree-boot/config-$kver" "/usr/lib/kernel/config-$kver" \
         "/usr/src/linux-headers-$kver/.config" "/lib/modules/$kver/build/.config"; do
  if [ -e "$f" ]; then kcfg=1; kcfg_report "$f"; break; fi
done
if [ -n "$KERNEL_CONFIGS" ]; then
  if [ -z "$kcfg" ] && have modprobe && modprobe configs 2>/dev/null; then
    if [ -e /proc/config.gz ]; then kcfg=1; kcfg_report /proc/config.gz "configs module"; fi
    modprobe -r configs 2>/dev/null
  fi
  [ -n "$kcfg" ] || echo none
fi

sec cpu-virt; grep -m1 -owE 'vmx|svm' /proc/cpuinfo 2>/dev/null
sec proxy-env; env 2>/dev/null | grep -iE '^(https?|no)_proxy='
sec end
