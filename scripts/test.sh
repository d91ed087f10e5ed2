#!/usr/bin/env bash
# Runs every test: installs the real components the tests need (when root), then Maven verify.
# Under CI (BOOTSTRAP_LAB_REQUIRED=1) a test that needs root, namespaces or a missing tool fails
# instead of skipping.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/install-test-deps.sh
exec mvn -B -ntp verify "$@"
