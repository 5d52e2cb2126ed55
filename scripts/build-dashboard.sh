#!/usr/bin/env bash
# Builds the web dashboard's page: TypeScript (type-checked by tsc) and Apache ECharts, pinned by package-lock.json,
# bundled by esbuild into src/ModelOpt.Node/Dashboard/assets, which the node embeds. The bundle is committed, so the node
# builds with the .NET SDK alone; whoever changes the page code runs this and commits the bundle with it (.ci/run fails
# when the committed bundle is not what the sources build to).
#   scripts/build-dashboard.sh           install the npm packages (once per lockfile), check types, bundle
#   scripts/build-dashboard.sh --check   bundle into a temporary folder and fail if the committed assets differ
set -euo pipefail
cd "$(dirname "$0")/.."
web=src/ModelOpt.Node/Dashboard/web
assets=src/ModelOpt.Node/Dashboard/assets

if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    (export DEBIAN_FRONTEND=noninteractive; apt-get -o DPkg::Lock::Timeout=600 update -qq \
      && apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends nodejs npm >/dev/null)
  else
    echo "build-dashboard: npm is required (apt-get install nodejs npm)" >&2
    exit 1
  fi
fi

# npm ci only when the lockfile changed since the last install; no install scripts run (esbuild needs none).
stamp="$web/node_modules/.mopt-lock"
lock=$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock" ]; then
  (cd "$web" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock" > "$stamp"
fi

(cd "$web" && node node_modules/typescript/bin/tsc --noEmit -p .)
if [ "${1:-}" = "--check" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  (cd "$web" && node build.mjs "$out")
  if ! diff -r -q "$out" "$assets" >/dev/null; then
    echo "build-dashboard: the committed bundle in $assets is not what $web builds to; run scripts/build-dashboard.sh and commit it" >&2
    diff -r -q "$out" "$assets" >&2 || true
    exit 1
  fi
  echo "build-dashboard: the committed bundle is current"
else
  (cd "$web" && node build.mjs)
fi
