#!/usr/bin/env bash
# Benchmark: the full kubeadm PKI set (3 CAs, 7 leaves, sa key pair) per algorithm, made
#   (1) in-process by PkiGenerator (warm JVM),
#   (2) by a whole `bin/bootstrap init phase certs all` process, per launcher,
#   (3) by an equivalent openssl command-line script (bench/openssl-pki.sh),
# side by side, and each launcher's `bootstrap --version`. Prints markdown tables of medians (and minimums) over
# REPS runs.
# Usage: bench/pki.sh [ALGORITHM...]   env: REPS (default 5), WARMUP (default 3), SKIP_BUILD=1,
#   LAUNCHERS (default bin/bootstrap): space-separated launchers to compare, e.g. the distribution's:
#   LAUNCHERS="bin/bootstrap /tmp/d/bootstrap/bin/bootstrap" (tar -C /tmp/d -xzf target/dist/bootstrap-*.tar.gz)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
reps="${REPS:-5}"
warmup="${WARMUP:-3}"
algorithms=("$@")
[ ${#algorithms[@]} -eq 0 ] && algorithms=(RSA-2048 RSA-3072 RSA-4096 ECDSA-P256 ECDSA-P384)
[ "${SKIP_BUILD:-}" = 1 ] || mvn -q -B -ntp -DskipTests package
command -v openssl >/dev/null || { echo "bench/pki.sh: openssl is needed" >&2; exit 1; }

cp="bootstrapper-cli/target/bootstrap.jar" # every dependency is inside (shaded)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# median and min of the run times (ms) of a command; "$dir" is a fresh directory per run
time_runs() {
  local times=() i start dir
  dir="$(mktemp -d "$work/warm.XXXX")"
  "$@" "$dir" >/dev/null 2>&1 || { echo "bench/pki.sh: failed: $*" >&2; exit 1; } # untimed: caches, CDS archive
  rm -rf "$dir"
  for ((i = 0; i < reps; i++)); do
    dir="$(mktemp -d "$work/run.XXXX")"
    start=$(now_ms)
    "$@" "$dir" >/dev/null 2>&1 || { echo "bench/pki.sh: failed: $*" >&2; exit 1; }
    times+=($(( $(now_ms) - start )))
    rm -rf "$dir"
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1]}'
}

read -r -a launchers <<<"${LAUNCHERS:-bin/bootstrap}"
bootstrap_run() { "$launcher" init phase certs all --node-name node-1 --apiserver-advertise-address 10.211.0.10 \
  --encryption-algorithm "$alg" --cert-dir "$1"; }
openssl_run() { bench/openssl-pki.sh "$1" "$alg"; }

declare -A inproc
while read -r a med min; do inproc[$a]="$med ($min)"; done < <(java -cp "$cp" bench/PkiBench.java "$reps" "$warmup" "${algorithms[@]}")

echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Java: $(java -version 2>&1 | head -1); $(openssl version); runs per cell: $reps (median, min in parentheses), ms"
echo
# A launcher's column names it with its runtime (`bootstrap version`'s goVersion).
runtime_of() { "$1" version -o json | sed -n 's/.*"goVersion": "\(.*\)".*/\1/p'; }
header="| algorithm | in-process (warm JVM) |"
rule="|---|---:|"
for launcher in "${launchers[@]}"; do header+=" $launcher ($(runtime_of "$launcher")) |"; rule+="---:|"; done
header+=" openssl CLI script |"
rule+="---:|"
for launcher in "${launchers[@]}"; do header+=" openssl / $launcher |"; rule+="---:|"; done
echo "$header"
echo "$rule"
for alg in "${algorithms[@]}"; do
  row="| $alg | ${inproc[$alg]} |"
  meds=()
  for launcher in "${launchers[@]}"; do
    read -r pmed pmin < <(time_runs bootstrap_run)
    row+=" $pmed ($pmin) |"
    meds+=("$pmed")
  done
  read -r omed omin < <(time_runs openssl_run)
  row+=" $omed ($omin) |"
  for pmed in "${meds[@]}"; do row+=" $(awk -v o="$omed" -v p="$pmed" 'BEGIN {printf "%.2fx", o / p}') |"; done
  echo "$row"
done
echo
version_run() { "$launcher" --version; }
echo "| launcher | bootstrap --version |"
echo "|---|---:|"
for launcher in "${launchers[@]}"; do
  read -r vmed vmin < <(time_runs version_run)
  echo "| $launcher ($(runtime_of "$launcher")) | $vmed ($vmin) |"
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
