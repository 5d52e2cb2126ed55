// Bundles the dashboard into ../assets (embedded into the node): app.js and app.css from src/, plus the static files.
// Run by scripts/build-dashboard.sh; the output is committed so the node builds without npm.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, '..', 'assets');
const lock = JSON.parse(readFileSync(join(here, 'package-lock.json'), 'utf8'));
const version = name => lock.packages[`node_modules/${name}`].version;

mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  outfile: join(out, 'app.js'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2022'],
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  banner: {
    js: `/*! ModelOpt dashboard. Bundles Apache ECharts ${version('echarts')} and ZRender ${version('zrender')} (Apache-2.0), tslib ${version('tslib')} (0BSD). */`,
  },
});
for (const file of ['index.html', 'signin.css', 'favicon.svg']) copyFileSync(join(here, file), join(out, file));
