#!/usr/bin/env bash
# Benchmark: wall time of `bootstrap up` on fresh labs of 1, 5, 10 and 20 nodes (one control plane,
# the rest workers), split into SSH connect, PKI, file transfer, API calls, preflight and waiting on
# components, and the wall time of the second, converged run. The API server is the fabric8 CRUD mock
# behind the generated certificate (it answers at once), etcd is real, the kubelets' TLS bootstrap is
# played by the test lab. Each `up` is bin/bootstrap in its own process (a cold JVM, as users run it).
# Needs root (network namespaces). Writes the table into docs/benchmarks.md between the "up-bench"
# markers and prints it; bootstrapper-cli/target/up-timeline-N.txt has each phase per host.
# Usage: bench/up.sh [SIZES]   e.g. bench/up.sh 1,5     env: SKIP_BUILD=1 (reuse the build),
#   BENCH_MVN_ARGS="-Dbench.inJvm=true" (up in the benchmark's JVM; add -Dbench.log=true for a debug log),
#   BENCH_JAVA_OPTS="..." (JVM options for the bootstrap processes; {run} becomes first or second),
#   REPS=N (runs per size, each on a fresh lab; the row is the median run; default 3),
#   BENCH_LAUNCHER=PATH (another launcher than bin/bootstrap, e.g. a distribution's bootstrap/bin/bootstrap),
#   BENCH_OUT=FILE (write the table there only, not into docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sizes="${1:-1,5,10,20}"
[ "$(id -u)" -eq 0 ] || { echo "bench/up.sh: needs root (the lab uses network namespaces)" >&2; exit 1; }
out="${BENCH_OUT:-$(pwd)/bootstrapper-cli/target/up-bench.md}"
offline=()
if [ "${SKIP_BUILD:-}" = 1 ]; then
  offline=(-o)
else
  mvn -q -B -ntp -DskipTests package  # bin/bootstrap runs the jar
fi
mvn -q -B -ntp "${offline[@]}" ${BENCH_MVN_ARGS:-} ${BENCH_JAVA_OPTS:+"-Dbench.javaOpts=$BENCH_JAVA_OPTS"} -pl bootstrapper-core,bootstrapper-cli test -Dtest=UpBenchmark \
  -Dsurefire.failIfNoSpecifiedTests=false -Dbench.nodes="$sizes" -Dbench.out="$out" -Dbench.reps="${REPS:-3}" -Dbench.launcher="${BENCH_LAUNCHER:-}"
[ -n "${BENCH_OUT:-}" ] && { cat "$out"; exit 0; }
bench/put-table.sh "$out" docs/benchmarks.md up-bench
