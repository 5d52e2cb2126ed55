#!/usr/bin/env bash
# Builds the web dashboard's page: TypeScript (type-checked by tsc) and Apache ECharts, pinned by package-lock.json,
# bundled by esbuild into src/ModelOpt.Node/Dashboard/assets, which the node embeds. The bundle is committed, so the node
# builds with the .NET SDK alone; whoever changes the page code runs this and commits the bundle with it. Each build
# writes web/bundle.sha256 (hashes of the sources and of the bundle it built from them), so a check needs npm only
# when that stamp no longer matches.
#   scripts/build-dashboard.sh           install the npm packages (once per lockfile), check types, bundle, stamp
#   scripts/build-dashboard.sh --check   pass when the stamp matches the sources and the committed bundle; otherwise
#                                        bundle into a temporary folder (npm) and fail if the committed assets differ
set -euo pipefail
cd "$(dirname "$0")/.."
web=src/ModelOpt.Node/Dashboard/web
assets=src/ModelOpt.Node/Dashboard/assets
stamp_file=$web/bundle.sha256

# One hash over a folder's files (names and contents), node_modules and the stamp left out.
tree_hash() {
  (cd "$1" && find . -path ./node_modules -prune -o -type f ! -name bundle.sha256 -print | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)
}
stamp() { printf 'sources %s\nbundle %s\n' "$(tree_hash "$web")" "$(tree_hash "$assets")"; }

if [ "${1:-}" = "--check" ] && [ -f "$stamp_file" ] && [ "$(stamp)" = "$(cat "$stamp_file")" ]; then
  echo "build-dashboard: the committed bundle is current (its stamp matches the sources and the bundle)"
  exit 0
fi

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
  echo "build-dashboard: the committed bundle is current, but $stamp_file is stale; run scripts/build-dashboard.sh and commit it" >&2
  exit 1
else
  (cd "$web" && node build.mjs)
  stamp > "$stamp_file"
fi
