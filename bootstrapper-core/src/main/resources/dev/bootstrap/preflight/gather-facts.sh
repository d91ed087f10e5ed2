# Preflight facts of one node in one round trip (read by dev.bootstrap.preflight.FactsParser).
# POSIX sh (dash, busybox ash, bash). Every probe is guarded: a missing command or file leaves its
# section empty instead of ending the script. Raw data only; all judging happens in Java.
# $R (set by the caller, may be empty) is the root under which Kubernetes' own paths live (--rootfs).
# From the cluster configuration (set by the caller, may be empty): $ETCD_DATA_DIR (local etcd's
# dataDir); $ETCD_ENDPOINTS (external etcd URLs, one a line), $ETCD_CA, $ETCD_CERT, $ETCD_KEY.
# $KERNEL_CONFIGS (set by the caller): the kernel configs to report (see kernel-config).
# $KUBERNETES_FILES (set by the caller): kubeadm's files whose presence the checks judge, space-separated.
# Few processes: every fork+exec costs a node 1-2 ms of CPU, so small files are read with the shell's
# read (dash reads byte by byte, about 0.3 us a byte) and larger ones (/proc/modules, /proc/net/*,
# configs) with one grep each.
have() { command -v "$1" >/dev/null 2>&1; }
sec() { printf '\n### %s\n' "$1"; }
# cat for small text files: the last line as is, with or without its newline.
show() {
  [ -r "$1" ] || return 1
  { while IFS= read -r l; do printf '%s\n' "$l"; done; printf '%s' "$l"; } 2>/dev/null <"$1"
}
# The lines of file $1 that match the shell pattern $2 (grep without a process); $3 set: the first only.
match() {
  [ -r "$1" ] || return 1
  while IFS= read -r l || [ -n "$l" ]; do
    case $l in $2) printf '%s\n' "$l"; [ -z "$3" ] || break ;; esac
  done 2>/dev/null <"$1"
}
# The first line of file $1 in $v (empty when unreadable), as $(cat file) gives a one-line file.
first() { v=; IFS= read -r v 2>/dev/null <"$1"; }
# $1 on one line, tabs and newlines as spaces (as tr '\t\n' '  '), in $flat.
flatten() {
  flat= rest=$1
  while :; do
    case $rest in
      *[$tabnl]*) flat=$flat${rest%%[$tabnl]*}' ' rest=${rest#*[$tabnl]} ;;
      *) flat=$flat$rest; return ;;
    esac
  done
}
nl='
'
tabnl="	$nl"
# A probe that may hang (a wedged kubelet binary, systemctl waiting on dbus) gets 5 seconds.
limited() { if have timeout; then timeout 5 "$@"; else "$@"; fi; }

