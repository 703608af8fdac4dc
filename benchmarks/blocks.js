#!/usr/bin/env node
/**
 * Throughput of the fingerprint core: splitBlocks (parse + blocks + checksums) over a few MB of real
 * JavaScript and TypeScript from node_modules. Needs the build: `npm run build && node benchmarks/blocks.js`.
 *
 * Options: --mb <n> corpus size (default 3), --runs <n> warm repetitions (default 7).
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
if (!fs.existsSync(path.join(dist, 'src', 'core', 'blocks.js'))) {
  console.error('benchmarks/blocks.js: run `npm run build` first (dist/ is missing).');
  process.exit(1);
}
const { splitBlocks } = require(path.join(dist, 'src', 'core', 'blocks.js'));
const { loadHasher } = require(path.join(dist, 'wasm', 'hasher.js'));

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const targetBytes = arg('mb', 3) * 1024 * 1024;
const runs = arg('runs', 7);

/** Files of a directory tree, sorted, that end with one of `exts`. */
function walk(dir, exts, out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, exts, out);
    else if (exts.some((e) => entry.name.endsWith(e))) out.push(full);
  }
  return out;
}

const nm = path.join(root, 'node_modules');
const groups = [
  // Hand-written TypeScript: sources shipped in packages, and this repository's own.
  [
    ...walk(path.join(root, 'src'), ['.ts']),
    ...walk(path.join(nm, '@bcoe', 'v8-coverage', 'src'), ['.ts']),
    ...walk(path.join(nm, '@jest', 'pattern', 'src'), ['.ts']),
  ],
  // Declarations, like a typed code base's interfaces.
  walk(path.join(nm, '@types', 'node'), ['.d.ts']),
  // Compiled JavaScript of Jest and Babel.
  [
    ...fs.readdirSync(nm).filter((d) => d.startsWith('jest-')).flatMap((d) => walk(path.join(nm, d, 'build'), ['.js'])),
    ...fs.readdirSync(path.join(nm, '@jest')).flatMap((d) => walk(path.join(nm, '@jest', d, 'build'), ['.js'])),
  ],
  ['core', 'traverse', 'generator', 'template'].flatMap((d) => walk(path.join(nm, '@babel', d, 'lib'), ['.js'])),
];

// Round-robin over the groups, each up to an equal share of the target size (a group that runs out
// leaves its share to the others), so the corpus stays a mix.
const corpus = [];
let total = 0;
const taken = groups.map(() => 0);
const cursor = groups.map(() => 0);
while (total < targetBytes) {
  const open = groups.map((g, k) => k).filter((k) => cursor[k] < groups[k].length);
  if (open.length === 0) break;
  const budget = (targetBytes - taken.reduce((a, b, k) => a + (open.includes(k) ? 0 : b), 0)) / open.length;
  const k = open.reduce((best, j) => (taken[j] < taken[best] ? j : best), open[0]);
  if (taken[k] >= budget) break;
  const file = groups[k][cursor[k]++];
  const text = fs.readFileSync(file, 'utf8');
  if (text.length > 400_000) continue;
  corpus.push({ file, text });
  taken[k] += Buffer.byteLength(text);
  total += Buffer.byteLength(text);
}
const share = (re) => corpus.filter((c) => re.test(c.file)).reduce((n, c) => n + c.text.length, 0) / total;

/** One pass over the corpus: wall-clock seconds, and CPU seconds of this process (steadier on a busy machine). */
function pass(hasher) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let blocks = 0;
  let errors = 0;
  for (const { file, text } of corpus) {
    const result = splitBlocks(text, file, hasher);
    blocks += result.blocks.length;
    if (result.parseError) errors++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const used = process.cpuUsage(cpu);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6, blocks, errors };
}

/** Babel's parse alone, with the options splitBlocks uses: the floor under splitBlocks' cost. */
function parseOnly() {
  const { parse } = require('@babel/parser');
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const { file, text } of corpus) {
    const ts = /\.[cm]?tsx?$/.test(file);
    try {
      parse(text, {
        sourceType: 'unambiguous',
        attachComment: false,
        tokens: true,
        allowReturnOutsideFunction: true,
        plugins: ts ? [['typescript', { dts: file.endsWith('.d.ts') }], 'decorators-legacy'] : ['jsx', 'decorators'],
      });
    } catch {
      // Counted in the splitBlocks passes.
    }
  }
  const used = process.cpuUsage(cpu);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpuSeconds: (used.user + used.system) / 1e6 };
}

(async () => {
  const loadStart = process.hrtime.bigint();
  const hasher = await loadHasher();
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
  const mb = total / 1024 / 1024;
  const first = pass(hasher);
  const warm = [];
  for (let i = 0; i < runs; i++) warm.push(pass(hasher));
  const baseline = [];
  for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) baseline.push(parseOnly());
  const median = (key, list = warm) => list.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  const rate = (seconds) => `${(mb / seconds).toFixed(2)} MB/s (${(seconds * 1000).toFixed(0)} ms)`;
  console.log(`corpus: ${corpus.length} files, ${mb.toFixed(2)} MB, ${first.blocks} blocks, ${first.errors} parse errors`);
  console.log(
    `mix: ${(share(/\.ts$/) * 100 - share(/\.d\.ts$/) * 100).toFixed(0)}% .ts, ${(share(/\.d\.ts$/) * 100).toFixed(0)}% .d.ts, ${(share(/\.js$/) * 100).toFixed(0)}% .js`,
  );
  console.log(`hasher load: ${loadMs.toFixed(0)} ms`);
  console.log(`first pass: ${rate(first.seconds)} wall, ${rate(first.cpuSeconds)} CPU`);
  console.log(`warm, median of ${runs}: ${rate(median('seconds'))} wall, ${rate(median('cpuSeconds'))} CPU`);
  console.log(
    `reference, Babel parse alone (tokens on), median of ${baseline.length}: ${rate(median('seconds', baseline))} wall, ${rate(median('cpuSeconds', baseline))} CPU`,
  );
  console.log(`load average at the end: ${require('os').loadavg()[0].toFixed(2)} on ${require('os').cpus().length} CPUs`);
})();
