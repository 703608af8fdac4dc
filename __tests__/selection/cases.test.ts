import { selectTests } from '../../src/core/select';
import type { CurrentFile } from '../../src/core/cascade';
import { current, state } from './helpers';
import type { Snapshot, StoredFingerprint, StoredTest, TestCases } from '../../src/store/types';


// src/math.js as recorded: module 1n, add() 2n, sub() 3n, mul() 4n. src/setup.js: module 9n, init() 8n.
const math = state('src/math.js', 100n, [['<module>', 1n], ['add', 2n], ['sub', 3n], ['mul', 4n]]);
const setup = state('src/setup.js', 200n, [['<module>', 9n], ['init', 8n]]);
const fps: StoredFingerprint[] = [
  { id: 1, file: 'src/math.js', fileHash: 100n, checksums: [1n, 2n] }, // ran add()
  { id: 2, file: 'src/math.js', fileHash: 100n, checksums: [1n, 3n] }, // ran sub()
  { id: 3, file: 'src/setup.js', fileHash: 200n, checksums: [8n, 9n] }, // ran init()
  { id: 4, file: 'src/math.js', fileHash: 100n, checksums: [1n, 2n, 4n] }, // ran add() and mul()
];
// Positions into [1, 2, 3, 4]: setup outside the cases; one case each for add, sub, add+mul.
const split: TestCases = {
  shared: [2],
  cases: [
    { name: 'math › adds', failed: false, fingerprints: [0] },
    { name: 'math › subtracts', failed: false, fingerprints: [1] },
    { name: 'math › multiplies', failed: false, fingerprints: [3] },
  ],
};
const record = (extra: Partial<StoredTest> = {}): StoredTest => ({
  path: 'math.test.js',
  durationMs: 10,
  failed: false,
  forced: false,
  recordedAt: 1,
  fingerprintIds: [1, 2, 3, 4],
  cases: split,
  ...extra,
});
const snapshotWith = (test: StoredTest): Snapshot => ({
  environment: { name: 'default', inputs: {} },
  files: new Map([['src/math.js', math], ['src/setup.js', setup]]),
  fingerprints: new Map(fps.map((fp) => [fp.id, fp])),
  fingerprintsByFile: new Map(),
  tests: new Map([[test.path, test]]),
});

function plan(edits: { math?: Array<[string, bigint]>; setup?: Array<[string, bigint]> }, test = record(), byCase = true) {
  const files = new Map<string, CurrentFile | null>([
    ['src/math.js', edits.math ? current(state('src/math.js', 101n, edits.math)) : current(math, false)],
    ['src/setup.js', edits.setup ? current(state('src/setup.js', 201n, edits.setup)) : current(setup, false)],
  ]);
  const selection = selectTests({ tests: [test.path], snapshot: snapshotWith(test), current: files, byCase });
  const cases = selection.cases.get(test.path);
  return {
    selected: selection.selected.has(test.path),
    run: cases ? [...cases.run.keys()] : undefined,
    why: cases ? [...cases.run.values()].flat().map((r) => r.kind) : undefined,
    skip: cases?.skip,
  };
}

const editedSub: Array<[string, bigint]> = [['<module>', 1n], ['add', 2n], ['sub', 33n], ['mul', 4n]];
const editedAdd: Array<[string, bigint]> = [['<module>', 1n], ['add', 22n], ['sub', 3n], ['mul', 4n]];

describe('selectTests with byCase: the cases of a selected file', () => {
  test('an edit to sub() runs the one case that ran it', () => {
    expect(plan({ math: editedSub })).toEqual({ selected: true, run: ['math › subtracts'], why: ['changed'], skip: ['math › adds', 'math › multiplies'] });
  });

  test('an edit to add() runs both cases that ran it', () => {
    expect(plan({ math: editedAdd })).toMatchObject({ run: ['math › adds', 'math › multiplies'], skip: ['math › subtracts'] });
  });

  test('an edit to code that ran outside the cases runs the whole file', () => {
    expect(plan({ setup: [['<module>', 9n], ['init', 88n]] })).toEqual({ selected: true, run: undefined, why: undefined, skip: undefined });
  });

  test('module-level code that every case ran runs them all, as the whole file', () => {
    expect(plan({ math: [['<module>', 11n], ['add', 2n], ['sub', 3n], ['mul', 4n]] })).toMatchObject({ selected: true, run: undefined });
  });

  test('without byCase, or without a recorded split, the file runs whole', () => {
    expect(plan({ math: editedSub }, record(), false)).toMatchObject({ selected: true, run: undefined });
    const { cases: _none, ...plain } = record();
    expect(plan({ math: editedSub }, plain)).toMatchObject({ selected: true, run: undefined });
  });

  test('a case that failed last time runs with the affected ones', () => {
    const failedMul: TestCases = { ...split, cases: split.cases.map((c) => ({ ...c, failed: c.name === 'math › multiplies' })) };
    expect(plan({ math: editedSub }, record({ failed: true, cases: failedMul }))).toMatchObject({
      run: ['math › subtracts', 'math › multiplies'],
      skip: ['math › adds'],
    });
    // With nothing changed, the failed case alone reruns.
    expect(plan({}, record({ failed: true, cases: failedMul }))).toMatchObject({ run: ['math › multiplies'], why: ['failed'] });
  });

  test('a file that failed outside its cases (a beforeAll, an import) runs whole', () => {
    expect(plan({ math: editedSub }, record({ failed: true }))).toMatchObject({ selected: true, run: undefined });
  });

  test('a forced record, or a fingerprint in no case and not shared, runs the whole file', () => {
    expect(plan({ math: editedSub }, record({ forced: true }))).toMatchObject({ selected: true, run: undefined });
    const orphan: TestCases = { shared: [2], cases: split.cases.filter((c) => c.name !== 'math › subtracts') };
    expect(plan({ math: editedSub }, record({ cases: orphan }))).toMatchObject({ selected: true, run: undefined });
  });

  test('cases of the same name share a fate', () => {
    const twins: TestCases = { shared: [2], cases: [...split.cases, { name: 'math › adds', failed: false, fingerprints: [1] }] };
    expect(plan({ math: editedSub }, record({ cases: twins }))).toMatchObject({ run: ['math › subtracts', 'math › adds'], skip: ['math › multiplies'] });
  });

  test('when every case is affected the file simply runs whole', () => {
    expect(plan({ math: [['<module>', 1n], ['add', 22n], ['sub', 33n], ['mul', 4n]] })).toMatchObject({ selected: true, run: undefined });
  });
});
