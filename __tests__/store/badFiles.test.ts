import * as fs from 'fs';
import * as path from 'path';
import { randomBytes } from 'crypto';
import { openStore, saveRun, DEFAULT_DATA_FILE } from '../../src/store';
import { loadSqlJs } from '../../wasm/sqljs';
import { cleanUp, filesStartingWith, fingerprint, runRecord, tempDir, testRun } from './helpers';

let dir: string;
let file: string;
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, DEFAULT_DATA_FILE);
});
afterEach(() => cleanUp(dir));

async function goodFile(): Promise<Buffer> {
  await saveRun(file, runRecord([testRun('a.test.ts', [fingerprint('src/a.ts', 1n, [1n, 2n])])]));
  return fs.readFileSync(file);
}

async function foreignSqlite(): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE metadata (key TEXT, value TEXT); INSERT INTO metadata VALUES (\'application\', \'something-else\');');
  const bytes = db.export();
  db.close();
  return bytes;
}

/** Our own header with the metadata of another application: passes the header check, fails the schema check. */
async function ourHeaderForeignContent(): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(await goodFile());
  db.run("UPDATE metadata SET value = 'something-else' WHERE key = 'application'");
  const bytes = db.export();
  db.close();
  return bytes;
}

const damaged: [string, () => Promise<Uint8Array>, RegExp][] = [
  ['an empty file', async () => new Uint8Array(0), /the file is empty/],
  ['a truncated file', async () => (await goodFile()).subarray(0, 4096 + 100), /the file is truncated \(4196 of \d+ bytes\)/],
  ['a file cut inside the header', async () => (await goodFile()).subarray(0, 10), /the file is truncated\)/],
  ['random bytes', async () => randomBytes(50_000), /it is not a SQLite database/],
  ['text', async () => Buffer.from('{"tests": []}\n'), /it is not a SQLite database/],
  ['another application’s SQLite file', foreignSqlite, /it is another application's SQLite database \(application id none\)/],
  ['our header over foreign tables', ourHeaderForeignContent, /its metadata does not name jest-difftest/],
];

describe.each(damaged)('%s', (_name, make, reason) => {
  it('is moved aside with a warning, the snapshot is empty, and the next save starts a new file', async () => {
    const bytes = await make();
    fs.writeFileSync(file, bytes);

    const opened = await openStore(file, 'default');
    expect(opened.status).toBe('damaged');
    expect(opened.snapshot.tests.size).toBe(0);
    expect(opened.snapshot.files.size).toBe(0);
    const aside = filesStartingWith(dir, `${DEFAULT_DATA_FILE}.corrupt-`);
    expect(aside).toHaveLength(1);
    const asidePath = path.join(dir, aside[0] as string);
    expect(fs.readFileSync(asidePath)).toEqual(Buffer.from(bytes));
    expect(fs.existsSync(file)).toBe(false);
    expect(opened.warnings).toHaveLength(1);
    expect(opened.warnings[0]).toMatch(reason);
    expect(opened.warnings[0]).toBe(
      `jest-difftest: ${file} is not a usable data file (${(opened.problems[0] as unknown as { reason: string }).reason}). It was moved aside to ${asidePath}; all tests will run and a new data file will be recorded. Delete ${asidePath} once you no longer need it.`,
    );
    expect(opened.problems[0]?.code).toBe('DIFFTEST_DATA_FILE_DAMAGED');

    const saved = await saveRun(file, runRecord([testRun('b.test.ts', [])]));
    expect(saved).toMatchObject({ saved: true, previous: 'new', warnings: [] });
    expect((await openStore(file, 'default')).status).toBe('ok');
  });

  it('found by a save (no open before) is moved aside and replaced, with the warning', async () => {
    fs.writeFileSync(file, await make());
    const saved = await saveRun(file, runRecord([testRun('b.test.ts', [])]));
    expect(saved.saved).toBe(true);
    expect(saved.previous).toBe('damaged');
    expect(saved.warnings[0]).toMatch(reason);
    expect(saved.warnings[0]).toMatch(/It was moved aside to .*\.difftestdata\.corrupt-/);
    expect(filesStartingWith(dir, `${DEFAULT_DATA_FILE}.corrupt-`)).toHaveLength(1);
    const reopened = await openStore(file, 'default');
    expect(reopened.status).toBe('ok');
    expect([...reopened.snapshot.tests.keys()]).toEqual(['b.test.ts']);
  });
});

