import * as fs from 'fs';
import * as path from 'path';
import { openStore, saveRun, mergeStores, SCHEMA_VERSION, DEFAULT_DATA_FILE } from '../../src/store';
import type { Snapshot } from '../../src/store/types';
import { loadSqlJs } from '../../wasm/sqljs';
import { cleanUp, fileState, fingerprint, runRecord, tempDir, testRun } from './helpers';

const BIG = (1n << 64n) - 1n; // the largest checksum
const HIGH = 1n << 63n; // the first value a signed 64-bit integer cannot hold

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, DEFAULT_DATA_FILE);
});
afterEach(() => cleanUp(dir));

/** Tests of a snapshot as plain data: path → the files and checksums they depend on. */
function testsOf(snapshot: Snapshot): Record<string, { fingerprints: string[]; failed: boolean; forced: boolean; durationMs: number; recordedAt: number }> {
  const out: ReturnType<typeof testsOf> = {};
  for (const [p, test] of snapshot.tests) {
    out[p] = {
      fingerprints: test.fingerprintIds
        .map((id) => {
          const fp = snapshot.fingerprints.get(id);
          return fp ? `${fp.file}@${fp.fileHash}:${fp.checksums.join(',')}` : `missing ${id}`;
        })
        .sort(),
      failed: test.failed,
      forced: test.forced,
      durationMs: test.durationMs,
      recordedAt: test.recordedAt,
    };
  }
  return out;
}

