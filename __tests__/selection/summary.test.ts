import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Selection } from '../../src/core/select';
import { diskFileSource } from '../../src/jest/fileSource';
import { readSummary, summaryFile, writeSummary } from '../../src/jest/summary';
import type { FileState, Snapshot, StoredTest } from '../../src/store/types';

const HOUR = 3_600_000;

describe('the selection summary', () => {
  let root: string;
  let dataFile: string;
  let file: string;
  const source = () => diskFileSource(root);

  /** A file on disk with an mtime an hour old, and its state as the cascade would keep it. */
  function sourceFile(relative: string, content: string): FileState {
    const abs = path.join(root, relative);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
    const old = new Date(Date.now() - HOUR);
    fs.utimesSync(abs, old, old);
    const stat = fs.statSync(abs);
    return { path: relative, mtimeMs: stat.mtimeMs, size: stat.size, hash: 1n, blocks: [], checkedAt: Date.now() };
  }

  const record = (p: string, extra: Partial<StoredTest> = {}): StoredTest => ({ path: p, durationMs: 10, failed: false, forced: false, recordedAt: 1, fingerprintIds: [1], ...extra });
  const snapshotOf = (...tests: StoredTest[]): Snapshot => ({
    environment: { name: 'default', inputs: { node: 'v20' } },
    provenance: { savedAt: 5 },
    files: new Map(),
    fingerprints: new Map(),
    fingerprintsByFile: new Map(),
    tests: new Map(tests.map((t) => [t.path, t])),
  });
  const identity = () => {
    const stat = fs.statSync(dataFile);
    return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
  };

  let states: FileState[];
  const failing = record('b.test.js', { failed: true });
  const selection = (): Selection => ({ selected: new Map([['b.test.js', [{ kind: 'failed' }]]]), skipped: ['a.test.js'], cases: new Map() });

  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-summary-')));
    dataFile = path.join(root, '.difftestdata');
    fs.writeFileSync(dataFile, 'data');
    file = summaryFile(path.join(root, '.cache'), dataFile, 'default');
    states = [sourceFile('src/a.js', 'a'), sourceFile('src/b.js', 'b')];
    writeSummary(file, identity(), false, snapshotOf(record('a.test.js'), failing), selection(), states);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('stands for the selection while nothing changed: same verdicts, test records and environment', () => {
    const read = readSummary(file, dataFile, 'default', false, ['a.test.js', 'b.test.js', 'c.test.js'], source());
    expect(read).toBeDefined();
    expect([...read!.selection.selected]).toEqual([
      ['b.test.js', [{ kind: 'failed' }]],
      ['c.test.js', [{ kind: 'new' }]],
    ]);
    expect(read!.selection.skipped).toEqual(['a.test.js']);
    expect(read!.snapshot.environment).toEqual({ name: 'default', inputs: { node: 'v20' } });
    expect(read!.snapshot.provenance).toEqual({ savedAt: 5 });
    expect(read!.snapshot.tests.get('b.test.js')).toMatchObject({ durationMs: 10, failed: true, forced: false });
  });

  test('does not hold once a file it lists changed, even to the same size', () => {
    fs.writeFileSync(path.join(root, 'src/a.js'), 'A');
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeUndefined();
  });

  test('does not hold once a file it lists is gone', () => {
    fs.rmSync(path.join(root, 'src/b.js'));
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeUndefined();
  });

  test('does not hold for a file whose mtime was too recent to trust when it was checked', () => {
    const racy = sourceFile('src/c.js', 'c');
    writeSummary(file, identity(), false, snapshotOf(record('a.test.js')), selection(), [{ ...racy, checkedAt: racy.mtimeMs + 500 }]);
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeUndefined();
  });

  test('does not hold once the data file was saved again or replaced', () => {
    fs.writeFileSync(dataFile, 'more data');
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeUndefined();

    writeSummary(file, identity(), false, snapshotOf(record('a.test.js')), selection(), states);
    const copy = `${dataFile}.copy`;
    fs.copyFileSync(dataFile, copy);
    fs.renameSync(copy, dataFile); // same content and size, another file
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeUndefined();

    fs.rmSync(dataFile);
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeUndefined();
  });

  test('belongs to one environment and one mode', () => {
    expect(readSummary(file, dataFile, 'ci', false, ['a.test.js'], source())).toBeUndefined();
    expect(readSummary(file, dataFile, 'default', true, ['a.test.js'], source())).toBeUndefined();
    expect(summaryFile('/c', dataFile, 'ci')).not.toBe(summaryFile('/c', dataFile, 'default'));
  });

  test('a damaged summary is no summary', () => {
    fs.writeFileSync(file, '{"version": 1, "dataF');
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeUndefined();
  });

  test('a summary whose columns were cut short or lost is no summary', () => {
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(written.files.path).toEqual(['src/a.js', 'src/b.js']);

    fs.writeFileSync(file, JSON.stringify({ ...written, tests: { ...written.tests, durationMs: [] } }));
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeUndefined();

    const { reasons: _lost, ...tests } = written.tests;
    fs.writeFileSync(file, JSON.stringify({ ...written, tests }));
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeUndefined();

    fs.writeFileSync(file, JSON.stringify(written));
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeDefined();
  });

  test('a summary of the earlier layout (one array per file) is no summary', () => {
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    const rows = written.files.path.map((p: string, i: number) => [p, written.files.mtimeMs[i], written.files.size[i], written.files.checkedAt[i]]);
    fs.writeFileSync(file, JSON.stringify({ ...written, version: 1, files: rows }));
    expect(readSummary(file, dataFile, 'default', false, ['a.test.js'], source())).toBeUndefined();
  });

  test('a selection with a per-case plan is not summarised', () => {
    fs.rmSync(file);
    const withCases = selection();
    withCases.cases.set('b.test.js', { run: new Map(), skip: ['x'] } as never);
    writeSummary(file, identity(), true, snapshotOf(failing), withCases, states);
    expect(fs.existsSync(file)).toBe(false);
  });
});