it('a file damaged past its header (a page overwritten) is found when loading and moved aside', async () => {
  // Enough rows for several pages; then overwrite every page after the first with garbage.
  await saveRun(file, runRecord(Array.from({ length: 300 }, (_, i) => testRun(`t${i}.test.ts`, [fingerprint(`src/f${i}.ts`, BigInt(i), [BigInt(i)])]))));
  const bytes = fs.readFileSync(file);
  for (let at = 4096; at < bytes.length; at++) bytes[at] = (at * 7919) & 0xff;
  fs.writeFileSync(file, bytes);

  const opened = await openStore(file, 'default');
  expect(opened.status).toBe('damaged');
  expect(opened.warnings[0]).toMatch(/is not a usable data file \(.*\)\. It was moved aside to /);
  expect(filesStartingWith(dir, `${DEFAULT_DATA_FILE}.corrupt-`)).toHaveLength(1);
  expect(opened.snapshot.tests.size).toBe(0);
});

it('a directory at the path is reported, left in place, and a save records nothing', async () => {
  fs.mkdirSync(file);
  fs.writeFileSync(path.join(file, 'keep.txt'), 'user data');

  const opened = await openStore(file, 'default');
  expect(opened.status).toBe('unreadable');
  expect(opened.snapshot.tests.size).toBe(0);
  expect(opened.warnings).toEqual([
    `jest-difftest: cannot read ${file} (it is a directory); all tests will run. Make it a readable file (remove or rename what is there) or choose another data file with --diff-datafile.`,
  ]);
  expect(fs.readFileSync(path.join(file, 'keep.txt'), 'utf8')).toBe('user data');

  const saved = await saveRun(file, runRecord([testRun('a.test.ts', [])]));
  expect(saved.saved).toBe(false);
  expect(saved.problems[0]?.code).toBe('DIFFTEST_DATA_FILE_UNREADABLE');
  expect(fs.statSync(file).isDirectory()).toBe(true);
  expect(fs.readdirSync(dir).sort()).toEqual([DEFAULT_DATA_FILE]);
});

describe('an unwritable location', () => {
  // A path below a regular file cannot be written by anyone, root included (ENOTDIR). The chmod
  // case is in concurrency.test.ts: it runs the writer as an unprivileged user when tests run as root.
  it('below a regular file: open says unreadable, save records nothing, neither throws', async () => {
    fs.writeFileSync(path.join(dir, 'plain'), 'x');
    const below = path.join(dir, 'plain', 'sub', DEFAULT_DATA_FILE);

    const opened = await openStore(below, 'default');
    expect(opened.status).toBe('unreadable');
    expect(opened.warnings[0]).toMatch(/^jest-difftest: cannot read .* \(a parent of it is not a directory \(ENOTDIR\)\); all tests will run\./);

    const saved = await saveRun(below, runRecord([testRun('a.test.ts', [])]));
    expect(saved.saved).toBe(false);
    expect(saved.problems.map((p) => p.code)).toEqual(['DIFFTEST_READ_ONLY_LOCATION']);
    expect(saved.warnings[0]).toMatch(
      new RegExp(`^jest-difftest: cannot write ${below.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(a parent of it is not a directory \\(ENOTDIR\\)\\); nothing was recorded for this run\\. Make its directory writable or choose another data file with --diff-datafile\\.$`),
    );
  });
});
