import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openStore, saveRun, lockFileOf, DEFAULT_DATA_FILE } from '../../src/store';
import { buildStore } from './build';
import { cleanUp, filesStartingWith, fingerprint, runRecord, tempDir, testRun } from './helpers';

const writer = path.join(__dirname, 'fixtures', 'writer.js');
let build: ReturnType<typeof buildStore>;
let dir: string;
let file: string;

beforeAll(() => {
  build = buildStore();
});
afterAll(() => build?.remove());
beforeEach(() => {
  dir = tempDir();
  file = path.join(dir, DEFAULT_DATA_FILE);
});
afterEach(() => cleanUp(dir));

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(mode: string, id: number | string, options: { uid?: number; gid?: number } = {}): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [writer, build.index, file, mode, String(id), dir], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<Finished>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

async function waitFor(marker: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 3000 && !fs.existsSync(marker); i++) {
    if (child.exitCode !== null) throw new Error(`writer exited with ${child.exitCode} before ${marker}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  if (!fs.existsSync(marker)) throw new Error(`no ${marker}`);
}

async function kill(child: ChildProcess, done: Promise<Finished>): Promise<void> {
  child.kill('SIGKILL');
  expect((await done).signal).toBe('SIGKILL');
}

const baseline = runRecord([testRun('old.test.ts', [fingerprint('src/old.ts', 1n, [1n])])]);

it('8 processes writing at once: every record of every process is there, the file opens cleanly', async () => {
  await saveRun(file, baseline);
  const writers = Array.from({ length: 8 }, (_, id) => start('save', id));
  const results = await Promise.all(writers.map((w) => w.done));
  for (const result of results) {
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { saved: boolean; warnings: string[] });
    expect(lines).toEqual([0, 1, 2].map(() => ({ saved: true, warnings: [] })));
  }

  const opened = await openStore(file, 'default');
  expect(opened).toMatchObject({ status: 'ok', warnings: [] });
  const { snapshot } = opened;
  const expected = ['old.test.ts'];
  for (let id = 0; id < 8; id++) for (let round = 0; round < 3; round++) for (let k = 0; k < 4; k++) expected.push(`w${id}-${round}-${k}.test.ts`);
  expect([...snapshot.tests.keys()].sort()).toEqual(expected.sort());
  for (const [testPath, test] of snapshot.tests) {
    if (testPath === 'old.test.ts') continue;
    const name = testPath.replace('.test.ts', '');
    const files = test.fingerprintIds.map((id) => snapshot.fingerprints.get(id)?.file).sort();
    expect(files).toEqual([`${name}.test.ts`, 'src/shared.ts', `src/${name}.ts`].sort());
  }
  // The shared fingerprint is stored once for all 96 tests.
  expect(snapshot.fingerprintsByFile.get('src/shared.ts')).toEqual([
    expect.objectContaining({ fileHash: (1n << 63n) + 5n, checksums: [1n, 2n, (1n << 64n) - 1n] }),
  ]);
  expect(fs.readdirSync(dir).sort()).toEqual([DEFAULT_DATA_FILE]);
});

describe.each([['locked'], ['written']])('a writer killed with SIGKILL once %s', (stage) => {
  it('leaves the old file intact, and the next save recovers the stale lock', async () => {
    await saveRun(file, baseline);
    const before = fs.readFileSync(file);

    const { child, done } = start(`pause-${stage}`, 1);
    await waitFor(path.join(dir, `1.${stage}`), child);
    expect(fs.existsSync(lockFileOf(file))).toBe(true);
    if (stage === 'written') expect(filesStartingWith(dir, `${DEFAULT_DATA_FILE}.tmp-`)).toHaveLength(1);
    await kill(child, done);

    // The old file, byte for byte; it opens and still holds the old record.
    expect(fs.readFileSync(file)).toEqual(before);
    const opened = await openStore(file, 'default');
    expect(opened.status).toBe('ok');
    expect([...opened.snapshot.tests.keys()]).toEqual(['old.test.ts']);

    // The lock of the dead process is stale: the next save takes it without waiting it out.
    const saved = await saveRun(file, runRecord([testRun('next.test.ts', [])]), { lock: { timeoutMs: 5000 } });
    expect(saved).toMatchObject({ saved: true, previous: 'ok', warnings: [] });
    expect([...(await openStore(file, 'default')).snapshot.tests.keys()].sort()).toEqual(['next.test.ts', 'old.test.ts']);
    // No lock and no temporary file left behind.
    expect(fs.readdirSync(dir).filter((name) => !/^1\.(locked|written)$/.test(name))).toEqual([DEFAULT_DATA_FILE]);
  });
});

it('a live holder makes a save give up after the wait with a warning, recording nothing', async () => {
  await saveRun(file, baseline);
  const { child, done } = start('pause-locked', 2);
  try {
    await waitFor(path.join(dir, '2.locked'), child);
    const saved = await saveRun(file, runRecord([testRun('late.test.ts', [])]), { lock: { timeoutMs: 300 } });
    expect(saved.saved).toBe(false);
    expect(saved.problems.map((p) => p.code)).toEqual(['DIFFTEST_LOCK_TIMEOUT']);
    expect(saved.warnings[0]).toMatch(
      new RegExp(`^jest-difftest: gave up waiting \\d+ s for .*\\.difftestdata\\.lock \\(held by pid ${child.pid} on ${os.hostname()}, for \\d+ s\\); nothing was recorded for this run\\. If no other jest-difftest run is active, delete .*\\.difftestdata\\.lock\\.$`),
    );
  } finally {
    await kill(child, done);
  }
  expect([...(await openStore(file, 'default')).snapshot.tests.keys()]).toEqual(['old.test.ts']);
});

describe('stale locks', () => {
  it('a lock older than staleMs is broken even when its holder looks alive (another host)', async () => {
    fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid: process.pid, hostname: 'elsewhere', createdAt: Date.now() - 120_000, nonce: 'x' }));
    const saved = await saveRun(file, baseline, { lock: { timeoutMs: 2000 } });
    expect(saved.saved).toBe(true);
    expect(fs.existsSync(lockFileOf(file))).toBe(false);
  });

  it('a recent lock of another host is waited for', async () => {
    fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid: 1, hostname: 'elsewhere', createdAt: Date.now(), nonce: 'x' }));
    const saved = await saveRun(file, baseline, { lock: { timeoutMs: 200 } });
    expect(saved.saved).toBe(false);
    expect(saved.warnings[0]).toMatch(/held by pid 1 on elsewhere/);
    expect(fs.existsSync(lockFileOf(file))).toBe(true);
  });

  it('an unreadable lock file is judged by its age', async () => {
    const lock = lockFileOf(file);
    fs.writeFileSync(lock, '');
    expect((await saveRun(file, baseline, { lock: { timeoutMs: 200 } })).saved).toBe(false);
    const old = (Date.now() - 120_000) / 1000;
    fs.utimesSync(lock, old, old);
    expect((await saveRun(file, baseline, { lock: { timeoutMs: 2000 } })).saved).toBe(true);
  });
});

describe('an unwritable directory, as an unprivileged user', () => {
  // As root, chmod does not stop writes: run the writer as `nobody` then. As another user, chmod works.
  const root = process.getuid?.() === 0;
  const as = root ? { uid: 65534, gid: 65534 } : {};

  it('save warns and records nothing; the old file stays; open of a damaged file there cannot move it aside', async () => {
    await saveRun(file, baseline);
    const before = fs.readFileSync(file);
    fs.chmodSync(dir, 0o555);
    fs.chmodSync(file, 0o444);
    try {
      const saved = await start('save-once', 3, as).done;
      expect(saved).toMatchObject({ code: 0, stderr: '' });
      const result = JSON.parse(saved.stdout) as { saved: boolean; warnings: string[]; codes: string[] };
      expect(result.saved).toBe(false);
      expect(result.codes).toEqual(['DIFFTEST_READ_ONLY_LOCATION']);
      expect(result.warnings[0]).toBe(
        `jest-difftest: cannot write ${file} (permission denied (EACCES)); nothing was recorded for this run. Make its directory writable or choose another data file with --diff-datafile.`,
      );
      expect(fs.readFileSync(file)).toEqual(before);

      fs.chmodSync(dir, 0o755);
      fs.writeFileSync(file, 'not a database');
      fs.chmodSync(dir, 0o555);
      const opened = await start('open', 4, as).done;
      expect(opened).toMatchObject({ code: 0, stderr: '' });
      const open = JSON.parse(opened.stdout) as { status: string; warnings: string[]; tests: number };
      expect(open.status).toBe('damaged');
      expect(open.tests).toBe(0);
      expect(open.warnings[0]).toBe(
        `jest-difftest: ${file} is not a usable data file (it is not a SQLite database) and could not be moved aside; all tests will run. Delete or rename ${file} (or choose another data file with --diff-datafile).`,
      );
      expect(fs.readFileSync(file, 'utf8')).toBe('not a database');
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  });
});
