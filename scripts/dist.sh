#!/usr/bin/env bash
# Builds the distribution from this tree (docs/architecture.md, "Distribution"):
#   target/dist/bootstrap-VERSION-linux-ARCH.tar.gz   bootstrap/{bin,lib,runtime,share}: no JDK needed on the target
#   target/dist/bootstrap_DEBVERSION_ARCH.deb          the same under /usr/lib/bootstrap, /usr/bin/bootstrap, man
#                                                      pages, bash and zsh completion
#   and a .sha256 file beside each.
# The runtime is cut with jlink to the modules the jar needs, from the newest JDK 25+ under /usr/lib/jvm
# (its AOT cache is made here and moves with the tree; start-up per runtime: docs/benchmarks.md), else from
# the JDK on PATH.
# Usage: scripts/dist.sh [--jar FILE] [--jdk DIR] [--out DIR] [-- MAVEN-ARGS...]
#   --jar FILE  package this bootstrap.jar instead of building one (the tests pass the one `mvn verify` made)
#   --jdk DIR   the JDK to cut the runtime from
#   --out DIR   where the files go (default: target/dist)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar=""
jdk=""
out="$root/target/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$(readlink -f "$2")"; shift 2 ;;
    --jdk) jdk="$2"; shift 2 ;;
    --out) out="$(readlink -f "$2")"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) shift; break ;;
    *) echo "dist.sh: unknown argument $1 (usage: scripts/dist.sh [--jar FILE] [--jdk DIR] [--out DIR] [-- MAVEN-ARGS...])" >&2
       exit 2 ;;
  esac
done
for tool in dpkg-deb gzip sha256sum; do
  command -v "$tool" >/dev/null || { echo "dist.sh: $tool is needed (apt-get install dpkg coreutils gzip)" >&2; exit 1; }
done

