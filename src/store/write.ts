import type { Database, SqlValue } from 'sql.js';
import type { RunRecord } from './types';
import { bytesKey, decodeIds, encodeBlocks, encodeChecksum, encodeChecksums, encodeIds } from './codec';

interface EncodedFingerprint {
  file: string;
  hash: Uint8Array;
  checksums: Uint8Array;
  /** file + content: equal keys are the same fingerprint. */
  key: string;
}

interface EncodedTest {
  path: string;
  durationMs: number;
  failed: boolean;
  forced: boolean;
  recordedAt: number;
  fingerprints: EncodedFingerprint[];
}

interface EncodedFile {
  path: string;
  mtimeMs: number;
  size: number;
  hash: Uint8Array;
  blocks: Uint8Array;
  checkedAt: number;
}

/** A {@link RunRecord} checked and encoded for the database, before the lock is taken. */
export interface EncodedRun {
  environment: { name: string; inputs: string };
  tests: EncodedTest[];
  files: EncodedFile[];
  removedTests: string[];
  resetEnvironment: boolean;
}

export interface ApplyOptions {
  /**
   * Keep a stored test, file state or environment when it is newer than the incoming one (by
   * `recordedAt`/`checkedAt`): what merging data files wants. A run's own save replaces.
   * @default false
   */
  newerOnly?: boolean;
}

export interface ApplyStats {
  testsWritten: number;
  testsDeleted: number;
  fingerprintsAdded: number;
  fingerprintsCollected: number;
  filesCollected: number;
}

function fail(what: string, value: unknown, expected: string): never {
  throw new TypeError(`jest-difftest: ${what} must be ${expected}, got ${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value) ?? String(value)}. This is a bug in the caller.`);
}

function checkString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') fail(what, value, 'a non-empty string');
  return value;
}

function checkNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(what, value, 'a finite number');
  return value;
}

/**
 * Checks and encodes a run record. Done before the lock is taken, so a bad record fails fast.
 * @throws {TypeError} naming the field when the record is malformed.
 */
export function encodeRun(run: RunRecord): EncodedRun {
  if (typeof run !== 'object' || run === null) fail('the run record', run, 'an object');
  const env = run.environment;
  if (typeof env !== 'object' || env === null) fail('run.environment', env, 'an object');
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(env.inputs ?? {})) inputs[key] = checkString(value, `environment input ${key}`);
  const fingerprints = new Map<string, EncodedFingerprint>();
  return {
    environment: { name: checkString(env.name, 'run.environment.name'), inputs: JSON.stringify(inputs) },
    tests: (run.tests ?? []).map((test) => {
      const path = checkString(test.path, 'a test path');
      return {
        path,
        durationMs: checkNumber(test.durationMs, `durationMs of ${path}`),
        failed: Boolean(test.failed),
        forced: Boolean(test.forced),
        recordedAt: checkNumber(test.recordedAt, `recordedAt of ${path}`),
        fingerprints: (test.fingerprints ?? []).map((fp) => {
          const file = checkString(fp.file, `a fingerprint file of ${path}`);
          const hash = encodeChecksum(fp.fileHash, `fileHash of ${file} in ${path}`);
          const checksums = encodeChecksums(fp.checksums ?? [], `a checksum of ${file} in ${path}`);
          const key = `${file}\0${bytesKey(hash)}${bytesKey(checksums)}`;
          let encoded = fingerprints.get(key);
          if (!encoded) {
            encoded = { file, hash, checksums, key };
            fingerprints.set(key, encoded);
          }
          return encoded;
        }),
      };
    }),
    files: (run.files ?? []).map((state) => {
      const path = checkString(state.path, 'a file state path');
      return {
        path,
        mtimeMs: checkNumber(state.mtimeMs, `mtimeMs of ${path}`),
        size: checkNumber(state.size, `size of ${path}`),
        hash: encodeChecksum(state.hash, `hash of ${path}`),
        blocks: encodeBlocks(state.blocks ?? []),
        checkedAt: checkNumber(state.checkedAt, `checkedAt of ${path}`),
      };
    }),
    removedTests: (run.removedTests ?? []).map((path) => checkString(path, 'a removed test path')),
    resetEnvironment: Boolean(run.resetEnvironment),
  };
}

/**
 * Merges a run into the database in one transaction: the environment's inputs, its tests' records
 * (replaced whole), removed tests, a reset of the environment, the file states; then drops the
 * fingerprints no test links to any more and the file states no fingerprint names.
 * Other tests' and other environments' records stay as they were.
 */
export function applyRun(db: Database, run: EncodedRun, options: ApplyOptions = {}): ApplyStats {
  const newerOnly = options.newerOnly ?? false;
  const stats: ApplyStats = { testsWritten: 0, testsDeleted: 0, fingerprintsAdded: 0, fingerprintsCollected: 0, filesCollected: 0 };
  db.run('BEGIN');
  try {
    const envId = upsertEnvironment(db, run, newerOnly);
    if (run.resetEnvironment) {
      db.run('DELETE FROM test_execution WHERE environment_id = ?', [envId]);
      stats.testsDeleted += db.getRowsModified();
    }
    if (run.removedTests.length > 0) {
      const del = db.prepare('DELETE FROM test_execution WHERE environment_id = ? AND path = ?');
      try {
        for (const path of run.removedTests) {
          del.run([envId, path]);
          stats.testsDeleted += db.getRowsModified();
        }
      } finally {
        del.free();
      }
    }

    const ids = resolveFingerprints(db, run, stats);
    writeTests(db, envId, run, ids, newerOnly, stats);
    writeFiles(db, run, newerOnly);
    collectGarbage(db, stats);
    db.run('COMMIT');
  } catch (error) {
    try {
      db.run('ROLLBACK');
    } catch {
      // The transaction is already gone: the original error says why.
    }
    throw error;
  }
  // Hand the pages freed by deleted rows back, so the file does not only grow.
  db.run('PRAGMA incremental_vacuum');
  return stats;
}

