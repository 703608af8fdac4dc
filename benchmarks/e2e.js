#!/usr/bin/env node
'use strict';
/**
 * End to end: one function edited in a shared module (src/shared/, which every package imports
 * through the shared barrel). The test files each tool runs and its wall time:
 * - jest-difftest:         jest-difftest --ci   (selects, runs, records)
 * - plain Jest:            jest --ci --config=../<project>.plain.config.js   (the full suite; the config without withDiffTest)
 * - jest --onlyChanged:    the same with --onlyChanged   (the project is committed in git)
 * - jest --findRelatedTests: the same with --findRelatedTests <file>
 * and, for scale, jest-difftest with nothing changed.
 *
 *   npm run build && node benchmarks/e2e.js [--size small|medium|large] [--runs N] [--full-runs N] [--difftest-only]
 *
 * `--difftest-only` takes the jest-difftest rows alone (no plain Jest run but the full suite's, when
 * run.js ran the coverage benchmark first): at large size each plain run of 2,000 test files takes
 * about 20 minutes on 2 cores.
 *
 * The edit adds a statement that does nothing (`void N;`) at the top of the function, new content
 * for every run (Jest's transform cache has not seen it, as after a real edit); every test still
 * passes. The recorded data file is put back before each jest-difftest run. Commands that take
 * under 2 s run `--runs` times (default 5), longer ones `--full-runs` times (default 3); the full
 * suite's runs are taken from the coverage benchmark when run.js ran it first. Transform caches are
 * warmed by one run of each command first (unless the coverage benchmark just did; the full suite
 * needs none when --onlyChanged or --findRelatedTests already ran every test file).
 */
const fs = require('fs');
const path = require('path');
const { main } = require('./lib/bench/cli');
const { BenchRuns } = require('./lib/bench/runs');
const { restoreDataFile, restoreFile } = require('./lib/bench/project');
const { editFunction, sharedModule } = require('./lib/bench/edit');
const { median, sec, ratio } = require('./lib/bench/stats');

/** Commands faster than this (first run) are run `--runs` times, slower ones `--full-runs` times. */
const SHORT_MS = 2000;

async function e2eBenchmark(context) {
  const { project, flags, log } = context;
  const runs = flags.runs ?? 5;
  const fullRuns = flags.fullRuns ?? 3;
  const bench = new BenchRuns(project);
  const target = sharedModule(project.files);
  let tag = Date.now();
  const edit = () => {
    const edited = editFunction(project.files.get(target.file), target.name, ++tag);
    fs.writeFileSync(path.join(project.root, target.file), edited.text);
  };
  const ours = [
    { name: 'jest-difftest, nothing changed', changed: false, run: () => bench.difftest() },
    { name: 'jest-difftest', changed: true, run: () => bench.difftest() },
  ];
  const onlyChangedTool = { name: 'jest --onlyChanged', changed: true, run: () => bench.plain(['--onlyChanged']) };
  const related = { name: `jest --findRelatedTests ${target.file}`, changed: true, run: () => bench.plain(['--findRelatedTests', target.file]) };
  const tools = flags.difftestOnly ? ours : [...ours, onlyChangedTool, related];
  try {
    const loadBefore = await context.quiet();
    let othersMax = 0;
    const once = (tool) =>
      context.steady(async () => {
        restoreDataFile(project);
        if (tool.changed) edit();
        try {
          return await tool.run();
        } finally {
          restoreFile(project, target.file);
        }
      });
    // One run of each first: it warms Jest's transform caches (unless the coverage benchmark just
    // ran every test) and tells a short command (under SHORT_MS: `runs` runs) from a long one
    // (`full-runs` runs).
    const warm = !context.shared.fullRuns;
    // A plain warm-up that ran every test file has warmed the plain transform cache for the full
    // suite too (same config); at large size that saves a full run of 2,000 test files.
    let plainWarmed = false;
    for (const tool of tools) {
      const first = await once(tool);
      tool.samples = warm ? [] : [first];
      tool.target = first.ms < SHORT_MS ? runs : fullRuns;
      othersMax = Math.max(othersMax, first.others);
      if (first.command.includes('.plain.config.js') && first.files === project.manifest.testFiles) plainWarmed = true;
    }
    for (let i = 0; i < Math.max(runs, fullRuns); i++) {
      for (const tool of tools) {
        if (tool.samples.length >= tool.target) continue;
        const run = await once(tool);
        othersMax = Math.max(othersMax, run.others);
        tool.samples.push(run);
        log(`e2e: ${tool.name}: ${run.files} test files, ${sec(run.ms)}`);
      }
    }
    // The coverage benchmark's plain runs are the full suite, --difftest-only or not.
    let full = context.shared.fullRuns?.plain ?? (flags.difftestOnly ? [] : undefined);
    if (!full) {
      const fullTool = { changed: true, run: () => bench.plain() };
      if (!plainWarmed) await once(fullTool);
      full = [];
      for (let i = 0; i < fullRuns; i++) {
        full.push(await once(fullTool));
        log(`e2e: full suite run ${i + 1}: ${sec(full[i].ms)}`);
      }
    }
    for (const run of full) othersMax = Math.max(othersMax, run.others);
    restoreDataFile(project);

    const fullMs = full.length > 0 ? median(full.map((r) => r.ms)) : undefined;
    const onlyChanged = onlyChangedTool.samples?.[0].files;
    const versus = (a, b) => (a === undefined || b === undefined ? '—' : ratio(a, b));
    const rows = [
      ...(fullMs === undefined ? [] : [['plain Jest, full suite', `\`${full[0].command}\``, full[0].files, sec(fullMs), '1.00×', versus(full[0].files, onlyChanged)]]),
      ...tools.map((tool) => {
        const m = median(tool.samples.map((s) => s.ms));
        const files = tool.samples.map((s) => s.files);
        const shown = Math.min(...files) === Math.max(...files) ? files[0] : `${Math.min(...files)}–${Math.max(...files)}`;
        return [tool.name, `\`${tool.samples[0].command}\``, shown, sec(m), versus(fullMs, m), versus(files[0], onlyChanged)];
      }),
    ];
    return [
      {
        title: `End to end (${context.size}): ${target.name}() edited in ${target.file}`,
        header: ['', 'command', 'test files run', 'wall (median)', 'speed-up vs full suite', 'files vs --onlyChanged'],
        rows,
        align: ['l', 'l'],
        notes: [
          `Medians of ${runs} runs for commands under ${SHORT_MS / 1000} s, ${fullRuns} for longer ones (${tools.map((t) => t.samples.length).join(', ')} here; full suite ${full.length}), taken in turn${warm ? ` after one warm-up run of each${plainWarmed ? ' (for the full suite: the plain warm-up that ran every test file)' : ''}` : ' (transform caches warm from the coverage benchmark)'}.${flags.difftestOnly ? ` Only the jest-difftest rows (--difftest-only)${full.length > 0 ? ', and the full suite from the coverage benchmark' : ': no plain Jest run'}.` : ''} The edit is new content in every run; the recorded data file is put back before each. Load average before: ${loadBefore}; other processes used at most ${othersMax.toFixed(2)} cores during any run. Jest's default workers (${context.machine.nproc} cores).`,
        ],
      },
    ];
  } finally {
    restoreFile(project, target.file);
    bench.dispose();
  }
}

module.exports = { e2eBenchmark };

if (require.main === module) main('e2e.js', e2eBenchmark, { flags: { fullRuns: 'integer', difftestOnly: 'boolean' }, extraUsage: ' [--full-runs N] [--difftest-only]' });
