#!/usr/bin/env bash
# Installs the real components the tests check our output with (openssl, OpenSSH, etcd, kubectl,
# containerd, namespaces tooling). Needs root for apt; without root it only reports what is missing.
set -euo pipefail

need_pkgs=()
have() { command -v "$1" >/dev/null 2>&1; }
have openssl || need_pkgs+=(openssl)
[ -x /usr/sbin/sshd ] || need_pkgs+=(openssh-server)
have ssh || need_pkgs+=(openssh-client)
have ssh-agent || need_pkgs+=(openssh-client)
have etcd || need_pkgs+=(etcd-server)
have etcdctl || need_pkgs+=(etcd-client)
have ip || need_pkgs+=(iproute2)
have unshare || need_pkgs+=(util-linux)
have sudo || need_pkgs+=(sudo)
have ps || need_pkgs+=(procps)
have socat || need_pkgs+=(socat)
have curl || need_pkgs+=(curl)
# containerd's own `config dump` checks the config.toml we render (Debian's package brings runc).
have containerd || need_pkgs+=(containerd)
# config images pull's test: a real registry, an image made with umoci from busybox-static's binary and pushed with
# skopeo, pulled into a private containerd by ctr (Debian packages no crictl).
have docker-registry || need_pkgs+=(docker-registry)
have skopeo || need_pkgs+=(skopeo)
have umoci || need_pkgs+=(umoci)
# The image's one binary must be static: a container has no libc (Debian's busybox package is dynamic).
dpkg -s busybox-static >/dev/null 2>&1 || need_pkgs+=(busybox-static)
# prepare's lab test installs containerd, runc and the CNI plugins from Debian's packages' binaries.
[ -x /usr/lib/cni/loopback ] || need_pkgs+=(containernetworking-plugins)
[ -x /usr/bin/python3 ] || need_pkgs+=(python3)
# DistributionTest renders the distribution's man pages (man -l) and installs its .deb (dpkg-deb, dpkg).
have man || need_pkgs+=(man-db)
have dpkg-deb || need_pkgs+=(dpkg)
# The machine image may ship Google's kubectl; Debian's kubernetes-client clashes with it, so only
# install Debian's where no kubectl exists at all.
have kubectl || need_pkgs+=(kubernetes-client)

if [ ${#need_pkgs[@]} -eq 0 ]; then
  exit 0
fi
# de-duplicate
mapfile -t need_pkgs < <(printf '%s\n' "${need_pkgs[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: not root; missing packages (tests needing them will skip): ${need_pkgs[*]}" >&2
  exit 0
fi
echo "install-test-deps: installing ${need_pkgs[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
