#!/usr/bin/env bash
# Idempotent setup for a fresh Debian/Ubuntu machine with the .NET SDK: restore, native fixes, build.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${CONFIG:-Release}"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK 10 is required (https://dot.net); 'dotnet' is not on PATH" >&2
  exit 1
fi

dotnet restore ModelOpt.Cluster.sln --verbosity quiet
# TorchSharp's native library needs a patch on hosts whose libstdc++ is older than GCC 13's (e.g. Debian 12).
bash scripts/fix-torchsharp.sh
dotnet build ModelOpt.Cluster.sln -c "$CONFIG" --no-restore --verbosity quiet -nologo
