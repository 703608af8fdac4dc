import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { FileState, Fingerprint, RunRecord, TestRun } from '../../src/store/types';
import { DEFAULT_DATA_FILE } from '../../src/store';

/** A fresh temporary directory, removed by {@link cleanUp}. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-store-'));
}

export function cleanUp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** For each test of the calling file: a fresh directory, and the data file's path in it. */
export function freshDataFile(): { dir: string; file: string } {
  const where = { dir: '', file: '' };
  beforeEach(() => {
    where.dir = tempDir();
    where.file = path.join(where.dir, DEFAULT_DATA_FILE);
  });
  afterEach(() => cleanUp(where.dir));
  return where;
}

export function fingerprint(file: string, fileHash: bigint, checksums: bigint[]): Fingerprint {
  return { file, fileHash, checksums: [...checksums].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) };
}

export function testRun(path: string, fingerprints: Fingerprint[], extra: Partial<TestRun> = {}): TestRun {
  return { path, durationMs: 12.5, failed: false, forced: false, recordedAt: 1_700_000_000_000, fingerprints, ...extra };
}

export function fileState(path: string, hash: bigint, blocks: [string, bigint][] = [['<module>', hash ^ 1n]]): FileState {
  return { path, mtimeMs: 1_700_000_000_123.25, size: 321, hash, blocks: blocks.map(([name, checksum]) => ({ name, checksum })), checkedAt: 1_700_000_005_000 };
}

export function runRecord(tests: TestRun[], extra: Partial<RunRecord> = {}): RunRecord {
  return {
    environment: { name: 'default', inputs: { node: 'v20', jest: '30.0.0' } },
    tests,
    files: [],
    removedTests: [],
    resetEnvironment: false,
    ...extra,
  };
}

/** Files in `dir` whose names start with `prefix`. */
export function filesStartingWith(dir: string, prefix: string): string[] {
  return fs.readdirSync(dir).filter((name) => name.startsWith(prefix));
}
