#!/usr/bin/env bash
# Rebuilds a lab cluster from its cluster file, as lab users do again and again:
#   1. bootstrap reset -f FILE --force   every node back to a clean machine (workers first, etcd members removed)
#   2. bootstrap up -f FILE [UP FLAGS]   the whole cluster again
#   3. bootstrap plan -f FILE            must say the cluster matches the file
# Exit 0 only when all three succeeded; the step that failed is named.
#
# Usage: scripts/lab-rebuild.sh FILE [flags for up, e.g. --ignore-preflight-errors=Swap --log-file up.log]
# env:   BOOTSTRAP  the command to run (default: bin/bootstrap next to this script)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 CLUSTER_FILE [up flags...]" >&2; exit 2; }
file=$1; shift
[ -r "$file" ] || { echo "lab-rebuild: cannot read cluster file $file" >&2; exit 2; }
read -r -a bootstrap <<<"${BOOTSTRAP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/bin/bootstrap}"

step() { # step NAME COMMAND...: runs it, names the step when it fails
  local name=$1; shift
  echo "=== lab-rebuild: $name"
  if ! "$@"; then
    echo "lab-rebuild: $name failed; fix what it names and run $0 again" >&2
    exit 1
  fi
}

step "reset" "${bootstrap[@]}" reset -f "$file" --force
step "up" "${bootstrap[@]}" up -f "$file" "$@"
plan=$("${bootstrap[@]}" plan -f "$file") || { echo "$plan"; echo "lab-rebuild: plan failed" >&2; exit 1; }
echo "$plan"
if ! grep -q "^Plan: the cluster matches the file" <<<"$plan"; then
  echo "lab-rebuild: check failed: after up, plan still has work to do (above)" >&2
  exit 1
fi
echo "=== lab-rebuild: done, the cluster matches $file"