# Time first: the caller pairs it with when the command was sent, for clock skew.
sec time; date +%s%N 2>/dev/null
sec format; echo 1
sec os-release; show /etc/os-release || show /usr/lib/os-release
sec kernel; show /proc/sys/kernel/osrelease || uname -r 2>/dev/null
sec arch; uname -m 2>/dev/null
sec pid1; show /proc/1/comm
# The shell's own effective uid (the second Uid: field) is what id -u says.
sec euid
eu=; while read -r k a b c; do [ "$k" = Uid: ] && { eu=$b; break; }; done 2>/dev/null </proc/self/status
if [ -n "$eu" ]; then echo "$eu"; else id -u 2>/dev/null; fi
sec nproc; nproc 2>/dev/null || grep -c '^processor' /proc/cpuinfo 2>/dev/null
sec meminfo; match /proc/meminfo 'MemTotal:*' 1
sec swaps; show /proc/swaps
sec fstab-swap
[ -r /etc/fstab ] && while IFS= read -r l || [ -n "$l" ]; do
  case ${l%%#*} in *[[:space:]]swap[[:space:]]*) printf '%s\n' "$l" ;; esac
done 2>/dev/null </etc/fstab
sec cgroupfs; stat -fc %T /sys/fs/cgroup 2>/dev/null
sec cgroup-controllers; show /sys/fs/cgroup/cgroup.controllers
sec proc-cgroups; show /proc/cgroups

# Module state without lsmod/modinfo (absent on minimal nodes): loaded, built in, available, missing.
sec modules
# Each file is read once for all modules, the module files only when a module is neither loaded nor
# in /sys/module.
first /proc/sys/kernel/osrelease; kver=$v
[ -n "$kver" ] || kver=$(uname -r 2>/dev/null)
mods='br_netfilter overlay ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh nf_conntrack nf_conntrack_ipv4'
mre=; for m in $mods; do mre=$mre${mre:+|}$m; done
loaded=$nl; [ -r /proc/modules ] && loaded=$nl$(grep -E "^($mre) " /proc/modules 2>/dev/null)
kofiles= builtin= dep= kdir=/lib/modules/$kver
for m in $mods; do
  case $loaded in *"$nl$m "*) echo "$m loaded"; continue ;; esac
  if [ -d "/sys/module/$m" ]; then echo "$m builtin"; continue; fi
  if [ -z "$kofiles" ]; then
    kofiles=1
    [ -r "$kdir/modules.builtin" ] && builtin=$(grep -E "/($mre)\.ko" "$kdir/modules.builtin" 2>/dev/null)
    [ -r "$kdir/modules.dep" ] && dep=$(grep -E "/($mre)\.ko" "$kdir/modules.dep" 2>/dev/null)
  fi
  case $builtin in
    *"/$m.ko"*) s=builtin ;;
    *) case $dep in *"/$m.ko"*) s=available ;; *) s=missing ;; esac ;;
  esac
  echo "$m $s"
done

sec sysctl
for k in net/ipv4/ip_forward net/bridge/bridge-nf-call-iptables net/bridge/bridge-nf-call-ip6tables \
         net/ipv6/conf/default/forwarding; do
  if [ -r "/proc/sys/$k" ]; then first "/proc/sys/$k"; echo "$k=$v"; else echo "$k"; fi
done

sec path; echo "$PATH"
sec tools
for t in conntrack socat ethtool ebtables ipset tar ip iptables mount nsenter tc touch crictl; do
  printf '%s=' "$t"; command -v "$t" 2>/dev/null || echo
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
    flatten "$out"; printf '%s\t%s\t%s\n' "$s" "$rc" "$flat"
  done
fi
# Each answering CRI endpoint's runtime version (crictl version), for ContainerRuntimeVersion.
sec cri-version
if [ -n "${CRI_INFO:-}" ] && have crictl; then
  for s in /var/run/containerd/containerd.sock /var/run/crio/crio.sock /var/run/cri-dockerd.sock; do
    [ -S "$s" ] || continue
    out=$(limited crictl --runtime-endpoint "unix://$s" --timeout 4s version 2>/dev/null)
    flatten "$out"; printf '%s\t%s\n' "$s" "$flat"
  done
