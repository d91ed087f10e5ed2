#!/usr/bin/env bash
# Puts a table into a document between "<!-- NAME:start -->" and "<!-- NAME:end -->", after a line saying when and
# where it was run, and prints it. Usage: bench/put-table.sh TABLE DOC NAME [NOTE]   (NOTE ends the first line)
set -euo pipefail
table=$1 doc=$2 name=$3 note=${4:-}
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores${note:+, $note}, load average at end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  cat "$table"
} > "$table.with-header"
cat "$table.with-header"
python3 - "$table.with-header" "$doc" "$name" <<'PY'
import sys
table = open(sys.argv[1]).read().strip()
doc = open(sys.argv[2]).read()
start, end = "<!-- %s:start -->" % sys.argv[3], "<!-- %s:end -->" % sys.argv[3]
if start in doc and end in doc:
    doc = doc[:doc.index(start) + len(start)] + "\n" + table + "\n" + doc[doc.index(end):]
    open(sys.argv[2], "w").write(doc)
PY
