#!/usr/bin/env node
'use strict';
/**
 * What counting costs inside a test file, measured in pairs: one Jest process runs each sampled test
 * file twice, in two projects, one right after the other (benchmarks/lib/bench/paired-sequencer.js):
 * - `environment`: the project's config without withDiffTest, in `jest-difftest/environment` (as the
 *   coverage benchmark's "plain Jest, our environment");
 * - `counters`: the config withDiffTest writes (the counting transform, our environment), with
 *   jest-difftest off (`JEST_DIFFTEST=0`): what ran is counted and handed over, nothing recorded.
 * For each test file, the time Jest measured for each run (environment set-up to teardown) gives a
 * difference; the table has the median difference and ratio over every pair of every run. Whole
 * runs compared one after the other on a machine whose speed moves by ±15 % from minute to minute
 * need many runs to show a cost of a few per cent; two runs of the same test file a second apart
 * see the same machine. What the reporter adds between test files is not in these figures (see the
 * reporter benchmark).
 *
 *   npm run build && node benchmarks/paired.js [--size small|medium|large] [--sample K] [--runs N]
 *
 * `--sample K` runs every K-th test file (default 4); one warm-up run first (the projects' configs
 * key Jest's transform cache), then `--runs` runs (default 3).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { main } = require('./lib/bench/cli');
const { BenchRuns } = require('./lib/bench/runs');
const { runNode, JEST } = require('./lib/bench/exec');
const { tail } = require('./lib/bench/project');
const { median, range, percent } = require('./lib/bench/stats');

const SEQUENCER = path.join(__dirname, 'lib', 'bench', 'paired-sequencer.js');
const REPORTER = path.join(__dirname, 'lib', 'bench', 'paired-reporter.js');

async function pairedBenchmark(context) {
  const { project, flags, log } = context;
  const bench = new BenchRuns(project);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-paired-'));
  try {
    const every = flags.sample ?? 4;
    const sample = await bench.sampleTests(every);
    const config = writePairedConfig(project.root, bench.environmentConfig);
    const run = async (name) => {
      const results = path.join(out, `${name}.jsonl`);
      // A run context.steady repeats writes its lines afresh.
      fs.rmSync(results, { force: true });
      const ran = await runNode(JEST, ['--ci', `--config=${path.relative(project.root, config)}`, ...sample], {
        cwd: project.root,
        env: { JEST_DIFFTEST: '0', DIFFTEST_BENCH_PAIRED_OUT: results },
      });
      const lines = fs.existsSync(results) ? fs.readFileSync(results, 'utf8').trim().split('\n').map((line) => JSON.parse(line)) : [];
      if (ran.status !== 0 || lines.some((line) => line.failed)) throw new Error(`paired run ${name} failed (exit ${ran.status})\n${tail(ran.stderr)}`);
      return { lines, ms: ran.ms, others: ran.others };
    };
    await context.quiet();
    const warm = await run('warm-up');
    log(`paired: warm-up: ${(warm.ms / 1000).toFixed(1)} s (${warm.lines.length} test file runs)`);
    const runs = [];
    for (let i = 0; i < (flags.runs ?? 3); i++) {
      const taken = await context.steady(() => run(`run-${i + 1}`));
      const pairs = pairsOf(taken.lines);
      const summary = compare(pairs);
      log(`paired: run ${i + 1}: ${(taken.ms / 1000).toFixed(1)} s; counters vs environment: median ${summary.medianDiff.toFixed(0)} ms per test file, sums ${percent(summary.sumCounters, summary.sumEnvironment)}`);
      runs.push({ ...taken, pairs, summary });
    }
    const all = compare(runs.flatMap((r) => r.pairs));
    const perRun = (f) => range(runs.map((r) => f(r.summary)), (x) => x.toFixed(0));
    return [
      {
        title: `Counting inside a test file (${context.size}), in pairs: 1 in ${every} test files (${sample.length}), ${runs.length} runs`,
        header: ['', 'pairs', 'environment, median per file', 'counters, median per file', 'difference, median', 'per run, ms', 'ratio, median', 'sum of counters vs environment'],
        rows: [[
          'counters vs environment',
          all.count,
          `${all.medianEnvironment.toFixed(0)} ms`,
          `${all.medianCounters.toFixed(0)} ms`,
          `${all.medianDiff >= 0 ? '+' : ''}${all.medianDiff.toFixed(0)} ms`,
          perRun((s) => s.medianDiff),
          `${all.medianRatio.toFixed(3)}×`,
          percent(all.sumCounters, all.sumEnvironment),
        ]],
        align: ['l'],
        notes: [
          `Command: \`JEST_DIFFTEST=0 jest --ci --config=../${path.basename(config)} <1 in ${every} test files>\` in the project (projects \`environment\` and \`counters\`, ` +
            `benchmarks/lib/bench/paired-sequencer.js). Per test file: Jest's time from environment set-up to teardown. Other processes used at most ${Math.max(...runs.map((r) => r.others)).toFixed(2)} cores during any run.`,
        ],
      },
    ];
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
    bench.dispose();
  }
}

/** Each test file's two runs in one Jest run: `[environment ms, counters ms]`. */
function pairsOf(lines) {
  const byFile = new Map();
  for (const line of lines) byFile.set(line.file, { ...byFile.get(line.file), [line.project]: line.ms });
  return [...byFile.values()].filter((p) => p.environment !== undefined && p.counters !== undefined).map((p) => [p.environment, p.counters]);
}

/** Pairs compared: medians of the difference and ratio (counters against environment), sums. */
function compare(pairs) {
  const sum = (i) => pairs.reduce((s, p) => s + p[i], 0);
  return {
    count: pairs.length,
    medianDiff: median(pairs.map(([e, c]) => c - e)),
    medianRatio: median(pairs.map(([e, c]) => c / e)),
    medianEnvironment: median(pairs.map(([e]) => e)),
    medianCounters: median(pairs.map(([, c]) => c)),
    sumEnvironment: sum(0),
    sumCounters: sum(1),
  };
}

/** The two projects' config, beside the project (inside it, git would see a new file). */
function writePairedConfig(root, environmentConfig) {
  const file = `${root}.paired.config.js`;
  const text = `// The paired benchmark's config (benchmarks/paired.js): each sampled test file in both projects, one run after the other.
const environment = require(${JSON.stringify(environmentConfig)});
const { testSequencer, reporters, passWithNoTests, ...counters } = require(${JSON.stringify(path.join(root, 'jest.config.js'))});
module.exports = {
  testSequencer: ${JSON.stringify(SEQUENCER)},
  reporters: [${JSON.stringify(REPORTER)}],
  projects: [
    { ...environment, displayName: 'environment' },
    { ...counters, rootDir: ${JSON.stringify(root)}, displayName: 'counters' },
  ],
};
`;
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  return file;
}

module.exports = { pairedBenchmark };

if (require.main === module) main('paired.js', pairedBenchmark, { flags: { sample: 'integer' }, extraUsage: ' [--sample K]' });
