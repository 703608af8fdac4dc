'use strict';
/**
 * The safety check: inject faults one at a time and compare, for each, the test files that fail
 * (plain Jest, the whole suite) with the ones jest-difftest selects. A failing test file that is not
 * selected is a miss: jest-difftest would have reported green on a broken change.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { JestRuns } = require('./jest-runs');
const { collectUnits, chooseMutants, describeMutant, FileGuard, UNIT_KINDS } = require('./mutation');
const git = require('./git');

/**
 * @param {object} options
 * @param {string} options.root the project directory
 * @param {number} options.mutants how many mutants
 * @param {number} options.seed chooses the mutants
 * @param {number} [options.only] run only the K-th mutant (1-based) of the list
 * @param {'29' | '30'} [options.jest]
 * @param {number} [options.workers] `--maxWorkers` for every Jest run
 * @param {string[]} [options.kinds] unit kinds to mutate (default: all but `type` unless the transform type-checks)
 * @param {boolean} [options.testCases] per-test-case selection: record and select with `testCases`, and
 *   check every failing test case ran (the selection is run for real, recording nothing)
 * @param {(line: string) => void} [log] progress lines
 */
async function runSafetyCheck(options, log = () => {}) {
  const root = fs.realpathSync(options.root);
  const manifest = readManifest(root);
  const kinds = options.kinds ?? UNIT_KINDS.filter((k) => k !== 'type' || (manifest && manifest.transform === 'ts-jest'));
  const createdRepo = git.ensureRepository(root);
  if (createdRepo) log(`git: initialised a repository in ${root}`);
  const statusBefore = git.status(root);

  const runs = new JestRuns({ root, jest: options.jest, workers: options.workers, testCases: options.testCases });
  const guard = new FileGuard(root, { onSignal: () => runs.killAll() });
  const result = {
    project: root,
    jest: runs.jest,
    seed: options.seed,
    mutantsRequested: options.mutants,
    only: options.only ?? null,
    testCases: Boolean(options.testCases),
    kinds,
    generator: manifest,
    record: null,
    mutants: [],
    totals: null,
    projectUnchanged: null,
    ok: false,
  };
  try {
    const record = await runs.record();
    result.record = { seconds: round(record.seconds), testFiles: record.ran.length, tests: record.numTotalTests, failedAtBaseline: record.failed };
    log(`record: ${record.ran.length} test files, ${record.numTotalTests} tests in ${record.seconds.toFixed(1)} s` + (record.failed.length > 0 ? `; failing before any mutant: ${record.failed.join(', ')}` : ''));
    if (record.ran.length === 0) throw new Error(`the recording run ran no test files:\n${record.stderr.trim().split('\n').slice(-20).join('\n')}`);
    // Test files that fail before any fault are left out of "failing": they say nothing about a mutant
    // (and jest-difftest reruns them anyway, as failed last time).
    const baseline = new Set(record.failed);
    const baselineCases = new Set(record.casesFailed);

    const testFiles = new Set((await runs.listAll()).map((rel) => path.join(root, rel)));
    const units = collectUnits(root, testFiles);
    const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');
    const chosen = chooseMutants(units, { count: options.mutants, seed: options.seed, kinds }, read);
    log(`mutants: ${chosen.length} of ${units.length} units (${countBy(units, (u) => u.kind)}), seed ${options.seed}`);
    const todo = options.only ? chosen.filter((m) => m.index === options.only) : chosen;
    if (options.only && todo.length === 0) throw new Error(`--only ${options.only}: there are only ${chosen.length} mutants`);

    for (const mutant of todo) {
      result.mutants.push(await checkMutant(mutant, { root, runs, guard, log, total: chosen.length, options, baseline, baselineCases }));
    }
    const after = await runs.select();
    result.afterRestore = { selected: after.selected };
  } finally {
    const failed = guard.dispose();
    runs.dispose();
    const statusAfter = git.status(root);
    result.projectUnchanged = failed.length === 0 && statusAfter === statusBefore;
    if (!result.projectUnchanged) log(`the project was left modified!\n${failed.join('\n')}\n${statusAfter}`);
  }
  result.totals = totals(result.mutants);
  result.ok =
    result.projectUnchanged && result.totals.missed === 0 && (result.totals.cases?.missed ?? 0) === 0 && result.totals.dataChanged === 0 && result.totals.errors === 0;
  return result;
}