function upsertEnvironment(db: Database, run: EncodedRun, newerOnly: boolean): number {
  const { name, inputs } = run.environment;
  const found = db.exec('SELECT id FROM environment WHERE name = ?', [name])[0]?.values[0]?.[0];
  if (found === undefined) {
    db.run('INSERT INTO environment (name, inputs) VALUES (?, ?)', [name, inputs]);
    return db.exec('SELECT last_insert_rowid()')[0]?.values[0]?.[0] as number;
  }
  const id = found as number;
  if (newerOnly) {
    const storedNewest = (db.exec('SELECT max(recorded_at) FROM test_execution WHERE environment_id = ?', [id])[0]?.values[0]?.[0] as number | null) ?? -Infinity;
    const incomingNewest = run.tests.reduce((max, t) => Math.max(max, t.recordedAt), -Infinity);
    if (incomingNewest <= storedNewest) return id;
  }
  db.run('UPDATE environment SET inputs = ? WHERE id = ?', [inputs, id]);
  return id;
}

/** Fingerprint key → id, inserting the fingerprints the file does not have yet. */
function resolveFingerprints(db: Database, run: EncodedRun, stats: ApplyStats): Map<string, number> {
  const wanted = new Map<string, EncodedFingerprint>();
  for (const test of run.tests) for (const fp of test.fingerprints) wanted.set(fp.key, fp);
  const ids = new Map<string, number>();
  if (wanted.size === 0) return ids;

  const files = [...new Set([...wanted.values()].map((fp) => fp.file))];
  const existing = db.prepare('SELECT id, file, file_hash, checksums FROM fingerprint WHERE file IN (SELECT value FROM json_each(?))');
  try {
    existing.bind([JSON.stringify(files)]);
    while (existing.step()) {
      const [id, file, hash, checksums] = existing.get();
      const key = `${file as string}\0${bytesKey(hash as Uint8Array)}${bytesKey(checksums as Uint8Array)}`;
      if (wanted.has(key)) ids.set(key, id as number);
    }
  } finally {
    existing.free();
  }

  let next = ((db.exec('SELECT max(id) FROM fingerprint')[0]?.values[0]?.[0] as number | null) ?? 0) + 1;
  const insert = db.prepare('INSERT INTO fingerprint (id, file, file_hash, checksums) VALUES (?, ?, ?, ?)');
  try {
    for (const fp of wanted.values()) {
      if (ids.has(fp.key)) continue;
      insert.run([next, fp.file, fp.hash, fp.checksums]);
      ids.set(fp.key, next++);
      stats.fingerprintsAdded++;
    }
  } finally {
    insert.free();
  }
  return ids;
}

function writeTests(db: Database, envId: number, run: EncodedRun, ids: ReadonlyMap<string, number>, newerOnly: boolean, stats: ApplyStats): void {
  const upsert = db.prepare(
    `INSERT INTO test_execution (environment_id, path, duration, failed, forced, recorded_at, fingerprint_ids)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (environment_id, path) DO UPDATE SET
       duration = excluded.duration, failed = excluded.failed, forced = excluded.forced,
       recorded_at = excluded.recorded_at, fingerprint_ids = excluded.fingerprint_ids
     ${newerOnly ? 'WHERE excluded.recorded_at > test_execution.recorded_at' : ''}`,
  );
  try {
    for (const test of run.tests) {
      const links = encodeIds(test.fingerprints.map((fp) => ids.get(fp.key) as number));
      const row: SqlValue[] = [envId, test.path, test.durationMs, test.failed ? 1 : 0, test.forced ? 1 : 0, test.recordedAt, links];
      upsert.run(row);
      stats.testsWritten += db.getRowsModified();
    }
  } finally {
    upsert.free();
  }
}

function writeFiles(db: Database, run: EncodedRun, newerOnly: boolean): void {
  if (run.files.length === 0) return;
  const upsert = db.prepare(
    `INSERT INTO file_state (path, mtime, size, hash, blocks, checked_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET
       mtime = excluded.mtime, size = excluded.size, hash = excluded.hash, blocks = excluded.blocks,
       checked_at = excluded.checked_at
     ${newerOnly ? 'WHERE excluded.checked_at > file_state.checked_at' : ''}`,
  );
  try {
    for (const file of run.files) upsert.run([file.path, file.mtimeMs, file.size, file.hash, file.blocks, file.checkedAt]);
  } finally {
    upsert.free();
  }
}

/** Drops fingerprints no test (of any environment) links to, then file states no fingerprint names. */
function collectGarbage(db: Database, stats: ApplyStats): void {
  const referenced = new Set<number>();
  const links = db.prepare('SELECT fingerprint_ids FROM test_execution');
  try {
    while (links.step()) {
      for (const id of decodeIds(links.get()[0] as Uint8Array)) referenced.add(id);
    }
  } finally {
    links.free();
  }

  const unreferenced: number[] = [];
  const all = db.prepare('SELECT id FROM fingerprint');
  try {
    while (all.step()) {
      const id = all.get()[0] as number;
      if (!referenced.has(id)) unreferenced.push(id);
    }
  } finally {
    all.free();
  }
  if (unreferenced.length === 0) return;
  const del = db.prepare('DELETE FROM fingerprint WHERE id = ?');
  try {
    for (const id of unreferenced) del.run([id]);
  } finally {
    del.free();
  }
  stats.fingerprintsCollected = unreferenced.length;
  db.run('DELETE FROM file_state WHERE path NOT IN (SELECT file FROM fingerprint)');
  stats.filesCollected = db.getRowsModified();
}
