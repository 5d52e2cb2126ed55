#!/usr/bin/env bash
# Sets up (idempotently) and runs the main job: `mopt run` on a local single-node cluster (a ModelOpt.Node process
# from this build, coordinator + worker, SQLite journal under out/demo), a CNN architecture + hyperparameter search on the shipped
# MNIST subset with the automatic searcher and ASHA (examples/mnist-demo.yaml). Shows the live view and a summary; the summary JSON goes to out/demo/summary.json,
# the report (HTML, Markdown, PNG plots) to out/demo/report.
# Extra arguments go to `mopt run` (e.g. --slots 1).
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${CONFIG:-Release}"
bash scripts/setup.sh
mkdir -p out/demo
exec dotnet "src/ModelOpt.Cli/bin/$CONFIG/net10.0/mopt.dll" run examples/mnist-demo.yaml \
  --dir out/demo --summary out/demo/summary.json --report out/demo/report "$@"