feature() { sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"; }
if [ -z "$jdk" ]; then
  for candidate in /usr/lib/jvm/*/; do
    candidate="${candidate%/}"
    [ -x "$candidate/bin/jlink" ] && [ -f "$candidate/release" ] || continue
    f="$(feature "$candidate")"
    if [ "${f:-0}" -ge 25 ] && { [ -z "$jdk" ] || [ "$f" -gt "$(feature "$jdk")" ]; }; then jdk="$candidate"; fi
  done
fi
if [ -z "$jdk" ]; then
  java_on_path="$(command -v java)" || { echo "dist.sh: no JDK found; pass --jdk DIR" >&2; exit 1; }
  jdk="$(cd "$(dirname "$(readlink -f "$java_on_path")")/.." && pwd)"
fi
[ -x "$jdk/bin/jlink" ] || { echo "dist.sh: $jdk has no jlink; pass --jdk with a full JDK" >&2; exit 1; }

if [ -z "$jar" ]; then
  # The build stamps what `bootstrap version` reports; a tree with uncommitted changes says "dirty".
  commit="$(git -C "$root" rev-parse HEAD 2>/dev/null || true)"
  state=""
  if [ -n "$commit" ]; then
    state=clean
    [ -z "$(git -C "$root" status --porcelain 2>/dev/null)" ] || state=dirty
  fi
  (cd "$root" && mvn -q -B -ntp -DskipTests "-Dbootstrap.gitCommit=$commit" "-Dbootstrap.gitTreeState=$state" "$@" package)
  jar="$root/bootstrapper-cli/target/bootstrap.jar"
fi
[ -f "$jar" ] || { echo "dist.sh: $jar is missing; build it (mvn -q -B -ntp -DskipTests package) or drop --jar" >&2; exit 1; }

version="$(unzip -p "$jar" bootstrap-version.properties | sed -n 's/^version=//p')"
[ -n "$version" ] || { echo "dist.sh: $jar has no bootstrap-version.properties; rebuild it" >&2; exit 1; }
arch="$(dpkg --print-architecture)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
home="$work/bootstrap"
mkdir -p "$home/bin" "$home/lib" "$home/share/man/man1" "$home/share/bash-completion/completions" \
  "$home/share/zsh/vendor-completions"
install -m 0755 "$root/bin/bootstrap" "$home/bin/bootstrap"
install -m 0644 "$root/bin/jit-directives.json" "$home/bin/jit-directives.json"
install -m 0644 "$jar" "$home/lib/bootstrap.jar"

# The modules the classes name (jdeps), and those found only at run time through services or by name:
# jdk.crypto.ec (EC, XDH and EdDSA keys on 17: the PKI, TLS, SSH key exchange and host keys), jdk.naming.dns
# (netty's DNS resolver under fabric8's client asks JNDI for the name servers) and java.management (netty's
# optional platform beans).
modules="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar")"
modules="$modules,jdk.crypto.ec,jdk.naming.dns,java.management"
jlink_opts=(--strip-debug --no-header-files --no-man-pages)
if [ "$(feature "$jdk")" -ge 21 ]; then jlink_opts+=(--compress=zip-6); else jlink_opts+=(--compress=2); fi
# The runtime's default class-data archive: the fallback when the application's cache cannot be used.
jlink_opts+=(--generate-cds-archive)
"$jdk/bin/jlink" --add-modules "$modules" "${jlink_opts[@]}" --output "$home/runtime" >/dev/null

# The caches (AOT caches on 25+, one per kind of command, bin/bootstrap) trained by the launcher itself, with the
# flags it runs with. A class-data archive records the jar's absolute path and is useless once moved, so a runtime
# before 25 ships none: `bootstrap --train-caches` makes them wherever the tree is writable (docs/architecture.md).
if [ "$(feature "$jdk")" -ge 25 ]; then
  "$home/bin/bootstrap" --train-caches
fi

# (Straight on the runtime: through the launcher, a runtime before 25 would train an archive here.)
"$home/runtime/bin/java" -cp "$home/lib/bootstrap.jar" dev.bootstrap.cli.ManPages "$work/man"
for page in "$work/man"/*.1; do gzip -9n <"$page" >"$home/share/man/man1/$(basename "$page").gz"; done
"$home/runtime/bin/java" -jar "$home/lib/bootstrap.jar" completion bash >"$home/share/bash-completion/completions/bootstrap"
"$home/runtime/bin/java" -jar "$home/lib/bootstrap.jar" completion zsh >"$home/share/zsh/vendor-completions/_bootstrap"

mkdir -p "$out"
tarball="bootstrap-$version-linux-$arch.tar.gz"
tar -C "$work" -czf "$out/$tarball" bootstrap

# The .deb: the same tree under /usr/lib/bootstrap, the shared files where Debian's tools look for them.
deb_root="$work/deb"
mkdir -p "$deb_root/DEBIAN" "$deb_root/usr/lib" "$deb_root/usr/bin" "$deb_root/usr/share"
cp -a "$home" "$deb_root/usr/lib/bootstrap"
mv "$deb_root/usr/lib/bootstrap/share"/* "$deb_root/usr/share/"
rmdir "$deb_root/usr/lib/bootstrap/share"
ln -s ../lib/bootstrap/bin/bootstrap "$deb_root/usr/bin/bootstrap"
deb_version="${version//-/\~}"   # 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT: sorts before 0.1.0, no Debian revision
cat >"$deb_root/DEBIAN/control" <<EOF
Package: bootstrap
Version: $deb_version
Architecture: $arch
Maintainer: bootstrap developers <bootstrap@localhost>
Installed-Size: $(du -sk "$deb_root/usr" | cut -f1)
Depends: libc6
Section: admin
Priority: optional
Description: kubeadm-style Kubernetes cluster bootstrapper with an SSH orchestrator
 Turns Linux machines into a Kubernetes cluster and writes exactly the files kubeadm writes.
 Brings its own Java runtime.
EOF
deb="bootstrap_${deb_version}_$arch.deb"
dpkg-deb --root-owner-group -Zgzip --build "$deb_root" "$out/$deb" >/dev/null

(cd "$out" && sha256sum "$tarball" >"$tarball.sha256" && sha256sum "$deb" >"$deb.sha256")
echo "$out/$tarball"
echo "$out/$deb"
