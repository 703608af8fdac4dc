#!/usr/bin/env node
'use strict';
/**
 * Cost of the compile check (compile-aware selection) for a one-file change, on a generated
 * TypeScript project under ts-jest with type checking.
 *
 *   npm run build && node benchmarks/compile.js [--size small|medium] [--runs N] [--seed N]
 *
 * Records once (a full run), then for each run: edits one function of a shared module (a change
 * that still compiles), asks for the selection with `--listTests` (nothing runs, nothing is
 * recorded), and reads the sequencer's own timing line (`--diff-explain`): selection time and the
 * compile check's share. The first run after an edit pays the type-checking compile; Jest's
 * transform cache then holds the result for the test run, so later identical selections are cheaper
 * (reported separately as "warm").
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseFlags } = require('./lib/flags');

const REPO = path.resolve(__dirname, '..');
const JEST = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');
const flags = parseFlags(process.argv.slice(2), { size: 'string', runs: 'integer', seed: 'integer' }, 'node benchmarks/compile.js [--size small|medium] [--runs N] [--seed N]');
const size = flags.size ?? 'medium';
const runs = flags.runs ?? 5;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), `difftest-compile-${size}-`));

function jest(args, env = {}) {
  const result = spawnSync(process.execPath, [JEST, '--ci=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: '', FORCE_COLOR: '0', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0 && !args.includes('--listTests')) process.stderr.write(result.stderr.slice(-2000));
  return result;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  spawnSync(process.execPath, [path.join(__dirname, 'generate.js'), '--size', size, '--seed', String(flags.seed ?? 1), '--out', dir, '--transform', 'ts-jest', '--force'], { stdio: 'inherit' });
  const started = Date.now();
  jest([]);
  process.stdout.write(`recording run (ts-jest with type checking): ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  // A shared module: the source file most test fingerprints point at is the one a barrel re-exports.
  const target = pickSharedModule(dir);
  const original = fs.readFileSync(target, 'utf8');
  const cold = [];
  const warm = [];
  const share = [];
  try {
    for (let i = 0; i < runs; i++) {
      // A statement at the top of the first function body: a token change that keeps types and behaviour.
      const edited = original.replace(/\)(\s*:\s*[^{};=]+)?\s*\{\n/, (opening) => `${opening}  void ${i};\n`);
      if (edited === original) throw new Error(`no function body found in ${target}`);
      fs.writeFileSync(target, edited);
      for (const bucket of [cold, warm]) {
        const result = jest(['--listTests', `--outputFile=${os.devNull}`], { JEST_DIFFTEST_EXPLAIN: '1', JEST_DIFFTEST_COLLECT: '0' });
        const timing = /selection took (\d+) ms \(compile check (\d+) ms\)/.exec(result.stderr);
        if (!timing) throw new Error(`no timing line:\n${result.stderr.slice(-2000)}`);
        bucket.push([Number(timing[1]), Number(timing[2])]);
        if (bucket === cold) share.push(/(\d+) of (\d+) test files selected/.exec(result.stderr)?.[0] ?? '');
      }
    }
  } finally {
    fs.writeFileSync(target, original);
  }
  const row = (name, values) =>
    `${name.padEnd(28)} ${String(median(values.map((v) => v[0]))).padStart(12)} ${String(median(values.map((v) => v[1]))).padStart(16)}`;
  process.stdout.write(`\nedited: ${path.relative(dir, target)}; selected: ${share[0]}\nmedian of ${runs}; load average ${os.loadavg()[0].toFixed(2)}\n\n`);
  process.stdout.write(`${'one-function edit'.padEnd(28)} ${'selection ms'.padStart(12)} ${'compile check ms'.padStart(16)}\n`);
  process.stdout.write(`${row('first selection (cold)', cold)}\n${row('same again (warm cache)', warm)}\n`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** The non-barrel source file imported by the most other source files. */
function pickSharedModule(root) {
  const files = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) files.push(full);
    }
  };
  walk(path.join(root, 'src'));
  const counts = new Map();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/from '(\.[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), match[1]) + '.ts';
      counts.set(target, (counts.get(target) ?? 0) + 1);
    }
  }
  const candidates = files.filter((f) => !f.endsWith('index.ts') && /\)(\s*:\s*[^{};=]+)?\s*\{\n/.test(fs.readFileSync(f, 'utf8')));
  return candidates.sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0))[0];
}