describe('round trip', () => {
  it('a missing file opens as new and empty, and creates nothing', async () => {
    const opened = await openStore(file, 'default');
    expect(opened.status).toBe('new');
    expect(opened.warnings).toEqual([]);
    expect(opened.snapshot.tests.size).toBe(0);
    expect(opened.snapshot.environment).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('keeps every record kind, bigints ≥ 2^63 included', async () => {
    const utils = fingerprint('src/utils.ts', BIG, [0n, 1n, HIGH, HIGH + 1n, BIG]);
    const run = runRecord(
      [
        testRun('a.test.ts', [utils, fingerprint('a.test.ts', HIGH, [HIGH - 1n])], { durationMs: 40.25, failed: true, recordedAt: 1_700_000_000_001 }),
        testRun('b.test.ts', [utils], { forced: true }),
      ],
      {
        environment: { name: 'default', inputs: { node: 'v20.1.0', 'package-lock.json': 'abc', 'jest config': 'éü' } },
        files: [fileState('src/utils.ts', BIG, [['<module>', HIGH], ['add', BIG], ['Calc.get total', 0n], ['名前', 7n]])],
      },
    );
    const saved = await saveRun(file, run);
    expect(saved).toMatchObject({ saved: true, previous: 'new', warnings: [] });

    const { snapshot, status, warnings } = await openStore(file, 'default');
    expect(status).toBe('ok');
    expect(warnings).toEqual([]);
    expect(snapshot.environment).toEqual(run.environment);
    expect(snapshot.tests.get('a.test.ts')).toMatchObject({ path: 'a.test.ts', durationMs: 40.25, failed: true, forced: false, recordedAt: 1_700_000_000_001 });
    expect(snapshot.tests.get('b.test.ts')).toMatchObject({ failed: false, forced: true });
    // One stored fingerprint for the two tests' identical utils fingerprint.
    expect(snapshot.fingerprints.size).toBe(2);
    const [stored] = snapshot.fingerprintsByFile.get('src/utils.ts') ?? [];
    // toMatchObject: the checksums are a getter (decoded when first read), not an own property.
    expect(stored).toMatchObject({ ...utils, id: stored?.id });
    expect(snapshot.tests.get('a.test.ts')?.fingerprintIds).toContain(stored?.id);
    expect(snapshot.tests.get('b.test.ts')?.fingerprintIds).toEqual([stored?.id]);
    expect(snapshot.files.get('src/utils.ts')).toEqual(run.files[0]);
  });

  it('keeps awkward values exactly: mtimes, empty lists, odd block names', async () => {
    const files = [
      { ...fileState('a.ts', 1n, []), mtimeMs: 1732512345123.4567, checkedAt: 1732512345999 },
      { ...fileState('b.ts', 2n, [['has\0nul', 1n], ['"quoted" \\ back', 2n], ['', 3n], ['ünï 名前 😀', HIGH]]), mtimeMs: 0.1 + 0.2, size: 0 },
    ];
    await saveRun(file, runRecord([testRun('t.test.ts', [fingerprint('a.ts', 1n, [])])], { files }));
    const { snapshot } = await openStore(file, 'default');
    expect(snapshot.files.get('a.ts')).toEqual(files[0]);
    expect(snapshot.files.get('b.ts')).toEqual(files[1]);
    // Block tables are decoded when first read: a copy (as the cascade makes) must still carry them.
    expect({ ...snapshot.files.get('b.ts') }).toEqual(files[1]);
    expect([...snapshot.fingerprints.values()]).toEqual([expect.objectContaining({ file: 'a.ts', fileHash: 1n, checksums: [] })]);
  });

  it('stores the same fingerprint once however its checksums are ordered', async () => {
    await saveRun(file, runRecord([
      testRun('a.test.ts', [{ file: 'u.ts', fileHash: 5n, checksums: [3n, 1n, 2n] }]),
      testRun('b.test.ts', [{ file: 'u.ts', fileHash: 5n, checksums: [1n, 2n, 3n] }]),
    ]));
    await saveRun(file, runRecord([testRun('c.test.ts', [{ file: 'u.ts', fileHash: 5n, checksums: [2n, 3n, 1n, 1n] }])]));
    const { snapshot } = await openStore(file, 'default');
    expect([...snapshot.fingerprints.values()]).toEqual([expect.objectContaining({ file: 'u.ts', checksums: [1n, 2n, 3n] })]);
    const ids = new Set([...snapshot.tests.values()].flatMap((t) => t.fingerprintIds));
    expect(ids.size).toBe(1);
  });

  it('writing a run replaces only the tests that ran', async () => {
    await saveRun(file, runRecord([
      testRun('a.test.ts', [fingerprint('src/a.ts', 1n, [1n])]),
      testRun('b.test.ts', [fingerprint('src/b.ts', 2n, [2n])]),
    ]));
    await saveRun(file, runRecord([testRun('a.test.ts', [fingerprint('src/a.ts', 3n, [3n, 4n])], { failed: true, recordedAt: 1_800_000_000_000 })]));

    const tests = testsOf((await openStore(file, 'default')).snapshot);
    expect(tests['a.test.ts']).toMatchObject({ fingerprints: ['src/a.ts@3:3,4'], failed: true, recordedAt: 1_800_000_000_000 });
    expect(tests['b.test.ts']).toMatchObject({ fingerprints: ['src/b.ts@2:2'], failed: false });
  });

  it('drops fingerprints no test links to, and file states no fingerprint names', async () => {
    await saveRun(file, runRecord([testRun('a.test.ts', [fingerprint('src/old.ts', 1n, [1n])])], { files: [fileState('src/old.ts', 1n)] }));
    const saved = await saveRun(file, runRecord([testRun('a.test.ts', [fingerprint('src/new.ts', 2n, [2n])])], { files: [fileState('src/new.ts', 2n)] }));
    expect(saved.stats).toMatchObject({ fingerprintsCollected: 1, filesCollected: 1 });

    const { snapshot } = await openStore(file, 'default');
    expect([...snapshot.fingerprints.values()].map((fp) => fp.file)).toEqual(['src/new.ts']);
    expect([...snapshot.files.keys()]).toEqual(['src/new.ts']);
    const SQL = await loadSqlJs();
    const db = new SQL.Database(fs.readFileSync(file));
    expect(db.exec('SELECT file FROM fingerprint')[0]?.values).toEqual([['src/new.ts']]);
    db.close();
  });

  it('removedTests deletes those records only', async () => {
    await saveRun(file, runRecord(['a', 'b', 'c'].map((n) => testRun(`${n}.test.ts`, [fingerprint(`src/${n}.ts`, 1n, [1n])]))));
    await saveRun(file, runRecord([], { removedTests: ['b.test.ts', 'never-recorded.test.ts'] }));
    const { snapshot } = await openStore(file, 'default');
    expect([...snapshot.tests.keys()].sort()).toEqual(['a.test.ts', 'c.test.ts']);
    expect(snapshot.fingerprintsByFile.has('src/b.ts')).toBe(false);
  });

  it('resetEnvironment drops the environment’s other tests and keeps other environments', async () => {
    await saveRun(file, runRecord(['a', 'b'].map((n) => testRun(`${n}.test.ts`, [fingerprint('src/x.ts', 1n, [1n])]))));
    await saveRun(file, runRecord([testRun('a.test.ts', [])], { environment: { name: 'ci', inputs: { node: 'v18' } } }));
    await saveRun(file, runRecord([testRun('a.test.ts', [fingerprint('src/x.ts', 2n, [2n])])], {
      environment: { name: 'default', inputs: { node: 'v22' } },
      resetEnvironment: true,
    }));

    const def = (await openStore(file, 'default')).snapshot;
    expect(Object.keys(testsOf(def))).toEqual(['a.test.ts']);
    expect(testsOf(def)['a.test.ts']?.fingerprints).toEqual(['src/x.ts@2:2']);
    expect(def.environment?.inputs).toEqual({ node: 'v22' });
    const ci = (await openStore(file, 'ci')).snapshot;
    expect(Object.keys(testsOf(ci))).toEqual(['a.test.ts']);
    expect(ci.environment?.inputs).toEqual({ node: 'v18' });
  });

  it('keeps environments apart', async () => {
    await saveRun(file, runRecord([testRun('a.test.ts', [fingerprint('src/a.ts', 1n, [1n])], { failed: true })], { environment: { name: 'node18', inputs: { node: '18' } } }));
    await saveRun(file, runRecord([testRun('a.test.ts', [fingerprint('src/a.ts', 2n, [2n])])], { environment: { name: 'node20', inputs: { node: '20' } } }));

    const n18 = (await openStore(file, 'node18')).snapshot;
    const n20 = (await openStore(file, 'node20')).snapshot;
    expect(testsOf(n18)['a.test.ts']).toMatchObject({ fingerprints: ['src/a.ts@1:1'], failed: true });
    expect(testsOf(n20)['a.test.ts']).toMatchObject({ fingerprints: ['src/a.ts@2:2'], failed: false });
    // A snapshot holds only its environment's fingerprints.
    expect(n18.fingerprints.size).toBe(1);
    const other = await openStore(file, 'node22');
    expect(other.status).toBe('ok');
    expect(other.snapshot.environment).toBeUndefined();
    expect(other.snapshot.tests.size).toBe(0);
  });

  it('keeps paths as given', async () => {
    const odd = ['../outside/x.test.ts', 'dir with space/ü.test.ts', 'C:/win/like.test.ts'];
    await saveRun(file, runRecord(odd.map((p) => testRun(p, [fingerprint(p, 1n, [1n])]))));
    expect([...(await openStore(file, 'default')).snapshot.tests.keys()].sort()).toEqual([...odd].sort());
  });

  it('a save keeps the permissions of the file it replaces, and leaves no temporary file', async () => {
    await saveRun(file, runRecord([testRun('a.test.ts', [])]));
    fs.chmodSync(file, 0o600);
    await saveRun(file, runRecord([testRun('b.test.ts', [])]));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual([DEFAULT_DATA_FILE]);
  });

  it('rejects a malformed record before touching the file', async () => {
    const bad = runRecord([testRun('a.test.ts', [fingerprint('src/a.ts', -1n, [])])]);
    await expect(saveRun(file, bad)).rejects.toThrow(/fileHash of src\/a\.ts in a\.test\.ts must be a bigint in 0 … 2\^64-1/);
    await expect(saveRun(file, runRecord([testRun('a.test.ts', [fingerprint('src/a.ts', 1n, [1n << 64n])])]))).rejects.toThrow(TypeError);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('schema version', () => {
  async function rewriteVersion(version: number): Promise<void> {
    const SQL = await loadSqlJs();
    const db = new SQL.Database(fs.readFileSync(file));
    db.run(`PRAGMA user_version = ${version}`);
    fs.writeFileSync(file, db.export());
    db.close();
  }

  it.each([[0], [SCHEMA_VERSION + 1]])('a file with user_version %i is ignored with one warning, then rebuilt', async (version) => {
    await saveRun(file, runRecord([testRun('a.test.ts', [fingerprint('src/a.ts', 1n, [1n])])]));
    await rewriteVersion(version);

    const opened = await openStore(file, 'default');
    expect(opened.status).toBe('rebuilt');
    expect(opened.snapshot.tests.size).toBe(0);
    expect(opened.warnings).toEqual([
      `jest-difftest: ${file} has schema version ${version}, this version of jest-difftest uses ${SCHEMA_VERSION}: all tests will run and the file is rebuilt when this run saves. Nothing to fix unless several jest-difftest versions share the file.`,
    ]);
    expect(opened.problems[0]?.code).toBe('DIFFTEST_DATA_FILE_VERSION');

    const saved = await saveRun(file, runRecord([testRun('b.test.ts', [])]));
    expect(saved).toMatchObject({ saved: true, previous: 'rebuilt', warnings: [] });
    const reopened = await openStore(file, 'default');
    expect(reopened.status).toBe('ok');
    expect([...reopened.snapshot.tests.keys()]).toEqual(['b.test.ts']);
  });
});

describe('merge', () => {
  it('keeps the newest record per test, environments apart', async () => {
    const one = path.join(dir, 'one');
    const two = path.join(dir, 'two');
    await saveRun(one, runRecord([
      testRun('a.test.ts', [fingerprint('src/a.ts', 1n, [1n])], { recordedAt: 100 }),
      testRun('b.test.ts', [fingerprint('src/b.ts', 1n, [1n])], { recordedAt: 300 }),
    ], { files: [{ ...fileState('src/a.ts', 1n), checkedAt: 100 }] }));
    await saveRun(one, runRecord([testRun('a.test.ts', [], { recordedAt: 50 })], { environment: { name: 'ci', inputs: {} } }));
    await saveRun(two, runRecord([
      testRun('a.test.ts', [fingerprint('src/a.ts', 2n, [2n])], { recordedAt: 200, failed: true }),
      testRun('b.test.ts', [fingerprint('src/b.ts', 2n, [2n])], { recordedAt: 250 }),
    ], { environment: { name: 'default', inputs: { node: 'newer' } }, files: [{ ...fileState('src/a.ts', 2n), checkedAt: 200 }] }));

    const result = await mergeStores(file, [one, two]);
    expect(result).toMatchObject({ saved: true, warnings: [] });
    const def = (await openStore(file, 'default')).snapshot;
    expect(testsOf(def)).toMatchObject({
      'a.test.ts': { fingerprints: ['src/a.ts@2:2'], failed: true, recordedAt: 200 },
      'b.test.ts': { fingerprints: ['src/b.ts@1:1'], recordedAt: 300 },
    });
    // The inputs of the file with the newest record (b.test.ts at 300).
    expect(def.environment?.inputs).toEqual({ node: 'v20', jest: '30.0.0' });
    expect(def.files.get('src/a.ts')?.hash).toBe(2n);
    expect(Object.keys(testsOf((await openStore(file, 'ci')).snapshot))).toEqual(['a.test.ts']);
    // The fingerprints of the records that lost (a@1, b@2) are not left behind.
    const SQL = await loadSqlJs();
    const db = new SQL.Database(fs.readFileSync(file));
    expect(db.exec('SELECT file, hex(file_hash) FROM fingerprint ORDER BY file')[0]?.values).toEqual([
      ['src/a.ts', '0000000000000002'],
      ['src/b.ts', '0000000000000001'],
    ]);
    db.close();
  });

  it('replaces an output of another schema version, and moves a damaged one aside, with a warning', async () => {
    const input = path.join(dir, 'input');
    await saveRun(input, runRecord([testRun('a.test.ts', [fingerprint('src/a.ts', 1n, [1n])])]));

    await saveRun(file, runRecord([testRun('old.test.ts', [])]));
    const SQL = await loadSqlJs();
    const db = new SQL.Database(fs.readFileSync(file));
    db.run('PRAGMA user_version = 0');
    fs.writeFileSync(file, db.export());
    db.close();
    const replaced = await mergeStores(file, [input]);
    expect(replaced.saved).toBe(true);
    expect(replaced.warnings).toEqual([`jest-difftest: ${file} has schema version 0, this version of jest-difftest uses ${SCHEMA_VERSION}: it is replaced by the merged records.`]);
    expect([...(await openStore(file, 'default')).snapshot.tests.keys()]).toEqual(['a.test.ts']);

    fs.writeFileSync(file, 'garbage');
    const moved = await mergeStores(file, [input]);
    expect(moved.saved).toBe(true);
    expect(moved.warnings[0]).toMatch(/is not a usable data file \(it is not a SQLite database\)\. It was moved aside to .*\.corrupt-/);
    expect([...(await openStore(file, 'default')).snapshot.tests.keys()]).toEqual(['a.test.ts']);
  });

  it('refuses an input of another schema version and writes nothing', async () => {
    const old = path.join(dir, 'old');
    await saveRun(old, runRecord([testRun('a.test.ts', [])]));
    const SQL = await loadSqlJs();
    const db = new SQL.Database(fs.readFileSync(old));
    db.run('PRAGMA user_version = 0');
    fs.writeFileSync(old, db.export());
    db.close();

    const result = await mergeStores(file, [old]);
    expect(result.saved).toBe(false);
    expect(result.problems[0]?.code).toBe('DIFFTEST_MERGE_INPUT');
    expect(result.warnings[0]).toMatch(/^jest-difftest: cannot merge .*old: it has schema version 0/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
