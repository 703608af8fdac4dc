#!/usr/bin/env node
'use strict';
/**
 * Selection overhead: the time jest-difftest's sequencer spends deciding what runs, with 0, 1 and
 * 100 changed source files (one function body edited in each), beside the floor for the same job.
 *
 *   npm run build && node benchmarks/selection.js [--size small|medium|large] [--runs N] [--repeats N]
 *
 * Two views:
 * - in-process (precise): a fresh Node process per run builds Jest's contexts and test list with
 *   Jest's own readConfigs / haste map / SearchSource, then times `planRun` (the sequencer's work):
 *   its first call in the process (what a real run pays) and N more calls (warm), beside the
 *   floor: `fs.statSync` of every file the data file knows and reading and hashing the changed
 *   ones (benchmarks/lib/bench/plan-child.js), repeated in that process and once in a fresh one
 *   (the first call's fair comparison: a fresh process's first pass over the files costs more);
 * - end to end: wall time of `jest --listTests` with `JEST_DIFFTEST_COLLECT=0` (selection on,
 *   nothing recorded) against plain `jest --listTests` with `JEST_DIFFTEST=0`, Node start-up,
 *   config and haste map included.
 * Each run edits the files anew (a new `void N;` statement, content Jest's transform cache has not
 * seen) and puts them back afterwards; the data file is the recorded one throughout.
 */
const path = require('path');
const { main } = require('./lib/bench/cli');
const { editFunction, editableSources, spreadSources } = require('./lib/bench/edit');
const { runNode, JEST } = require('./lib/bench/exec');
const { restoreDataFile, restoreFile, tail } = require('./lib/bench/project');
const { median, ms, signedMs, ratio } = require('./lib/bench/stats');
const fs = require('fs');

const PLAN_CHILD = path.join(__dirname, 'lib', 'bench', 'plan-child.js');

async function selectionBenchmark(context) {
  const { project, flags, log } = context;
  const runs = flags.runs ?? 5;
  const repeats = flags.repeats ?? 5;
  const counts = [0, 1, Math.min(100, editableSources(project.files).length)];
  const loadBefore = await context.quiet();
  restoreDataFile(project);

  let tag = Date.now();
  /** Applies the edits, runs `fn`, puts the files back. */
  const withEdits = async (files, fn) => {
    tag++;
    try {
      for (const file of files) {
        const edited = editFunction(project.files.get(file), undefined, tag);
        fs.writeFileSync(path.join(project.root, file), edited.text);
      }
      return await fn();
    } finally {
      for (const file of files) restoreFile(project, file);
    }
  };

  const inProcess = [];
  const firstCalls = [];
  let othersMax = 0;
  for (const count of counts) {
    const files = count === 0 ? [] : spreadSources(project.files, count);
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const run = await context.steady(() =>
        withEdits(files, () => runNode(PLAN_CHILD, [JSON.stringify({ root: project.root, repeats, changed: files })], { cwd: project.root })),
      );
      if (run.status !== 0) throw new Error(`plan-child failed (exit ${run.status}):\n${tail(run.stderr)}`);
      samples.push(JSON.parse(run.stdout.trim().split('\n').pop()));
      othersMax = Math.max(othersMax, run.others);
    }
    const first = samples[0];
    const cold = median(samples.map((s) => s.cold));
    const warm = median(samples.map((s) => median(s.warm)));
    const floor = median(samples.map((s) => median(s.floor)));
    const floorFresh = median(samples.map((s) => s.floorFresh));
    firstCalls.push(`${count} changed: ${samples.map((s) => ms(s.cold)).join(', ')}`);
    log(`selection: ${count} changed: first call ${ms(cold)} ms, warm ${ms(warm)} ms, floor ${ms(floor)} ms, in a fresh process ${ms(floorFresh)} ms (${first.header})`);
    inProcess.push([
      count,
      `${first.selected} / ${first.candidates}`,
      first.checkedFiles,
      ms(median(samples.map((s) => s.load))),
      ms(cold),
      ms(warm),
      ms(floor),
      ms(floorFresh),
      ratio(cold, floorFresh),
      ratio(cold, floor),
      ratio(warm, floor),
    ]);
  }

  const endToEnd = [];
  for (const count of counts) {
    const files = count === 0 ? [] : spreadSources(project.files, count);
    const plain = [];
    const difftest = [];
    let selected = '';
    for (let i = 0; i < runs; i++) {
      const pair = await context.steady(() =>
        withEdits(files, async () => {
          const off = await runNode(JEST, ['--listTests'], { cwd: project.root, env: { JEST_DIFFTEST: '0' } });
          const on = await runNode(JEST, ['--listTests'], { cwd: project.root, env: { JEST_DIFFTEST_COLLECT: '0' } });
          for (const run of [off, on]) {
            if (run.status !== 0) throw new Error(`${run.command} failed (exit ${run.status}):\n${tail(run.stderr)}`);
          }
          return { off, on, others: Math.max(off.others, on.others) };
        }),
      );
      othersMax = Math.max(othersMax, pair.others);
      plain.push(pair.off.ms);
      difftest.push(pair.on.ms);
      selected = `${pair.on.stdout.split('\n').filter(Boolean).length} / ${pair.off.stdout.split('\n').filter(Boolean).length}`;
    }
    const a = median(plain);
    const b = median(difftest);
    log(`selection: ${count} changed, --listTests: plain ${ms(a)} ms, jest-difftest ${ms(b)} ms`);
    endToEnd.push([count, selected, ms(a), ms(b), signedMs(b - a), ratio(b, a)]);
  }

  const notes = [
    `Medians of ${runs} runs (warm: of each run's median of ${repeats} more calls). Load average before: ${loadBefore}; other processes used at most ${othersMax.toFixed(2)} cores during any run.`,
  ];
  return [
    {
      title: `Selection overhead in-process (${context.size}): planRun, ms`,
      header: ['changed files', 'selected / test files', 'files checked', 'module load', 'planRun first call', 'planRun warm', 'floor', 'floor, fresh process', 'first call / fresh floor', 'first call / floor', 'warm / floor'],
      rows: inProcess,
      notes: [
        ...notes,
        `First call of each run, in order (ms): ${firstCalls.join('; ')}. With no change, a run right after the data file was saved takes the full selection and writes the selection summary; the runs after it replay the summary.`,
        '"first call" is planRun\'s first call in a fresh process (what every run pays: WebAssembly hasher and sql.js start-up, the data file read, the first parse); "warm" repeats it in the same process. "floor" = statSync of every file the data file knows + read and xxHash64 of the changed files, repeated in the same process; "floor, fresh process" = the same once in a new Node process (benchmarks/lib/bench/floor-child.js), as a first call runs. "module load" = requiring the sequencer module. Changed files go through the project\'s transform too (ts-jest), which the floor does not do.',
      ],
    },
    {
      title: `Selection overhead end to end (${context.size}): jest --listTests wall time, ms`,
      header: ['changed files', 'listed: jest-difftest / plain', 'plain (JEST_DIFFTEST=0)', 'jest-difftest (JEST_DIFFTEST_COLLECT=0)', 'difference', 'ratio'],
      rows: endToEnd,
      notes: ['Commands, in the project: `JEST_DIFFTEST=0 jest --listTests` and `JEST_DIFFTEST_COLLECT=0 jest --listTests` (Node start-up, config, haste map included).', ...notes],
    },
  ];
}

module.exports = { selectionBenchmark };

if (require.main === module) main('selection.js', selectionBenchmark, { flags: { repeats: 'integer' }, extraUsage: ' [--repeats N]' });
