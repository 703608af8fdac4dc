#!/usr/bin/env node
'use strict';
/**
 * End to end: one function edited in a shared module (src/shared/, which every package imports
 * through the shared barrel). The test files each tool runs and its wall time:
 * - jest-difftest:         jest-difftest --ci   (selects, runs, records)
 * - plain Jest:            JEST_DIFFTEST=0 jest --ci --coverage=false   (the full suite)
 * - jest --onlyChanged:    JEST_DIFFTEST=0 jest --ci --coverage=false --onlyChanged   (the project is committed in git)
 * - jest --findRelatedTests: JEST_DIFFTEST=0 jest --ci --coverage=false --findRelatedTests <file>
 * and, for scale, jest-difftest with nothing changed.
 *
 *   npm run build && node benchmarks/e2e.js [--size small|medium|large] [--runs N] [--full-runs N]
 *
 * The edit adds a statement that does nothing (`void N;`) at the top of the function, new content
 * for every run (Jest's transform cache has not seen it, as after a real edit); every test still
 * passes. The recorded data file is put back before each jest-difftest run. Short runs `--runs`
 * times (default 5), the full suite `--full-runs` times (default 3; taken from the coverage
 * benchmark when run.js ran it first). Transform caches are warmed by one run of each command first.
 */
const fs = require('fs');
const path = require('path');
const { main } = require('./lib/bench/cli');
const { BenchRuns } = require('./lib/bench/runs');
const { restoreDataFile, restoreFile } = require('./lib/bench/project');
const { editFunction, sharedModule } = require('./lib/bench/edit');
const { median, sec, ratio } = require('./lib/bench/stats');

async function e2eBenchmark(context) {
  const { project, flags, log } = context;
  const runs = flags.runs ?? 5;
  const bench = new BenchRuns(project.root);
  const target = sharedModule(project.files);
  let tag = Date.now();
  const edit = () => {
    const edited = editFunction(project.files.get(target.file), target.name, ++tag);
    fs.writeFileSync(path.join(project.root, target.file), edited.text);
  };
  const tools = [
    { name: 'jest-difftest, nothing changed', changed: false, run: () => bench.difftest() },
    { name: 'jest-difftest', changed: true, run: () => bench.difftest() },
    { name: 'jest --onlyChanged', changed: true, run: () => bench.plain(['--onlyChanged']) },
    { name: `jest --findRelatedTests ${target.file}`, changed: true, run: () => bench.plain(['--findRelatedTests', target.file]) },
  ];
  try {
    const loadBefore = await context.quiet();
    let othersMax = 0;
    const once = async (tool) => {
      restoreDataFile(project);
      if (tool.changed) edit();
      try {
        return await tool.run();
      } finally {
        restoreFile(project, target.file);
      }
    };
    for (const tool of tools) {
      await once(tool);
      tool.samples = [];
    }
    for (let i = 0; i < runs; i++) {
      for (const tool of tools) {
        const run = await once(tool);
        othersMax = Math.max(othersMax, run.others);
        tool.samples.push(run);
        log(`e2e: run ${i + 1}/${runs} ${tool.name}: ${run.files} test files, ${sec(run.ms)}`);
      }
    }
    let full = context.shared.fullRuns?.plain;
    if (!full) {
      const fullTool = { changed: true, run: () => bench.plain() };
      await once(fullTool);
      full = [];
      for (let i = 0; i < (flags.fullRuns ?? 3); i++) {
        full.push(await once(fullTool));
        log(`e2e: full suite run ${i + 1}: ${sec(full[i].ms)}`);
      }
    }
    for (const run of full) othersMax = Math.max(othersMax, run.others);
    restoreDataFile(project);

    const fullMs = median(full.map((r) => r.ms));
    const onlyChanged = tools[2].samples[0].files;
    const rows = [
      ['plain Jest, full suite', `\`${full[0].command}\``, full[0].files, sec(fullMs), '1.00×', ratio(full[0].files, onlyChanged)],
      ...tools.map((tool) => {
        const m = median(tool.samples.map((s) => s.ms));
        const files = tool.samples.map((s) => s.files);
        const shown = Math.min(...files) === Math.max(...files) ? files[0] : `${Math.min(...files)}–${Math.max(...files)}`;
        return [tool.name, `\`${tool.samples[0].command}\``, shown, sec(m), ratio(fullMs, m), ratio(files[0], onlyChanged)];
      }),
    ];
    return [
      {
        title: `End to end (${context.size}): ${target.name}() edited in ${target.file}`,
        header: ['', 'command', 'test files run', 'wall (median)', 'speed-up vs full suite', 'files vs --onlyChanged'],
        rows,
        align: ['l', 'l'],
        notes: [
          `Medians of ${runs} runs (full suite: ${full.length}), taken in turn after one warm-up run of each. The edit is new content in every run; the recorded data file is put back before each. Load average before: ${loadBefore}; other processes used at most ${othersMax.toFixed(2)} cores during any run. Jest's default workers (${context.machine.nproc} cores).`,
        ],
      },
    ];
  } finally {
    restoreFile(project, target.file);
    bench.dispose();
  }
}

module.exports = { e2eBenchmark };

if (require.main === module) main('e2e.js', e2eBenchmark, { flags: { fullRuns: 'integer' }, extraUsage: ' [--full-runs N]' });
