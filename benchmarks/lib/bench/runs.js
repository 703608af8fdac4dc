'use strict';
/**
 * The Jest runs the benchmarks time, in a generated project, each one a real CLI in a child
 * process with `--json --outputFile` (results kept outside the project):
 * - `plain`: Jest alone: the project's config without `withDiffTest`, written beside the project
 *   (`jest --config ../<project>.plain.config.js`), so no transform wrapper, environment or reporter of ours;
 * - `plainInEnvironment`: the same plain config in `jest-difftest/environment` alone (no counters,
 *   sequencer or reporter): what the environment does (fs reads watched, async stores released) apart;
 * - `coverageOnly`: the project's config with `withDiffTest` but jest-difftest off (`JEST_DIFFTEST=0`):
 *   what ran is counted as for recording (the counting transform, our environment), nothing selected or saved;
 * - `difftest`: the `jest-difftest` command, with extra arguments (`--diff-rebuild`, test paths …);
 * - `jest`: plain Jest with extra arguments (`--onlyChanged`, `--findRelatedTests f`).
 * Each resolves with the wall time and the CPU time (ms), the number of test files that ran, the other processes'
 * CPU use, the files it wrote to Jest's transform cache, the command line and, with `timedReporter`, the
 * reporter's own timings.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { runNode, BIN, JEST } = require('./exec');
const { tail } = require('./project');
const { jestConfig } = require('../generator/config');

const TIMED_REPORTER = path.join(__dirname, 'timed-reporter.js');
const ENVIRONMENT = path.join(path.dirname(BIN), '..', 'jest', 'environment.js');

class BenchRuns {
  /** @param {{root: string, transform: string}} project */
  constructor(project) {
    this.root = project.root;
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-bench-'));
    this.count = 0;
    this.plainConfig = writePlainConfig(project, 'plain');
    this.environmentConfig = writePlainConfig(project, 'environment', { testEnvironment: ENVIRONMENT, testEnvironmentOptions: { jestDifftestEnvironment: 'node' } });
  }

  plain(extra = []) {
    return this.run(JEST, ['--ci', `--config=${path.relative(this.root, this.plainConfig)}`, ...extra], {});
  }

  plainInEnvironment(extra = []) {
    return this.run(JEST, ['--ci', `--config=${path.relative(this.root, this.environmentConfig)}`, ...extra], {});
  }

  coverageOnly(extra = []) {
    return this.run(JEST, ['--ci', ...extra], { JEST_DIFFTEST: '0' });
  }

  /** @param {{timedReporter?: boolean}} [options] */
  difftest(extra = [], { timedReporter = false } = {}) {
    const reporters = timedReporter ? ['--reporters=default', `--reporters=${TIMED_REPORTER}`] : [];
    return this.run(BIN, ['--ci', ...extra, ...reporters], {}, timedReporter);
  }

  /** Every `k`-th of the test files plain Jest finds (in path order), relative to the project. */
  async sampleTests(k) {
    if (!(k >= 1)) throw new Error('--sample must be at least 1');
    const listed = await runNode(JEST, ['--listTests', `--config=${path.relative(this.root, this.plainConfig)}`], { cwd: this.root });
    if (listed.status !== 0) throw new Error(`jest --listTests failed (exit ${listed.status})\n${tail(listed.stderr)}`);
    const tests = listed.stdout.split('\n').filter(Boolean).map((file) => path.relative(this.root, file)).sort();
    return tests.filter((_, i) => i % k === k - 1);
  }

  async run(script, args, env, timed = false) {
    const id = ++this.count;
    const startedAt = Date.now();
    const results = path.join(this.tmp, `results-${id}.json`);
    const timings = path.join(this.tmp, `reporter-${id}.json`);
    const run = await runNode(script, [...args, '--json', `--outputFile=${results}`], {
      cwd: this.root,
      env: timed ? { ...env, DIFFTEST_BENCH_REPORTER_OUT: timings } : env,
    });
    // The command without the output plumbing, as a reader would type it.
    const command = run.command.replace(/ --json --outputFile=\S+$/, '').replace(/DIFFTEST_BENCH_REPORTER_OUT=\S+ /, '')
      .replace(/ --reporters=default --reporters=\S*timed-reporter\.js/, '');
    if (!fs.existsSync(results)) throw new Error(`${command}: no results (exit ${run.status})\n${tail(run.stderr)}`);
    const json = JSON.parse(fs.readFileSync(results, 'utf8'));
    const failed = json.numFailedTestSuites + json.numRuntimeErrorTestSuites;
    if (failed > 0 || run.status !== 0) throw new Error(`${command}: ${failed} test files failed (exit ${run.status})\n${tail(run.stderr)}`);
    const reporter = timed && fs.existsSync(timings) ? JSON.parse(fs.readFileSync(timings, 'utf8')) : undefined;
    const transformed = transformCacheWrites(this.root, startedAt);
    return { ms: run.ms, cpuMs: run.cpuMs, files: json.numTotalTestSuites, tests: json.numTotalTests, others: run.others, transformed, command, reporter, stderr: run.stderr };
  }

  dispose() {
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

/**
 * How many files the run wrote to Jest's transform cache (`<rootDir>/.jest-cache`, as the generator
 * sets it): a run said to have a warm cache that transformed files paid for it (ts-jest's compile,
 * seconds at large size), and its time is not comparable.
 */
function transformCacheWrites(root, sinceMs) {
  const cache = path.join(root, '.jest-cache');
  let count = 0;
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (!entry.name.endsWith('.map') && fs.statSync(file).mtimeMs >= sinceMs) count++;
    }
  };
  for (const entry of fs.existsSync(cache) ? fs.readdirSync(cache) : []) {
    if (entry.startsWith('jest-transform-cache-')) walk(path.join(cache, entry));
  }
  return count;
}

/**
 * The project's Jest config as it was before `withDiffTest`, with `extra` options, beside the project
 * (inside it, git would see a new file and `--onlyChanged` would run it).
 */
function writePlainConfig(project, name, extra = {}) {
  const file = `${project.root}.${name}.config.js`;
  const config = { rootDir: project.root, ...jestConfig(project.transform), ...extra };
  const text = `// Plain Jest on ${path.basename(project.root)}: its jest.config.js without withDiffTest${Object.keys(extra).length > 0 ? `, with ${Object.keys(extra).join(', ')}` : ''} (benchmarks/lib/bench/runs.js).\nmodule.exports = ${JSON.stringify(config, null, 2)};\n`;
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  return file;
}

module.exports = { BenchRuns, TIMED_REPORTER, BIN, JEST, transformCacheWrites };
