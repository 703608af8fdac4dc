/**
 * The safety check end to end: a generated small project in a temporary directory, the real
 * `benchmarks/safety.js` with the built jest-difftest (Jest 30), a few seeded mutants. Every test
 * file that fails under plain Jest must be among those jest-difftest selects — and the mutants must
 * actually break tests, or the check proves nothing.
 */
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateProject, writeProject } = require('../../benchmarks/lib/generator');

const REPO = path.resolve(__dirname, '..', '..');

interface MutantResult {
  index: number;
  file: string;
  unitKind: string;
  failing: string[];
  selected: string[];
  related: string[];
  missed: string[];
  killed: boolean;
  dataChanged: boolean;
  error: string | null;
  replay: string;
  cases?: { failing: number; ran: number; inSelectedFiles: number; missed: string[] };
}
interface SafetyResult {
  mutants: MutantResult[];
  totals: {
    mutants: number;
    killed: number;
    missed: number;
    dataChanged: number;
    errors: number;
    cases: { failing: number; ran: number; inSelectedFiles: number; missed: number } | null;
  };
  projectUnchanged: boolean;
  ok: boolean;
}

/** A hash of every file of the project except what runs create (.git, caches, the data file). */
function treeHash(dir: string): string {
  const hash = crypto.createHash('sha256');
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (['.git', '.jest-cache'].includes(entry.name) || entry.name.startsWith('.difftestdata')) continue;
      const child = path.join(rel, entry.name);
      if (entry.isDirectory()) walk(child);
      else hash.update(child).update(fs.readFileSync(path.join(dir, child)));
    }
  };
  walk('');
  return hash.digest('hex');
}

/** Runs benchmarks/safety.js on the project and reads its --json results. */
function safety(dir: string, args: string[]): { status: number | null; stderr: string; result: SafetyResult } {
  const out = path.join(os.tmpdir(), `${path.basename(dir)}-${process.hrtime.bigint()}.json`);
  const run = spawnSync(process.execPath, [path.join(REPO, 'benchmarks', 'safety.js'), '--project', dir, '--json', out, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 400_000,
  });
  if (!fs.existsSync(out)) throw new Error(`safety.js wrote no results (exit ${run.status}):\n${run.stderr}`);
  const result = JSON.parse(fs.readFileSync(out, 'utf8')) as SafetyResult;
  fs.rmSync(out, { force: true });
  return { status: run.status, stderr: run.stderr, result };
}

describe('safety check on a generated small project', () => {
  let dir: string;
  let hashBefore: string;
  let code: ReturnType<typeof safety>;
  let data: ReturnType<typeof safety>;
  let cases: ReturnType<typeof safety>;
  /** A JSON mutant whose file a test reads with fs (no import: nothing but the file system links them). */
  const readWithFs = (m: MutantResult): boolean =>
    m.unitKind === 'json' &&
    m.failing.some((test) => {
      const text = fs.readFileSync(path.join(dir, test), 'utf8');
      return text.includes('readFileSync(') && text.includes(`'${path.basename(m.file)}'`);
    });

  beforeAll(() => {
    if (!fs.existsSync(path.join(REPO, 'dist', 'src', 'cli', 'bin.js'))) throw new Error('dist/ is missing: run npm run build first');
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-safety-')));
    writeProject(generateProject({ size: 'small', seed: 2 }), dir);
    hashBefore = treeHash(dir);
    // Code: a function, a getter, a module-level constant, an arrow-function property.
    code = safety(dir, ['--mutants', '4', '--seed', '2', '--kinds', 'function,getter,constant,arrow']);
    // Data: JSON imported by a source module, imported by a test, read by a test with fs.
    data = safety(dir, ['--mutants', '3', '--seed', '2', '--kinds', 'json']);
    // Per test case: the selection runs for real and only the affected cases of a file run.
    cases = safety(dir, ['--mutants', '4', '--seed', '3', '--kinds', 'function,method,getter,arrow', '--test-cases']);
  }, 1_200_000);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('code mutants: every test file that fails under plain Jest is selected by jest-difftest', () => {
    const missed = code.result.mutants.filter((m) => m.missed.length > 0).map((m) => ({ missed: m.missed, file: m.file, replay: m.replay }));
    expect(missed).toEqual([]);
    expect(code.result.totals).toMatchObject({ mutants: 4, missed: 0, errors: 0 });
    expect({ status: code.status, ok: code.result.ok }).toEqual({ status: 0, ok: true });
    expect(new Set(code.result.mutants.map((m) => m.unitKind))).toEqual(new Set(['function', 'getter', 'constant', 'arrow']));
  });

  test('JSON imported by code or by a test: every failing test file is selected', () => {
    const imported = data.result.mutants.filter((m) => !readWithFs(m));
    expect(imported.length).toBeGreaterThanOrEqual(2);
    expect(imported.some((m) => m.file.startsWith('src/'))).toBe(true);
    expect(imported.filter((m) => m.missed.length > 0).map((m) => ({ missed: m.missed, file: m.file, replay: m.replay }))).toEqual([]);
    expect(data.result.totals.errors).toBe(0);
  });

  // A data file a test reads with fs is in no import graph and in no coverage: the environment
  // jest-difftest wraps around the project's records such reads.
  test('JSON read by a test with fs: the failing test file is selected', () => {
    const read = data.result.mutants.filter(readWithFs);
    expect(read.filter((m) => m.missed.length > 0).map((m) => ({ missed: m.missed, file: m.file, replay: m.replay }))).toEqual([]);
  });

  test('the data run did contain a JSON file read with fs', () => {
    expect(data.result.mutants.filter(readWithFs).length).toBeGreaterThanOrEqual(1);
  });

  test('the mutants broke tests: the check could have failed', () => {
    const all = [...code.result.mutants, ...data.result.mutants];
    expect(all.filter((m) => m.killed).length).toBeGreaterThanOrEqual(all.length - 1);
    for (const m of all.filter((x) => x.killed)) expect(m.selected).toEqual(expect.arrayContaining(m.failing));
    expect(code.stderr).toMatch(/^record: 40 test files/m);
  });

  test('per test case: every test case that fails under plain Jest ran, while others in the same files were skipped', () => {
    const missed = cases.result.mutants.filter((m) => (m.cases?.missed.length ?? 0) > 0).map((m) => ({ missed: m.cases?.missed, replay: m.replay }));
    expect(missed).toEqual([]);
    expect(cases.result.totals).toMatchObject({ mutants: 4, missed: 0, errors: 0, cases: { missed: 0 } });
    expect({ status: cases.status, ok: cases.result.ok }).toEqual({ status: 0, ok: true });
    // The check could have failed: tests broke, and cases of the selected files were skipped.
    expect(cases.result.mutants.filter((m) => (m.cases?.failing ?? 0) > 0).length).toBeGreaterThanOrEqual(3);
    expect(cases.result.totals.cases!.ran).toBeLessThan(cases.result.totals.cases!.inSelectedFiles);
  });

  test('the selection runs never wrote the data file, and the project is left exactly as it was', () => {
    for (const { result } of [code, data, cases]) {
      expect(result.totals.dataChanged).toBe(0);
      expect(result.projectUnchanged).toBe(true);
    }
    expect(treeHash(dir)).toBe(hashBefore);
  });
});
