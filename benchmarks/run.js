#!/usr/bin/env node
'use strict';
/**
 * All of jest-difftest's performance benchmarks on one generated project, printed as tables:
 *
 *   npm run bench                                  # small project, a minute or two
 *   npm run bench -- --size medium                 # 500 sources / 400 test files
 *   npm run bench -- --size large                  # 5,000 sources / 2,000 test files (long: see docs/benchmarks.md)
 *   node benchmarks/run.js --only selection,e2e    # some of them (build first: npm run build)
 *
 * 1. selection  (benchmarks/selection.js): the sequencer's time with 0, 1 and 100 changed files, beside the floor
 * 2. coverage   (benchmarks/coverage.js):  a full run with jest-difftest on against plain Jest
 * 3. reporter   (benchmarks/reporter.js):  the reporter's time after a full run and a run of 20 test files; data file size
 * 4. e2e        (benchmarks/e2e.js):       one function edited in a shared module: jest-difftest, plain Jest,
 *                                           --onlyChanged, --findRelatedTests
 * Flags as for each script (--size, --runs, --full-runs, --repeats, --variants, --difftest-only,
 * --fresh, --rerecord, --max-others, --max-wait), plus --only LIST and --markdown FILE (the tables
 * as a markdown file).
 */
const fs = require('fs');
const { setUp, describeSetup, report } = require('./lib/bench/cli');
const { selectionBenchmark } = require('./selection');
const { coverageBenchmark } = require('./coverage');
const { reporterBenchmark } = require('./reporter');
const { e2eBenchmark } = require('./e2e');
const { sec, bytes } = require('./lib/bench/stats');

const BENCHMARKS = { selection: selectionBenchmark, coverage: coverageBenchmark, reporter: reporterBenchmark, e2e: e2eBenchmark };

async function run() {
  const context = await setUp(process.argv.slice(2), {
    script: 'run.js',
    flags: { only: 'string', markdown: 'string', repeats: 'integer', fullRuns: 'integer', variants: 'string', difftestOnly: 'boolean' },
    extraUsage: ` [--only ${Object.keys(BENCHMARKS).join(',')}] [--markdown FILE] [--repeats N] [--full-runs N] [--variants plain,environment,counters,record,testcases] [--difftest-only]`,
  });
  if (!context) return;
  const only = context.flags.only ? context.flags.only.split(',').map((s) => s.trim()) : Object.keys(BENCHMARKS);
  for (const name of only) if (!BENCHMARKS[name]) throw new Error(`--only: unknown benchmark ${name}; use ${Object.keys(BENCHMARKS).join(',')}`);

  const started = Date.now();
  const { state } = context.project;
  const header = [
    ...describeSetup(context),
    `project generated in ${sec(state.generateMs + (state.writeMs ?? 0))} (files written in ${sec(state.writeMs)}); ` +
      `first recording run (\`jest-difftest --ci --diff-rebuild\`, ${context.recording.coldCache ? 'cold' : 'warm'} transform cache) ${sec(context.recording.ms)}` +
      `${context.recording.reused ? ` (recorded ${context.recording.at})` : ''}, data file ${bytes(context.recording.dataFileBytes)}`,
  ];
  for (const line of header) process.stdout.write(`${line}\n`);
  const sections = [];
  for (const name of only) {
    const result = await BENCHMARKS[name](context);
    report({ ...context, flags: { ...context.flags, json: undefined } }, result);
    sections.push(...result);
  }
  const total = `benchmarks took ${sec(Date.now() - started)}`;
  process.stdout.write(`\n${total}\n`);
  if (context.flags.markdown) {
    let text = `${header.map((line) => `- ${line}`).join('\n')}\n- ${total}\n`;
    report({ ...context, flags: { ...context.flags, json: undefined } }, sections, (chunk) => (text += chunk));
    fs.writeFileSync(context.flags.markdown, text);
  }
  if (context.flags.json) report(context, sections, () => {});
}

run().catch((error) => {
  process.stderr.write(`run.js: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
