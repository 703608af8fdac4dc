#!/usr/bin/env node
// Benchmark of the fingerprint store (src/store) on a generated project:
// 2,000 test files × 300 file dependencies over 5,000 source files, with shared utilities.
//
//   npm run build && node benchmarks/store.js [--runs N] [--layouts] [--keep FILE]
//
// Prints medians of N runs (default 5) as a table, and the data file's size. --layouts also
// measures what a testmon-style link table would cost instead of the fingerprint-id BLOB; --keep
// copies the generated data file to FILE.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

// Re-run with --expose-gc, so that the open timings do not pay for the generator's garbage.
if (typeof global.gc !== 'function') {
  const result = spawnSync(process.execPath, ['--expose-gc', __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const dist = path.join(__dirname, '..', 'dist');
const store = require(path.join(dist, 'src', 'store'));
const { loadSqlJs } = require(path.join(dist, 'wasm', 'sqljs'));

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 5;
const LAYOUTS = args.includes('--layouts');
const KEEP = args.includes('--keep') ? path.resolve(args[args.indexOf('--keep') + 1]) : undefined;

const SOURCES = 5000;
const SHARED = 200; // utilities many tests use
const TESTS = 2000;
const DEPS = 300; // per test: 100 shared utilities, 199 other modules, the test file itself
const BLOCKS = 10; // per source file: the module block and 9 functions

// Deterministic pseudo-random numbers.
let seed = 42;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function u64() {
  return (BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32));
}
const pick = (n) => Math.floor(random() * n);

/** Source files: path, hash and block checksums; a few coverage variants each (which functions ran). */
function generateSources() {
  const sources = [];
  for (let i = 0; i < SOURCES; i++) {
    const dirName = i < SHARED ? 'src/utils' : `src/features/area${Math.floor(i / 100)}`;
    const blocks = Array.from({ length: BLOCKS }, (_, j) => ({ name: j === 0 ? '<module>' : `fn${j}`, checksum: u64() }));
    // Shared utilities are called in few ways (4 variants), feature modules in more (8).
    const variants = Array.from({ length: i < SHARED ? 4 : 8 }, () => {
      const covered = blocks.filter((_, j) => j === 0 || random() < 0.4).map((b) => b.checksum);
      return covered.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    });
    sources.push({ path: `${dirName}/mod${i}.ts`, hash: u64(), blocks, variants });
  }
  return sources;
}

function generateRun(sources, tests, recordedAt) {
  const runs = [];
  for (const t of tests) {
    const fingerprints = [];
    const seen = new Set();
    while (seen.size < 100) seen.add(pick(SHARED));
    // Feature modules near the test's own area, as real tests import their neighbourhood.
    const centre = SHARED + ((t * 37) % (SOURCES - SHARED));
    while (seen.size < DEPS - 1) seen.add(SHARED + ((centre + pick(1200) - 600 + (SOURCES - SHARED)) % (SOURCES - SHARED)));
    for (const i of seen) {
      const source = sources[i];
      fingerprints.push({ file: source.path, fileHash: source.hash, checksums: source.variants[pick(source.variants.length)] });
    }
    const testPath = `test/t${t}.test.ts`;
    fingerprints.push({ file: testPath, fileHash: BigInt(t) + 1n, checksums: [BigInt(t) * 7n + 3n] });
    runs.push({ path: testPath, durationMs: 10 + pick(500), failed: false, forced: false, recordedAt, fingerprints });
  }
  return runs;
}

function fileStates(sources) {
  return sources.map((s) => ({ path: s.path, mtimeMs: 1_700_000_000_000 + pick(1e6), size: 1000 + pick(5000), hash: s.hash, blocks: s.blocks, checkedAt: 1_700_000_100_000 }));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Tests affected by changed files, straight from the Snapshot (no extra index). */
function affectedTests(snapshot, changes) {
  const hit = new Set();
  for (const { file, hash, checksums } of changes) {
    for (const fp of snapshot.fingerprintsByFile.get(file) ?? []) {
      if (fp.fileHash === hash) continue;
      if (!fp.checksums.every((c) => checksums.has(c))) hit.add(fp.id);
    }
  }
  const tests = [];
  if (hit.size === 0) return tests;
  for (const test of snapshot.tests.values()) {
    if (test.fingerprintIds.some((id) => hit.has(id))) tests.push(test.path);
  }
  return tests;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-bench-'));
  const file = path.join(dir, store.DEFAULT_DATA_FILE);
  const environment = { name: 'default', inputs: { node: process.version, jest: '30.0.0' } };
  const rows = [];
  const row = (name, times, target) => rows.push({ name, median: median(times), min: Math.min(...times), target });
  const loadBefore = os.loadavg()[0];

  const sources = generateSources();
  const allTests = Array.from({ length: TESTS }, (_, t) => t);
  const full = (recordedAt) => ({ environment, tests: generateRun(sources, allTests, recordedAt), files: fileStates(sources), removedTests: [], resetEnvironment: false });
  let fullRun = full(1);
  let fullRun2 = full(2);
  await loadSqlJs();

  // First recording into an empty data file.
  const first = [];
  for (let i = 0; i < RUNS; i++) {
    fs.rmSync(file, { force: true });
    first.push(await time(() => store.saveRun(file, fullRun)));
  }
  row('save full run (2,000 tests) into a new file', first);

  // Re-recording every test into a full data file (fingerprints mostly known already).
  const again = [];
  for (let i = 0; i < RUNS; i++) again.push(await time(() => store.saveRun(file, i % 2 ? fullRun : fullRun2)));
  row('save full run (2,000 tests) into a full file', again, '≤ 1000');

  // A run of 20 test files.
  const small = [];
  for (let i = 0; i < RUNS; i++) {
    const chosen = Array.from({ length: 20 }, (_, k) => (i * 97 + k * 101) % TESTS);
    const run = { environment, tests: generateRun(sources, chosen, 10 + i), files: fileStates(sources.slice(0, 300)), removedTests: [], resetEnvironment: false };
    small.push(await time(() => store.saveRun(file, run)));
  }
  row('save a run of 20 test files', small, '≤ 200');
  fullRun = fullRun2 = undefined;
  global.gc();

  const size = fs.statSync(file).size;

  // Opening: warm (sql.js loaded in this process), and cold (a fresh process, WASM init included).
  const warm = [];
  let snapshot;
  for (let i = 0; i < RUNS; i++) warm.push(await time(async () => (snapshot = (await store.openStore(file, 'default')).snapshot)));
  row('open + load snapshot (sql.js loaded)', warm, '≤ 100');
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    const script = `const s=performance.now();require(${JSON.stringify(path.join(dist, 'src', 'store'))}).openStore(${JSON.stringify(file)},'default').then(()=>console.log(performance.now()-s))`;
    const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    cold.push(Number(out.stdout.trim()));
  }
  row('open + load snapshot (fresh process, incl. sql.js init)', cold);

  // Affected tests of 10 changed files (3 shared utilities, 7 feature modules), one function edited each.
  const changedSources = [0, 1, 2, ...Array.from({ length: 7 }, (_, k) => SHARED + 13 + k * 661)].map((i) => sources[i]);
  const changes = changedSources.map((s) => {
    const checksums = new Set(s.blocks.map((b) => b.checksum));
    checksums.delete(s.blocks[1].checksum); // fn1 edited
    checksums.add(u64());
    return { file: s.path, hash: u64(), checksums };
  });
  let affected = [];
  const query = [];
  for (let i = 0; i < RUNS * 4; i++) query.push(await time(() => (affected = affectedTests(snapshot, changes))));
  row(`affected tests of 10 changed files (${affected.length} tests)`, query, '≤ 20');

  const fps = snapshot.fingerprints.size;
  const links = [...snapshot.tests.values()].reduce((n, t) => n + t.fingerprintIds.length, 0);

  console.log(`\njest-difftest store benchmark — ${TESTS} tests × ${DEPS} dependencies, ${SOURCES} source files; median of ${RUNS}; Node ${process.version}, ${os.cpus().length} CPUs\n`);
  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(`${'operation'.padEnd(width)}  ${'median ms'.padStart(9)}  ${'min ms'.padStart(8)}  target ms`);
  console.log(`${'-'.repeat(width)}  ${'-'.repeat(9)}  ${'-'.repeat(8)}  ---------`);
  for (const r of rows) console.log(`${r.name.padEnd(width)}  ${r.median.toFixed(1).padStart(9)}  ${r.min.toFixed(1).padStart(8)}  ${r.target ?? ''}`);
  console.log(`\nload average (1 min) before/after: ${loadBefore.toFixed(2)} / ${os.loadavg()[0].toFixed(2)}`);
  console.log(`data file: ${(size / 1e6).toFixed(2)} MB (target ≤ 20 MB); ${fps} distinct fingerprints for ${links} test→fingerprint links, ${snapshot.files.size} file states`);

  if (LAYOUTS) await compareLayouts(file, snapshot);
  if (KEEP) fs.copyFileSync(file, KEEP);
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The size a testmon-style link table (one row per link) would add, with and without a rowid. */
async function compareLayouts(file, snapshot) {
  const SQL = await loadSqlJs();
  console.log('\nlink layouts (same data, fingerprint_ids BLOB replaced by a link table):');
  for (const [name, ddl] of [
    ['link table (rowid + index), testmon-style', 'CREATE TABLE link (id INTEGER PRIMARY KEY, test_id INTEGER, fingerprint_id INTEGER); CREATE INDEX link_test ON link (test_id)'],
    ['link table WITHOUT ROWID', 'CREATE TABLE link (test_id INTEGER, fingerprint_id INTEGER, PRIMARY KEY (test_id, fingerprint_id)) WITHOUT ROWID'],
  ]) {
    const db = new SQL.Database(fs.readFileSync(file));
    db.exec(ddl);
    db.exec('BEGIN');
    const ids = db.exec('SELECT id, path FROM test_execution')[0].values;
    const insert = db.prepare(name.startsWith('link table (rowid') ? 'INSERT INTO link (test_id, fingerprint_id) VALUES (?, ?)' : 'INSERT INTO link VALUES (?, ?)');
    for (const [id, testPath] of ids) for (const fp of snapshot.tests.get(testPath).fingerprintIds) insert.run([id, fp]);
    insert.free();
    db.exec("UPDATE test_execution SET fingerprint_ids = x''; COMMIT; VACUUM");
    console.log(`  ${name}: ${(db.export().length / 1e6).toFixed(2)} MB`);
    db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
