#!/usr/bin/env bash
# Installs `mopt` as a .NET global tool packed from this tree (a few tens of MB: the client carries no libtorch), and
# publishes the ModelOpt.Node program that `mopt run` starts into ${XDG_DATA_HOME:-~/.local/share}/modelopt/node, where
# mopt looks for it (README: Install). Idempotent: run it again to update both. Needs the .NET 10 SDK.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install: the .NET SDK 10 is required (https://dot.net); 'dotnet' is not on PATH" >&2
  exit 1
fi
node_dir="${XDG_DATA_HOME:-$HOME/.local/share}/modelopt/node"
packages="$(mktemp -d)"
trap 'rm -rf "$packages"' EXIT

dotnet restore ModelOpt.Cluster.sln --verbosity quiet
# TorchSharp's native library needs a patch on hosts whose libstdc++ is older than GCC 13's (e.g. Debian 12).
bash scripts/fix-torchsharp.sh

dotnet pack src/ModelOpt.Cli -c Release --no-restore -nologo --verbosity quiet -o "$packages"
dotnet tool update --global mopt --add-source "$packages" --ignore-failed-sources

rm -rf "$node_dir"
dotnet publish src/ModelOpt.Node -c Release --no-restore -nologo --verbosity quiet -o "$node_dir"

echo "installed: mopt (dotnet tool, in ~/.dotnet/tools) and its node in $node_dir"
case ":$PATH:" in
  *":$HOME/.dotnet/tools:"*) ;;
  *) echo "add ~/.dotnet/tools to PATH to run mopt: export PATH=\"\$PATH:\$HOME/.dotnet/tools\"" ;;
esac
