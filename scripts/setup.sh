#!/usr/bin/env bash
# Idempotent setup for a fresh Debian/Ubuntu machine with the .NET SDK: restore, native fixes, build.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${CONFIG:-Release}"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK 10 is required (https://dot.net); 'dotnet' is not on PATH" >&2
  exit 1
fi

# Best effort: a PostgreSQL server lets the PostgreSQL journal test start its own server (it is skipped without one).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (export DEBIAN_FRONTEND=noninteractive; timeout 180 apt-get update -qq && timeout 180 apt-get install -y -qq --no-install-recommends postgresql >/dev/null) \
    || echo "setup: PostgreSQL could not be installed; its journal test will be skipped" >&2
fi

# The Python client's tests run with Debian's python3 in a venv (standard library only; no PyPI needed).
if ! dpkg -s python3-venv python3-pip python3-wheel >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (export DEBIAN_FRONTEND=noninteractive; timeout 300 apt-get -o DPkg::Lock::Timeout=600 update -qq \
    && timeout 300 apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3 python3-venv python3-pip python3-wheel >/dev/null) \
    || echo "setup: python3-venv, python3-pip and python3-wheel could not be installed; the Python client tests will fail" >&2
fi

dotnet restore ModelOpt.Cluster.sln --verbosity quiet
# TorchSharp's native library needs a patch on hosts whose libstdc++ is older than GCC 13's (e.g. Debian 12).
bash scripts/fix-torchsharp.sh
dotnet build ModelOpt.Cluster.sln -c "$CONFIG" --no-restore --verbosity quiet -nologo
