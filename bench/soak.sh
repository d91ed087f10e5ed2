#!/usr/bin/env bash
# Soak: KILLS rounds (default 10) of `bootstrap up` on a fresh 3-node lab cluster killed with SIGKILL at a random
# moment (0.3 to 6.3 s after it started), then a recovery `up`, a second `up` that must change nothing, and the
# integrity check of every node (FaultSuiteLabTest#sigkillAtRandomMoments, which the CI suite runs with 3 kills).
# Needs root (network namespaces). Writes the table into docs/reliability.md between the "soak" markers and
# prints it. Usage: bench/soak.sh [KILLS]   env: SOAK_MVN_ARGS="-o" (more Maven flags, e.g. offline)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
kills="${1:-10}"
[ "$(id -u)" -eq 0 ] || { echo "bench/soak.sh: needs root (the lab uses network namespaces)" >&2; exit 1; }
out="$(pwd)/bootstrapper-cli/target/soak.md"
rm -f "$out"
status=0
mvn -q -B -ntp ${SOAK_MVN_ARGS:-} -pl bootstrapper-core,bootstrapper-cli test -Dtest='FaultSuiteLabTest#sigkillAtRandomMoments' \
  -Dsurefire.failIfNoSpecifiedTests=false -Dfaults.kills="$kills" -Dfaults.table="$out" || status=$?
[ -f "$out" ] || { echo "bench/soak.sh: no table was written (exit $status)" >&2; exit 1; }
bench/put-table.sh "$out" docs/reliability.md soak "$kills kills"
exit "$status"
