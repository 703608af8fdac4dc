#!/usr/bin/env node
'use strict';
/**
 * The cost of recording: a full Jest run with jest-difftest on (what ran counted, fingerprints
 * recorded and saved) against plain Jest (the project's config without withDiffTest), warm transform cache.
 *
 *   npm run build && node benchmarks/coverage.js [--size small|medium|large] [--runs N] [--variants plain,record] [--sample K]
 *
 * Five commands (`--variants` picks some: plain, environment, counters, record, testcases; plain always runs, as
 * the base), each run once first to warm Jest's transform cache (coverage changes the cache key;
 * the recording run that set-up makes when there is none to reuse is the record command's warm-up),
 * then `--runs` times (default 3) in turn. Each is timed by the wall clock and by the CPU time of
 * the Jest process (user + system), which leaves out time the host steals from a shared CPU (on the
 * VM of docs/benchmarks.md it moved with the wall time all the same).
 * - plain:          jest --ci --config=../<project>.plain.config.js   (the config without withDiffTest)
 * - environment:    jest --ci --config=../<project>.environment.config.js   (the same in jest-difftest/environment
 *                   alone, which releases the AsyncLocalStorage stores Jest 30 leaves enabled per test file)
 * - counters only:  JEST_DIFFTEST=0 jest --ci   (what withDiffTest sets up to count what ran; nothing selected or recorded)
 * - jest-difftest:  jest-difftest --ci --diff-rebuild   (every test, coverage, recorded and saved)
 * - per test case:  jest-difftest --ci --diff-rebuild --diff-testcases   (the same, coverage split by test case)
 * The jest-difftest runs use the reporter with a stopwatch (benchmarks/lib/bench/timed-reporter.js),
 * whose figures the reporter benchmark reuses. Jest's default worker count applies (on 2 cores: one,
 * so Jest runs in band).
 * `--sample K` runs every K-th test file (in path order) instead of all, the same files in each
 * command: at large size a full run takes 8–20 minutes, too long for the many runs a median of a cost
 * of a few per cent needs on a machine whose speed varies between runs.
 */
const { main } = require('./lib/bench/cli');
const { BenchRuns } = require('./lib/bench/runs');
const { restoreDataFile } = require('./lib/bench/project');
const { median, sec, percent, range } = require('./lib/bench/stats');

async function coverageBenchmark(context) {
  const { project, flags, log } = context;
  const runs = flags.fullRuns ?? flags.runs ?? 3;
  const bench = new BenchRuns(project);
  const sample = flags.sample === undefined ? [] : await bench.sampleTests(flags.sample);
  const all = [
    { key: 'plain', name: 'plain Jest', run: () => bench.plain(sample) },
    { key: 'environment', name: 'plain Jest, our environment', run: () => bench.plainInEnvironment(sample) },
    { key: 'counters', name: 'counters only', run: () => bench.coverageOnly(sample) },
    { key: 'record', name: 'jest-difftest (record)', run: () => bench.difftest(['--diff-rebuild', ...sample], { timedReporter: true }) },
    // The environment also splits coverage by test case (`--diff-testcases`).
    { key: 'testcases', name: 'jest-difftest per test case (record)', run: () => bench.difftest(['--diff-rebuild', '--diff-testcases', ...sample]) },
  ];
  const shown = (command) => (sample.length > 0 ? command.replace(sample.join(' '), `<1 in ${flags.sample} test files>`) : command);
  const variants = pickVariants(all, flags.variants);
  try {
    const loadBefore = await context.quiet();
    restoreDataFile(project);
    for (const variant of variants) {
      variant.samples = [];
      // The recording run setUp just made is this command on a cold cache: a warm-up already
      // (20 minutes saved at large size).
      if (variant.key === 'record' && !context.recording.reused) {
        log(`coverage: warm-up ${variant.name}: the recording run (${sec(context.recording.ms)})`);
        continue;
      }
      const warm = await context.steady(variant.run);
      log(`coverage: warm-up ${variant.name}: ${sec(warm.ms)} (${warm.files} test files)`);
    }
    let othersMax = 0;
    for (let i = 0; i < runs; i++) {
      for (const variant of variants) {
        const run = await context.steady(variant.run);
        othersMax = Math.max(othersMax, run.others);
        variant.samples.push(run);
        log(`coverage: run ${i + 1}/${runs} ${variant.name}: ${sec(run.ms)}${run.transformed ? ` (transformed ${run.transformed} files: not a warm run)` : ''}`);
      }
    }
    restoreDataFile(project);
    const wall = (v) => v.samples.map((s) => s.ms);
    const cpu = (v) => v.samples.map((s) => s.cpuMs);
    const [plain] = variants;
    const rows = variants.map((v) => {
      const [m, c] = [median(wall(v)), median(cpu(v))];
      const vs = (of) => (v === plain ? '' : percent(median(of(v)), median(of(plain))));
      return [v.name, `\`${shown(v.samples[0].command)}\``, v.samples[0].files, sec(m), range(wall(v), (x) => (x / 1000).toFixed(1)), vs(wall), sec(c), range(cpu(v), (x) => (x / 1000).toFixed(1)), vs(cpu)];
    });
    const record = variants.find((v) => v.key === 'record');
    // The reporter benchmark reuses full runs only.
    if (sample.length === 0) context.shared.fullRuns = { plain: plain.samples, difftest: record?.samples, loadBefore, othersMax };
    return [
      {
        title: `Cost of recording (${context.size}): ${sample.length > 0 ? `1 in ${flags.sample} test files (${sample.length})` : 'full run'}, warm transform cache`,
        header: ['', 'command', 'test files', 'wall (median)', 'range, s', 'vs plain', 'CPU (median)', 'range, s', 'vs plain'],
        rows,
        align: ['l', 'l'],
        notes: [
          `Medians of ${runs} runs each, taken in turn after one warm-up run of each. Load average before: ${loadBefore}; other processes used at most ${othersMax.toFixed(2)} cores during any run. Jest's default workers (${context.machine.nproc} cores). ` +
            `Files written to Jest's transform cache during the timed runs (0: warm): ${variants.map((v) => `${v.name} ${v.samples.map((s) => s.transformed).join(', ')}`).join('; ')}.`,
        ],
      },
    ];
  } finally {
    bench.dispose();
  }
}

/** The variants `--variants` names (a comma-separated list of keys), plain first whatever it says. */
function pickVariants(all, list) {
  if (list === undefined) return all;
  const keys = new Set(list.split(',').map((k) => k.trim()).filter(Boolean));
  const unknown = [...keys].filter((k) => !all.some((v) => v.key === k));
  if (unknown.length > 0) throw new Error(`--variants: unknown ${unknown.join(', ')}; pick from ${all.map((v) => v.key).join(', ')}`);
  return all.filter((v) => v.key === 'plain' || keys.has(v.key));
}

const FLAGS = { flags: { fullRuns: 'integer', variants: 'string', sample: 'integer' }, extraUsage: ' [--full-runs N] [--variants plain,environment,counters,record,testcases] [--sample K]' };

module.exports = { coverageBenchmark };

if (require.main === module) main('coverage.js', coverageBenchmark, FLAGS);
