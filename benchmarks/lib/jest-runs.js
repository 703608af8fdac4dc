'use strict';
/**
 * The Jest runs the safety check makes on a project, each a real CLI in a child process, results
 * read from `--json --outputFile` files kept outside the project:
 * - record: jest-difftest's full recording run (`jest-difftest --diff-rebuild`);
 * - oracle: every test with plain Jest (`JEST_DIFFTEST=0`): which test files fail;
 * - select: what jest-difftest would run (`--listTests` through its sequencer, `JEST_DIFFTEST_COLLECT=0`);
 * - related: what `jest --findRelatedTests <file>` would run;
 * - cases (with `testCases`): jest-difftest's selection run for real, nothing recorded: which test
 *   cases ran and which it skipped.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'dist', 'src', 'cli', 'bin.js');
const JEST_BINS = {
  30: path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js'),
  29: path.join(REPO, 'node_modules', 'jest29', 'bin', 'jest.js'),
};

class JestRuns {
  /**
   * @param {{root: string, jest?: '29' | '30', workers?: number, timeoutMs?: number, testCases?: boolean}} options
   */
  constructor({ root, jest = '30', workers, timeoutMs = 30 * 60 * 1000, testCases = false }) {
    if (!JEST_BINS[jest]) throw new Error(`--jest must be 29 or 30, not ${jest}`);
    if (jest === '30' && !fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build in ${REPO}`);
    this.root = root;
    this.jest = jest;
    this.workers = workers;
    this.testCases = testCases;
    this.timeoutMs = timeoutMs;
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-safety-'));
    /** @type {Set<import('child_process').ChildProcess>} */
    this.children = new Set();
  }

  /** jest-difftest's recording run: forget the data, run everything, record. */
  async record() {
    const run = await this.difftest(['--diff-rebuild'], ['--json', '--outputFile', this.out('record')]);
    return { ...run, ...this.results('record', run) };
  }

  /** Every test file Jest knows, absolute paths. */
  async listAll() {
    const run = await this.exec(JEST_BINS[this.jest], ['--listTests', '--json', '--outputFile', this.out('all')], { JEST_DIFFTEST: '0' });
    return this.list('all', run);
  }

  /** Plain Jest over the whole suite (no coverage, nothing recorded): the failing test files. */
  async oracle() {
    const args = ['--ci', '--coverage=false', '--json', '--outputFile', this.out('oracle'), ...this.workerArgs()];
    const run = await this.exec(JEST_BINS[this.jest], args, { JEST_DIFFTEST: '0' });
    return { ...run, ...this.results('oracle', run) };
  }

  /** The test files jest-difftest selects now, without running or recording anything. */
  async select() {
    const run = await this.difftest(['--diff-explain', '--diff-nocollect'], ['--listTests', '--json', '--outputFile', this.out('select')]);
    const explain = run.stderr.split('\n').filter((line) => line.startsWith('jest-difftest:') || line.startsWith('  '));
    return { ...run, selected: this.list('select', run), explain };
  }

  /** Runs what jest-difftest selects, per test case, recording nothing: the cases that ran. */
  async cases() {
    const run = await this.difftest(['--diff-nocollect'], ['--json', '--outputFile', this.out('cases')]);
    return { ...run, ...this.results('cases', run) };
  }

  /** The test files `jest --findRelatedTests file` selects. */
  async related(file) {
    const args = ['--listTests', '--json', '--outputFile', this.out('related'), '--findRelatedTests', path.join(this.root, file)];
    const run = await this.exec(JEST_BINS[this.jest], args, { JEST_DIFFTEST: '0' });
    return { ...run, related: this.list('related', run) };
  }

  /** A run through jest-difftest: its bin on Jest 30, Jest 29's CLI with the equivalent variables. */
  difftest(flags, jestArgs) {
    const cases = this.testCases ? { JEST_DIFFTEST_TESTCASES: '1' } : {};
    if (this.jest === '30') return this.exec(BIN, [...flags, '--ci', ...jestArgs, ...this.workerArgs()], cases);
    const variables = {
      '--diff-rebuild': ['JEST_DIFFTEST_REBUILD', '1'],
      '--diff-explain': ['JEST_DIFFTEST_EXPLAIN', '1'],
      '--diff-nocollect': ['JEST_DIFFTEST_COLLECT', '0'],
    };
    const env = { ...Object.fromEntries(flags.map((flag) => variables[flag])), ...cases };
    return this.exec(JEST_BINS[this.jest], ['--ci', '--passWithNoTests', ...jestArgs, ...this.workerArgs()], env);
  }

  workerArgs() {
    return this.workers ? [`--maxWorkers=${this.workers}`] : [];
  }

  out(name) {
    const file = path.join(this.tmp, `${name}.json`);
    fs.rmSync(file, { force: true });
    return file;
  }

  /** Project-relative test files that ran and failed, from a run's JSON results. */
  results(name, run) {
    const file = path.join(this.tmp, `${name}.json`);
    if (!fs.existsSync(file)) throw runError(`${name}: Jest wrote no results`, run);
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    const rel = (abs) => this.rel(abs);
    // A test case as `file: describe › test`.
    const cases = (statuses) =>
      json.testResults.flatMap((r) =>
        (r.assertionResults ?? []).filter((a) => statuses.includes(a.status)).map((a) => `${rel(r.name)}: ${[...a.ancestorTitles, a.title].join(' › ')}`),
      );
    return {
      ran: json.testResults.map((r) => rel(r.name)).sort(),
      failed: json.testResults.filter((r) => r.status === 'failed').map((r) => rel(r.name)).sort(),
      numFailedTests: json.numFailedTests,
      numTotalTests: json.numTotalTests,
      casesRan: cases(['passed', 'failed']).sort(),
      casesFailed: cases(['failed']).sort(),
      casesPerFile: Object.fromEntries(json.testResults.map((r) => [rel(r.name), (r.assertionResults ?? []).length])),
    };
  }

  /** Project-relative paths from a `--listTests --json` output file. */
  list(name, run) {
    const file = path.join(this.tmp, `${name}.json`);
    if (run.status !== 0) throw runError(`${name}: --listTests failed (exit ${run.status})`, run);
    // Jest 30 writes the list to --outputFile; Jest 29 prints it on stdout and ignores --outputFile.
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : (run.stdout.split('\n').reverse().find((line) => line.startsWith('[')) ?? '').trim();
    if (text === '' && !fs.existsSync(file)) throw runError(`${name}: --listTests printed no list`, run);
    return (text === '' ? [] : JSON.parse(text)).map((abs) => this.rel(abs)).sort();
  }

  rel(abs) {
    return path.relative(this.root, abs).split(path.sep).join('/');
  }

  /** Runs node with a script in the project; resolves with status, output and seconds. */
  exec(script, args, env) {
    const childEnv = { ...process.env, FORCE_COLOR: '0' };
    delete childEnv.CI;
    for (const key of Object.keys(childEnv)) if (key.startsWith('JEST_DIFFTEST')) delete childEnv[key];
    Object.assign(childEnv, env);
    const started = process.hrtime.bigint();
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [script, ...args], { cwd: this.root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      this.children.add(child);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
      child.on('error', reject);
      child.on('close', (status, signal) => {
        clearTimeout(timer);
        this.children.delete(child);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        resolve({ status, signal, stdout, stderr, seconds, command: `${path.relative(process.cwd(), script) || script} ${args.join(' ')}` });
      });
    });
  }

  /** Stops the running children (on a signal). */
  killAll() {
    for (const child of this.children) child.kill('SIGTERM');
  }

  dispose() {
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

function runError(message, run) {
  const tail = (run.stderr || '').trim().split('\n').slice(-25).join('\n');
  const error = new Error(`${message}\n  command: ${run.command}\n${tail}`);
  error.run = run;
  return error;
}

module.exports = { JestRuns, REPO, BIN, JEST_BINS };
