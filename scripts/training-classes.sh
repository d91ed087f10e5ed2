#!/usr/bin/env bash
# Refreshes the classes the launcher's class-data training run loads by name
# (bootstrapper-cli/src/main/resources/dev/bootstrap/cli/training-classes.txt): those a real command loaded
# from the jar or the JDK's modules rather than from the archive, which the training run cannot reach by
# running code (an SSH handshake needs a server; up's API calls need a cluster). Input: -Xlog:class+load
# files of such runs, e.g. of a benchmark on the lab:
#   BENCH_JAVA_OPTS='-Xlog:class+load:file=/tmp/cl-{run}.txt' SKIP_BUILD=1 bench/up.sh 20
#   scripts/training-classes.sh /tmp/cl-first.txt /tmp/cl-second.txt
# A name that no longer exists is skipped by the training run, so a stale list only costs speed.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: scripts/training-classes.sh CLASS-LOAD-LOG..." >&2; exit 2; }
out="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/bootstrapper-cli/src/main/resources/dev/bootstrap/cli/training-classes.txt"
tmp="$out.$$.tmp"
{
  [ -f "$out" ] && grep -v '^#' "$out"
  # Generated classes (lambdas, reflection accessors, proxies) cannot be loaded by name.
  grep -hv 'shared objects file' "$@" | grep -E 'source: (file:.*bootstrap\.jar|jrt:/)' \
    | sed -E 's/.*\] ([^ ]+) source: .*/\1/' | grep -vE '\$\$Lambda|LambdaForm\$|\$Proxy|^jdk\.internal\.reflect\.Generated'
} | sort -u > "$tmp.body"
{ echo "# Written by scripts/training-classes.sh: classes the training run loads by name (one a line)."; cat "$tmp.body"; } > "$tmp"
rm -f "$tmp.body"
mv -f "$tmp" "$out"
echo "$(grep -vc '^#' "$out") classes in $out"
