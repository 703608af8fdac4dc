import * as fs from 'fs';
import * as path from 'path';
import { mergeStores, openStore, saveRun } from '../../src/store';
import type { Snapshot, TestCases } from '../../src/store/types';
import { loadSqlJs } from '../../wasm/sqljs';
import { fingerprint, freshDataFile, runRecord, testRun } from './helpers';

const where = freshDataFile();

const shared = fingerprint('src/setup.ts', 1n, [10n]);
const add = fingerprint('src/math.ts', 2n, [20n, 21n]);
const sub = fingerprint('src/math.ts', 2n, [20n, 22n]);

/** The split of a stored test, named by what each position points at. */
function casesOf(snapshot: Snapshot, test: string): unknown {
  const record = snapshot.tests.get(test);
  if (!record?.cases) return undefined;
  const name = (position: number): string => {
    const fp = snapshot.fingerprints.get(record.fingerprintIds[position] as number);
    return fp ? `${fp.file}:${fp.checksums.join(',')}` : `missing ${position}`;
  };
  return {
    shared: record.cases.shared.map(name).sort(),
    cases: record.cases.cases.map((c) => ({ name: c.name, failed: c.failed, fingerprints: c.fingerprints.map(name).sort() })),
  };
}

const expected = {
  shared: ['src/setup.ts:10'],
  cases: [
    { name: 'math › adds', failed: false, fingerprints: ['src/math.ts:20,21'] },
    { name: 'math › subtracts', failed: true, fingerprints: ['src/math.ts:20,22'] },
  ],
};

/** Positions into [sub, shared, add] (deliberately not the stored order). */
const split: TestCases = {
  shared: [1],
  cases: [
    { name: 'math › adds', failed: false, fingerprints: [2] },
    { name: 'math › subtracts', failed: true, fingerprints: [0] },
  ],
};

describe('per-test-case records', () => {
  it('round-trip with positions that follow the stored order of the fingerprints', async () => {
    await saveRun(where.file, runRecord([testRun('math.test.ts', [sub, shared, add], { cases: split }), testRun('plain.test.ts', [add])]));
    const { snapshot } = await openStore(where.file, 'default');
    expect(casesOf(snapshot, 'math.test.ts')).toEqual(expected);
    expect(snapshot.tests.get('plain.test.ts')?.cases).toBeUndefined();
  });

  it('a fingerprint listed twice by a run is one position', async () => {
    const twice: TestCases = { shared: [1], cases: [{ name: 'a', failed: false, fingerprints: [0, 2] }] };
    await saveRun(where.file, runRecord([testRun('t.test.ts', [add, shared, add], { cases: twice })]));
    const { snapshot } = await openStore(where.file, 'default');
    expect(snapshot.tests.get('t.test.ts')?.fingerprintIds).toHaveLength(2);
    expect(casesOf(snapshot, 't.test.ts')).toEqual({ shared: ['src/setup.ts:10'], cases: [{ name: 'a', failed: false, fingerprints: ['src/math.ts:20,21'] }] });
  });

  it('survive a merge, which renumbers the fingerprints', async () => {
    const other = path.join(where.dir, 'other');
    await saveRun(other, runRecord([testRun('x.test.ts', [fingerprint('src/x.ts', 9n, [90n]), sub])]));
    await saveRun(where.file, runRecord([testRun('math.test.ts', [sub, shared, add], { cases: split })]));
    const out = path.join(where.dir, 'merged');
    expect((await mergeStores(out, [other, where.file])).saved).toBe(true);
    const { snapshot } = await openStore(out, 'default');
    expect(casesOf(snapshot, 'math.test.ts')).toEqual(expected);
  });

  it('a run with a position beyond its fingerprints is refused before anything is written', async () => {
    const bad: TestCases = { shared: [], cases: [{ name: 'a', failed: false, fingerprints: [3] }] };
    await expect(saveRun(where.file, runRecord([testRun('t.test.ts', [add], { cases: bad })]))).rejects.toThrow(
      /the fingerprints of case "a" of t\.test\.ts must be a list of positions in its 1 fingerprints/,
    );
    expect(fs.existsSync(where.file)).toBe(false);
  });

  it.each([
    ['not JSON', 'nonsense'],
    ['a position out of range', JSON.stringify({ shared: [7], cases: [] })],
    ['a case without its list', JSON.stringify({ shared: [], cases: [['a', 0]]})],
  ])('damaged split data (%s) reads as no split, so the file runs whole', async (_what, stored) => {
    await saveRun(where.file, runRecord([testRun('math.test.ts', [sub, shared, add], { cases: split })]));
    const SQL = await loadSqlJs();
    const db = new SQL.Database(fs.readFileSync(where.file));
    db.run('UPDATE test_execution SET cases = ?', [stored]);
    fs.writeFileSync(where.file, db.export());
    db.close();
    const { snapshot, status } = await openStore(where.file, 'default');
    expect(status).toBe('ok');
    expect(snapshot.tests.get('math.test.ts')?.fingerprintIds).toHaveLength(3);
    expect(snapshot.tests.get('math.test.ts')?.cases).toBeUndefined();
  });
});