async function checkMutant(mutant, { root, runs, guard, log, total, options, baseline, baselineCases }) {
  const entry = {
    index: mutant.index,
    file: mutant.file,
    unit: mutant.unit,
    unitKind: mutant.unitKind,
    kind: mutant.kind,
    line: mutant.line,
    ...(mutant.path ? { path: mutant.path } : {}),
    original: mutant.original,
    replacement: mutant.replacement,
    failing: [],
    selected: [],
    related: [],
    missed: [],
    relatedMissed: [],
    killed: false,
    dataChanged: false,
    dataChangedBy: [],
    error: null,
    seconds: {},
    replay: replayCommand(options, mutant.index),
  };
  const dataBefore = dataFingerprint(root);
  try {
    guard.apply(mutant);
    // None of these runs may write the data file: each is checked on its own.
    const step = async (name, run) => {
      const before = dataFingerprint(root);
      const out = await run();
      if (dataFingerprint(root) !== before) entry.dataChangedBy.push(name);
      entry.seconds[name] = round(out.seconds);
      return out;
    };
    const oracle = await step('oracle', () => runs.oracle());
    entry.failing = oracle.failed.filter((f) => !baseline.has(f));
    const select = await step('select', () => runs.select());
    entry.selected = select.selected;
    const related = await step('related', () => runs.related(mutant.file));
    entry.related = related.related;
    entry.killed = entry.failing.length > 0;
    entry.missed = entry.failing.filter((f) => !entry.selected.includes(f));
    entry.relatedMissed = entry.failing.filter((f) => !entry.related.includes(f));
    if (entry.missed.length > 0) entry.explain = select.explain;
    if (options.testCases) {
      const cases = await step('cases', () => runs.cases());
      const failingCases = oracle.casesFailed.filter((c) => !baselineCases.has(c));
      entry.cases = {
        failing: failingCases.length,
        ran: cases.casesRan.length,
        // What file granularity runs: every case of the selected files.
        inSelectedFiles: entry.selected.reduce((sum, file) => sum + (oracle.casesPerFile[file] ?? 0), 0),
        missed: failingCases.filter((c) => !cases.casesRan.includes(c)),
      };
    }
  } catch (error) {
    entry.error = error.message;
  } finally {
    const failed = guard.restoreAll();
    if (failed.length > 0) entry.error = `${entry.error ?? ''}\nrestore failed: ${failed.join(', ')}`.trim();
    entry.dataChanged = dataFingerprint(root) !== dataBefore || entry.dataChangedBy.length > 0;
  }
  const missedCases = entry.cases?.missed.length ?? 0;
  const verdict = entry.error
    ? 'ERROR'
    : entry.missed.length > 0 || missedCases > 0
      ? `MISSED ${entry.missed.length} files, ${missedCases} cases`
      : entry.killed ? 'ok' : 'ok (no test failed)';
  const casesLine = entry.cases ? `, test cases failing ${entry.cases.failing} / run ${entry.cases.ran} (file granularity: ${entry.cases.inSelectedFiles})` : '';
  log(
    `mutant ${mutant.index}/${total} ${describeMutant(mutant)}: failing ${entry.failing.length}, selected ${entry.selected.length}${casesLine}, ` +
      `findRelatedTests ${entry.related.length} — ${verdict}${entry.dataChanged ? `, DATA FILE CHANGED (${entry.dataChangedBy.join(', ') || 'restore'})` : ''}` +
      (entry.error ? `\n${entry.error}` : ''),
  );
  return entry;
}

/** A hash of jest-difftest's data files in the project root (`.difftestdata*`). */
function dataFingerprint(root) {
  const hash = crypto.createHash('sha256');
  for (const name of fs.readdirSync(root).filter((n) => n.startsWith('.difftestdata')).sort()) {
    hash.update(name);
    hash.update(fs.readFileSync(path.join(root, name)));
  }
  return hash.digest('hex');
}

function totals(mutants) {
  const sum = (f) => mutants.reduce((n, m) => n + f(m), 0);
  return {
    mutants: mutants.length,
    killed: sum((m) => (m.killed ? 1 : 0)),
    missed: sum((m) => m.missed.length),
    mutantsWithMisses: sum((m) => (m.missed.length > 0 ? 1 : 0)),
    failing: sum((m) => m.failing.length),
    selected: sum((m) => m.selected.length),
    related: sum((m) => m.related.length),
    relatedMissed: sum((m) => m.relatedMissed.length),
    dataChanged: sum((m) => (m.dataChanged ? 1 : 0)),
    errors: sum((m) => (m.error ? 1 : 0)),
    cases: mutants.some((m) => m.cases)
      ? {
          failing: sum((m) => m.cases?.failing ?? 0),
          ran: sum((m) => m.cases?.ran ?? 0),
          inSelectedFiles: sum((m) => m.cases?.inSelectedFiles ?? 0),
          missed: sum((m) => m.cases?.missed.length ?? 0),
        }
      : null,
  };
}

function readManifest(root) {
  const file = path.join(root, 'difftest-generated.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
}

function replayCommand(options, index) {
  const parts = ['node benchmarks/safety.js', '--project', options.root, '--mutants', options.mutants, '--seed', options.seed, '--only', index];
  if (options.jest && options.jest !== '30') parts.push('--jest', options.jest);
  if (options.kinds) parts.push('--kinds', options.kinds.join(','));
  if (options.testCases) parts.push('--test-cases');
  return parts.join(' ');
}

const round = (s) => Math.round(s * 100) / 100;
const countBy = (items, key) => {
  const counts = new Map();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} ${k}`).join(', ');
};

module.exports = { runSafetyCheck };