fi
sec docker-daemon-json; show /etc/docker/daemon.json
# The runtimes' configs: a process only on nodes that have the file.
sec containerd-config; [ -e /etc/containerd/config.toml ] && grep -E 'SystemdCgroup|disabled_plugins|^[[:space:]]*version' /etc/containerd/config.toml 2>/dev/null
sec crio-config
{ [ -e /etc/crio/crio.conf ] || [ -d /etc/crio/crio.conf.d ]; } && cat /etc/crio/crio.conf /etc/crio/crio.conf.d/* 2>/dev/null | grep -E '^[[:space:]]*cgroup_manager'

sec kubelet; have kubelet && limited kubelet --version 2>/dev/null
sec kubelet-service; have systemctl && limited systemctl is-enabled kubelet.service 2>/dev/null
sec firewalld; have systemctl && limited systemctl is-active firewalld.service 2>/dev/null
sec selinux-enforce; show /sys/fs/selinux/enforce
sec selinux-config; match /etc/selinux/config 'SELINUX=*'
sec hostname; show /proc/sys/kernel/hostname || hostname 2>/dev/null
sec hostname-lookup; have getent && { first /proc/sys/kernel/hostname; getent hosts "$v" 2>/dev/null; }
sec addresses; have ip && ip -o addr show scope global 2>/dev/null
sec tcp-listen; grep -hE '^ *[0-9]+: [0-9A-F]+:[0-9A-F]+ [0-9A-F]+:[0-9A-F]+ 0A ' /proc/net/tcp /proc/net/tcp6 2>/dev/null

sec files
for f in $KUBERNETES_FILES; do
  [ -e "$R$f" ] && echo "$f"
done
for f in "$ETCD_CA" "$ETCD_CERT" "$ETCD_KEY"; do
  [ -n "$f" ] && [ -e "$R$f" ] && echo "$f"
done
# "<state> <path>" of the configured etcd data directory.
sec etcd-dir
# Whether directory $1 has any entry (as ls -A would list), by globbing: no process.
has_entries() {
  for e in "$1"/* "$1"/.[!.]* "$1"/..?*; do { [ -e "$e" ] || [ -L "$e" ]; } && return 0; done
  return 1
}
if [ -n "$ETCD_DATA_DIR" ]; then
  d="$R$ETCD_DATA_DIR"
  if [ -d "$d" ]; then
    if has_entries "$d"; then s=nonempty; else s=empty; fi
  elif [ -e "$d" ]; then s=notdir; else s=absent; fi
  printf '%s %s\n' "$s" "$ETCD_DATA_DIR"
fi
# "<curl exit or nocurl>\t<endpoint>\t<body or curl's error>" per external etcd endpoint.
sec etcd-version
etcd_version() {
  ep=$1
  [ -n "$ep" ] || return 0
  if ! have curl; then printf 'nocurl\t%s\t\n' "$ep"; return 0; fi
  set -- -sS -f --connect-timeout 5 --max-time 10
  [ -n "$ETCD_CA" ] && set -- "$@" --cacert "$R$ETCD_CA"
  [ -n "$ETCD_CERT" ] && set -- "$@" --cert "$R$ETCD_CERT"
  [ -n "$ETCD_KEY" ] && set -- "$@" --key "$R$ETCD_KEY"
  out=$(curl "$@" "${ep%/}/version" 2>&1); rc=$?
  flatten "$out"; printf '%s\t%s\t%s\n' "$rc" "$ep" "$flat"
}
eps=$ETCD_ENDPOINTS
while [ -n "$eps" ]; do
  etcd_version "${eps%%"$nl"*}"
  case $eps in *"$nl"*) eps=${eps#*"$nl"} ;; *) eps= ;; esac
done

# The kernel's build configuration: the CONFIG_ lines system-validators judges ($KERNEL_CONFIGS, names
# without CONFIG_, "|"-separated) from the first of its files that exists. First line "source <path>",
# "unreadable <path>" (gzipped, and neither zcat nor gzip here) or "none". As kubeadm does, with no file
# the configs module is loaded for /proc/config.gz, then unloaded.
sec kernel-config
# gzip -dc before zcat: the same bytes, and zcat is often a script around gzip (two processes).
kcfg_read() {
  kre="^CONFIG_($KERNEL_CONFIGS)=[myn]"
  case "$1" in
    *.gz) if have gzip; then gzip -dc "$1" 2>/dev/null | grep -E "$kre" 2>/dev/null
          elif have zcat; then zcat "$1" 2>/dev/null | grep -E "$kre" 2>/dev/null; fi ;;
    *) grep -E "$kre" "$1" 2>/dev/null ;;
  esac
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

# grep, not read: /proc/cpuinfo grows with the CPUs, and without vmx/svm (a VM without nested
# virtualisation) all of it is read.
sec cpu-virt; grep -m1 -owE 'vmx|svm' /proc/cpuinfo 2>/dev/null
sec proxy-env; env 2>/dev/null | grep -iE '^(https?|no)_proxy='
sec end
