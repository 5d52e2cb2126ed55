#!/usr/bin/env bash
# Sets up (idempotently) and runs every test project. Prints "N passed, N failed" at the end; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${CONFIG:-Release}"
bash scripts/setup.sh

# Only the tests need a database server (the demo and mopt use SQLite), so it is installed here, not in setup.sh.
# Best effort: a PostgreSQL server lets the PostgreSQL journal test start its own server (it is skipped without one).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (export DEBIAN_FRONTEND=noninteractive; timeout 180 apt-get update -qq && timeout 180 apt-get install -y -qq --no-install-recommends postgresql >/dev/null) \
    || echo "test: PostgreSQL could not be installed; its journal test will be skipped" >&2
fi
# Debian's PyTorch runs the Python client's PyTorch example as the trials of an external search (skipped without it).
if ! /usr/bin/python3 -c 'import torch' >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (export DEBIAN_FRONTEND=noninteractive; timeout 180 apt-get -o DPkg::Lock::Timeout=600 update -qq \
    && timeout 600 apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3-torch >/dev/null) \
    || echo "test: python3-torch could not be installed; the Python client's PyTorch example test will be skipped" >&2
fi

log=$(mktemp)
status=0
dotnet test ModelOpt.Cluster.sln -c "$CONFIG" --no-build --verbosity minimal -nologo 2>&1 | tee "$log" || status=$?
passed=$(grep -oE 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
rm -f "$log"
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; exit 1; fi
