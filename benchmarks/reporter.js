#!/usr/bin/env node
'use strict';
/**
 * The reporter's cost: the time jest-difftest's reporter spends in Jest's main process turning
 * coverage into fingerprints (`onTestFileResult`, summed) and saving the data file
 * (`onRunComplete`), after a full recording run and after a run of 20 test files; and the data
 * file's size.
 *
 *   npm run build && node benchmarks/reporter.js [--size small|medium|large] [--runs N] [--full-runs N]
 *
 * The hooks are timed by a subclass of the reporter (benchmarks/lib/bench/timed-reporter.js) given
 * on the command line: `jest-difftest --reporters=default --reporters=<it>`.
 * - full run: `jest-difftest --ci --diff-rebuild` (every test file recorded; `--full-runs`, default 3;
 *   taken from the coverage benchmark when `run.js` ran it first);
 * - 20 test files: `jest-difftest --ci <20 test files>` on the recorded data (named tests run and are
 *   recorded; the save merges them into the full data file), `--runs` times (default 5).
 */
const path = require('path');
const { main } = require('./lib/bench/cli');
const { BenchRuns } = require('./lib/bench/runs');
const { restoreDataFile, DATA_FILE } = require('./lib/bench/project');
const { median, ms, sec, bytes } = require('./lib/bench/stats');
const { REPO } = require('./lib/bench/exec');

async function reporterBenchmark(context) {
  const { project, flags, log } = context;
  const bench = new BenchRuns(project);
  try {
    const loadBefore = await context.quiet();
    let othersMax = 0;
    let full = context.shared.fullRuns?.difftest;
    if (!full) {
      restoreDataFile(project);
      await bench.difftest(['--diff-rebuild']); // warms the transform cache
      full = [];
      for (let i = 0; i < (flags.fullRuns ?? 3); i++) {
        full.push(await context.steady(() => bench.difftest(['--diff-rebuild'], { timedReporter: true })));
        log(`reporter: full run ${i + 1}: ${sec(full[i].ms)}`);
      }
    }
    for (const run of full) othersMax = Math.max(othersMax, run.others);

    const tests = [...project.files.keys()].filter((f) => f.endsWith('.test.ts')).sort();
    const step = tests.length / 20;
    const twenty = Array.from({ length: Math.min(20, tests.length) }, (_, i) => tests[Math.floor(i * step)]);
    const partial = [];
    for (let i = 0; i < (flags.runs ?? 5); i++) {
      const run = await context.steady(() => {
        restoreDataFile(project);
        return bench.difftest(twenty, { timedReporter: true });
      });
      if (run.files !== twenty.length) throw new Error(`${run.command}: ${run.files} test files ran, not ${twenty.length}`);
      partial.push(run);
      othersMax = Math.max(othersMax, run.others);
      log(`reporter: 20 test files run ${i + 1}: ${sec(run.ms)}`);
    }
    const afterPartial = require('fs').statSync(path.join(project.root, DATA_FILE)).size;
    restoreDataFile(project);
    const contents = await describeDataFile(path.join(project.root, DATA_FILE));

    const row = (label, runs) => {
      const perFile = median(runs.map((r) => r.reporter.fileResultMs));
      const save = median(runs.map((r) => r.reporter.runCompleteMs));
      const wall = median(runs.map((r) => r.ms));
      return [
        label,
        runs[0].reporter.files,
        ms(perFile),
        ms(perFile / runs[0].reporter.files),
        ms(median(runs.map((r) => r.reporter.fileResultMaxMs))),
        ms(save),
        ms(perFile + save),
        sec(wall),
        `${(((perFile + save) / wall) * 100).toFixed(1)} %`,
      ];
    };
    return [
      {
        title: `Reporter cost (${context.size}), ms in Jest's main process`,
        header: ['run', 'test files recorded', 'onTestFileResult, total', 'per file', 'slowest file', 'onRunComplete (save)', 'reporter total', 'run wall time', 'share of wall'],
        rows: [row(`full run (\`jest-difftest --ci --diff-rebuild\`)`, full), row('20 test files (`jest-difftest --ci <20 test files>`)', partial)],
        notes: [
          `Medians of ${full.length} full runs and ${partial.length} runs of 20 test files. Load average before: ${loadBefore}; other processes used at most ${othersMax.toFixed(2)} cores during any run.`,
          `Data file after the full recording: ${bytes(context.recording.dataFileBytes)} (${contents}); after a run of 20 test files: ${bytes(afterPartial)}.`,
        ],
      },
    ];
  } finally {
    bench.dispose();
  }
}

/** Counts of what a data file holds. */
async function describeDataFile(file) {
  const { openStore } = require(path.join(REPO, 'dist', 'src', 'store'));
  const { snapshot, status } = await openStore(file, 'default');
  if (status !== 'ok') return `status ${status}`;
  const links = [...snapshot.tests.values()].reduce((n, t) => n + t.fingerprintIds.length, 0);
  return `${snapshot.tests.size} test files, ${snapshot.fingerprints.size} fingerprints, ${links} test–fingerprint links, ${snapshot.files.size} file states`;
}

module.exports = { reporterBenchmark };

if (require.main === module) main('reporter.js', reporterBenchmark, { flags: { fullRuns: 'integer' }, extraUsage: ' [--full-runs N]' });
