#!/usr/bin/env bash
# Prints what SSH operations cost against a 1-node lab: connecting, a command on an open
# connection, the batched probe, and file writes through stdin vs SFTP. Needs root (the lab).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
NAME=bench-$$
scripts/lab.sh --name "$NAME" --owner $$ up 1 >/dev/null
trap 'scripts/lab.sh --name "$NAME" down' EXIT
mvn -q -B -o -pl bootstrapper-core -am test-compile
CP=$(mktemp)
mvn -q -B -o -pl bootstrapper-core dependency:build-classpath -Dmdep.outputFile="$CP" >/dev/null
java -cp "bootstrapper-core/target/classes:bootstrapper-core/target/test-classes:$(cat "$CP")" \
  dev.bootstrap.host.ssh.SshBenchmark "/tmp/bootstrap-lab-$NAME"
rm -f "$CP"
