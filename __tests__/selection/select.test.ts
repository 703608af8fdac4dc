import { selectTests, filesToCheck, describeReason, type Reason } from '../../src/core/select';
import type { CurrentFile } from '../../src/core/cascade';
import { current, state } from './helpers';
import type { Snapshot, StoredFingerprint, StoredTest } from '../../src/store/types';

const record = (path: string, ids: number[], extra: Partial<StoredTest> = {}): StoredTest => ({
  path,
  durationMs: 10,
  failed: false,
  forced: false,
  recordedAt: 1,
  fingerprintIds: ids,
  ...extra,
});

// src/a.js as recorded: module block 1n, add() 2n, sub() 3n.
const recorded = state('src/a.js', 100n, [['<module>', 1n], ['add', 2n], ['sub', 3n]]);
const fps: StoredFingerprint[] = [
  { id: 1, file: 'src/a.js', fileHash: 100n, checksums: [1n, 2n] }, // ran add()
  { id: 2, file: 'src/a.js', fileHash: 100n, checksums: [1n, 3n] }, // ran sub()
  { id: 3, file: 'data.json', fileHash: 7n, checksums: [7n] },
];
const snapshot: Snapshot = {
  environment: { name: 'default', inputs: {} },
  files: new Map([['src/a.js', recorded]]),
  fingerprints: new Map(fps.map((fp) => [fp.id, fp])),
  fingerprintsByFile: new Map([['src/a.js', fps.slice(0, 2)], ['data.json', fps.slice(2)]]),
  tests: new Map([
    ['add.test.js', record('add.test.js', [1])],
    ['sub.test.js', record('sub.test.js', [2, 3])],
    ['failed.test.js', record('failed.test.js', [1], { failed: true })],
    ['forced.test.js', record('forced.test.js', [1], { forced: true })],
    ['dangling.test.js', record('dangling.test.js', [99])],
  ]),
};
const unchangedData = current(state('data.json', 7n, [['<file>', 7n]]), false);

function select(a: CurrentFile | null, tests: string[], runAll?: string): Map<string, Reason[]> {
  const files = new Map<string, CurrentFile | null>([['src/a.js', a], ['data.json', unchangedData]]);
  const input = { tests, snapshot, current: files, ...(runAll ? { runAll } : {}) };
  return selectTests(input).selected;
}

describe('selectTests', () => {
  const tests = ['add.test.js', 'sub.test.js', 'new.test.js'];

  test('unchanged file: only new tests run', () => {
    expect([...select(current(recorded, false), tests).keys()]).toEqual(['new.test.js']);
  });

  test('an edit to add() selects the test that ran add(), not the one that ran sub()', () => {
    const edited = state('src/a.js', 101n, [['<module>', 1n], ['add', 22n], ['sub', 3n]]);
    const selected = select(current(edited), tests);
    expect([...selected.keys()]).toEqual(['add.test.js', 'new.test.js']);
    expect(selected.get('add.test.js')).toEqual([{ kind: 'changed', file: 'src/a.js', blocks: ['add'] }]);
  });

  test('new content whose checksums are all still there selects nothing', () => {
    const reformatted = state('src/a.js', 102n, [['<module>', 1n], ['add', 2n], ['sub', 3n], ['mul', 4n]]);
    expect([...select(current(reformatted), tests).keys()]).toEqual(['new.test.js']);
  });

  test('a module-level change selects every test of the file', () => {
    const edited = state('src/a.js', 103n, [['<module>', 11n], ['add', 2n], ['sub', 3n]]);
    expect([...select(current(edited), tests).keys()]).toEqual(tests);
  });

  test('a deleted dependency selects its tests', () => {
    expect(select(null, ['add.test.js']).get('add.test.js')).toEqual([{ kind: 'deleted', file: 'src/a.js' }]);
  });

  test('failed, forced and damaged records run', () => {
    const selected = select(current(recorded, false), ['failed.test.js', 'forced.test.js', 'dangling.test.js']);
    expect(selected.get('failed.test.js')).toEqual([{ kind: 'failed' }]);
    expect(selected.get('forced.test.js')).toEqual([{ kind: 'forced' }]);
    expect(selected.get('dangling.test.js')).toEqual([{ kind: 'forced' }]);
  });

  test('a file the cascade did not look at runs its tests rather than guessing', () => {
    const input = { tests: ['add.test.js'], snapshot, current: new Map<string, CurrentFile | null>() };
    expect(selectTests(input).selected.get('add.test.js')).toEqual([{ kind: 'forced' }]);
  });

  test('runAll selects everything with its reason', () => {
    const selected = select(current(recorded, false), tests, 'lockfile changed');
    expect([...selected.values()]).toEqual(tests.map(() => [{ kind: 'all', why: 'lockfile changed' }]));
  });

  test('filesToCheck lists every file the candidates depend on', () => {
    expect([...filesToCheck(['sub.test.js', 'new.test.js'], snapshot)].sort()).toEqual(['data.json', 'src/a.js']);
    expect([...filesToCheck(['add.test.js'], snapshot)]).toEqual(['src/a.js']);
    // Every recorded test a candidate: the same answer from the fingerprints' files.
    const everyTest = [...snapshot.tests.keys(), 'new.test.js'];
    expect([...filesToCheck(everyTest, snapshot)].sort()).toEqual(['data.json', 'src/a.js']);
    const justData = { ...snapshot, fingerprintsByFile: new Map([['data.json', fps.slice(2)]]) };
    expect([...filesToCheck(everyTest, justData)]).toEqual(['data.json']);
  });

  test('reasons read as sentences', () => {
    expect(describeReason({ kind: 'changed', file: 'src/a.js', blocks: ['add', '<module>'] })).toBe('src/a.js: add(), <module> changed');
    expect(describeReason({ kind: 'deleted', file: 'x.json' })).toBe('x.json deleted');
  });
});
