#!/usr/bin/env bash
# Benchmark: wall time of a rolling upgrade by `bootstrap up` (v1.36 to v1.37) of a lab cluster of one control
# plane and 4 workers, split into waiting on the cluster (control-plane swaps and health, drains, kubelets back
# Ready, turns) and the orchestrator's own work per node; beside it, on a fresh lab, the same upgrade node by node
# (`bootstrap upgrade apply`, then `upgrade node` and the kubelet on each other node). Stand-ins: the API is the
# fabric8 CRUD mock, etcd is real, mirror Pods, kubelet versions and leaders are played by the lab. Needs root.
# Writes the table into docs/benchmarks.md between the "upgrade-bench" markers and prints it.
# Usage: bench/upgrade.sh [WORKERS]     env: SKIP_BUILD=1 (reuse the build), REPS=N (default 1)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench/upgrade.sh: needs root (the lab uses network namespaces)" >&2; exit 1; }
out="$(pwd)/bootstrapper-cli/target/upgrade-bench.md"
offline=()
if [ "${SKIP_BUILD:-}" = 1 ]; then
  offline=(-o)
else
  mvn -q -B -ntp -DskipTests package
fi
mvn -q -B -ntp "${offline[@]}" -pl bootstrapper-core,bootstrapper-cli test -Dtest=UpgradeBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.workers="${1:-4}" -Dbench.out="$out" -Dbench.reps="${REPS:-1}"
bench/put-table.sh "$out" docs/benchmarks.md upgrade-bench
