#!/usr/bin/env bash
# The searcher-quality suite against Optuna 3.1's TPE (both modes), in one command; prints the table of docs/benchmarks.md.
# usage: bash tests/ModelOpt.Benchmarks/Searchers/suite-vs-optuna.sh [--seeds 10] [--trials 100] [--function suite] [--searchers auto,tpe] [--out DIR]
set -euo pipefail
seeds=10 trials=100 function=suite searchers=auto,tpe out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=$2; shift 2 ;; --trials) trials=$2; shift 2 ;; --function) function=$2; shift 2 ;;
    --searchers) searchers=$2; shift 2 ;; --out) out=$2; shift 2 ;;
    *) echo "unknown argument '$1'" >&2; exit 2 ;;
  esac
done
root=$(cd "$(dirname "$0")/../../.." && pwd)
out=${out:-$(mktemp -d)}
mkdir -p "$out"
# Debian's Optuna (3.1.0 on bookworm): the reference the targets are stated against.
if ! /usr/bin/python3 -c 'import optuna' 2>/dev/null; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq && apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-optuna >/dev/null
fi
dotnet build "$root/tests/ModelOpt.Benchmarks" -c Release -nologo -v q >/dev/null
for searcher in ${searchers//,/ }; do
  dotnet "$root/tests/ModelOpt.Benchmarks/bin/Release/net10.0/ModelOpt.Benchmarks.dll" searcher-quality \
    --function "$function" --searcher "$searcher" --trials "$trials" --seeds "$seeds" > "$out/$searcher.json"
done
/usr/bin/python3 "$root/tests/ModelOpt.Benchmarks/Searchers/optuna_reference.py" --function "$function" --trials "$trials" --seeds "$seeds" > "$out/optuna.jsonl"
/usr/bin/python3 "$root/tests/ModelOpt.Benchmarks/Searchers/suite_table.py" "$out" ${searchers//,/ }
