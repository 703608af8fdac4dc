import type { Database, SqlValue } from 'sql.js';
import { decodeIds, encodeIds, markIds } from './codec';
import { encodeCases } from './casesCodec';
import type { EncodedFingerprint, EncodedRun } from './encodeRun';
import { scanFingerprints } from './scan';

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
    // Fingerprints that may lose their last link: those of the records about to be replaced or
    // deleted, and those this run adds (with newerOnly, a record may not be taken).
    const candidates = new Set<number>();
    const replaced = run.resetEnvironment ? undefined : [...run.removedTests, ...run.tests.map((test) => test.path)];
    linksOf(db, envId, replaced, candidates);
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

    resolveFingerprints(db, run, stats, candidates);
    writeTests(db, envId, run, newerOnly, stats);
    writeFiles(db, run, newerOnly);
    collectGarbage(db, candidates, stats);
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

/** Adds the fingerprint ids linked from the environment's records of `paths` (all of them: `undefined`). */
function linksOf(db: Database, envId: number, paths: readonly string[] | undefined, into: Set<number>): void {
  if (paths?.length === 0) return;
  const stmt = db.prepare(
    `SELECT fingerprint_ids FROM test_execution WHERE environment_id = ?${paths ? ' AND path IN (SELECT value FROM json_each(?))' : ''}`,
  );
  try {
    stmt.bind(paths ? [envId, JSON.stringify(paths)] : [envId]);
    while (stmt.step()) for (const id of decodeIds(stmt.get()[0] as Uint8Array)) into.add(id);
  } finally {
    stmt.free();
  }
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

/**
 * Sets each fingerprint's row id: the existing row with the same file, hash and checksums, or a
 * new row. Only the rows of the run's files are read, and compared byte for byte with the few
 * fingerprints the run has for the same file.
 */
function resolveFingerprints(db: Database, run: EncodedRun, stats: ApplyStats, added: Set<number>): void {
  if (run.fingerprints.length === 0) return;
  const byFile = new Map<string, EncodedFingerprint[]>();
  for (const fp of run.fingerprints) {
    fp.id = 0;
    const same = byFile.get(fp.file);
    if (same) same.push(fp);
    else byFile.set(fp.file, [fp]);
  }

  const existing = scanFingerprints(db, [...byFile.keys()]);
  let at = 0;
  for (let i = 0; i < existing.ids.length; i++) {
    const length = existing.lengths[i] as number;
    for (const fp of byFile.get(existing.files[i] as string) ?? []) {
      if (fp.checksums.length === length && equalAt(fp.hash, existing.bytes, at) && equalAt(fp.checksums, existing.bytes, at + 8)) {
        fp.id = existing.ids[i] as number;
      }
    }
    at += 8 + length;
  }

  let next = ((db.exec('SELECT max(id) FROM fingerprint')[0]?.values[0]?.[0] as number | null) ?? 0) + 1;
  const insert = db.prepare('INSERT INTO fingerprint (id, file, file_hash, checksums) VALUES (?, ?, ?, ?)');
  try {
    for (const same of byFile.values()) {
      for (let i = 0; i < same.length; i++) {
        const fp = same[i] as EncodedFingerprint;
        if (fp.id !== 0) continue;
        insert.run([next, fp.file, fp.hash, fp.checksums]);
        added.add(next);
        stats.fingerprintsAdded++;
        // The same content given twice (checksums in another order): one row.
        for (let j = i; j < same.length; j++) {
          const other = same[j] as EncodedFingerprint;
          if (other.id === 0 && sameBytes(fp.hash, other.hash) && sameBytes(fp.checksums, other.checksums)) other.id = next;
        }
        next++;
      }
    }
  } finally {
    insert.free();
  }
}

/** Whether `bytes` holds `a` at `at`. */
function equalAt(a: Uint8Array, bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== bytes[at + i]) return false;
  return true;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function writeTests(db: Database, envId: number, run: EncodedRun, newerOnly: boolean, stats: ApplyStats): void {
  const upsert = db.prepare(
    `INSERT INTO test_execution (environment_id, path, duration, failed, forced, recorded_at, fingerprint_ids, cases)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (environment_id, path) DO UPDATE SET
       duration = excluded.duration, failed = excluded.failed, forced = excluded.forced,
       recorded_at = excluded.recorded_at, fingerprint_ids = excluded.fingerprint_ids, cases = excluded.cases
     ${newerOnly ? 'WHERE excluded.recorded_at > test_execution.recorded_at' : ''}`,
  );
  try {
    for (const test of run.tests) {
      const ids = test.fingerprints.map((fp) => fp.id);
      const cases = test.cases ? encodeCases(test.cases, ids) : null;
      const row: SqlValue[] = [envId, test.path, test.durationMs, test.failed ? 1 : 0, test.forced ? 1 : 0, test.recordedAt, encodeIds(ids), cases];
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
    `INSERT INTO file_state (path, mtime, size, hash, block_names, block_checksums, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET
       mtime = excluded.mtime, size = excluded.size, hash = excluded.hash,
       block_names = excluded.block_names, block_checksums = excluded.block_checksums,
       checked_at = excluded.checked_at
     ${newerOnly ? 'WHERE excluded.checked_at > file_state.checked_at' : ''}`,
  );
  try {
    for (const file of run.files) upsert.run([file.path, file.mtimeMs, file.size, file.hash, file.blockNames, file.blockChecksums, file.checkedAt]);
  } finally {
    upsert.free();
  }
}

/**
 * Drops the candidate fingerprints no test (of any environment) links to any more, then the file
 * states no fingerprint names. Every record's links are read (a few bytes each); only candidates
 * can have lost their last link, so the fingerprint table itself is not scanned.
 */
function collectGarbage(db: Database, candidates: ReadonlySet<number>, stats: ApplyStats): void {
  if (candidates.size === 0) return;
  let max = 0;
  for (const id of candidates) if (id > max) max = id;
  const referenced = new Uint8Array(max + 1);
  const links = db.prepare('SELECT fingerprint_ids FROM test_execution');
  try {
    while (links.step()) markIds(links.get()[0] as Uint8Array, referenced);
  } finally {
    links.free();
  }
  const unreferenced = [...candidates].filter((id) => referenced[id] !== 1);
  if (unreferenced.length === 0) return;
  db.run('DELETE FROM fingerprint WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(unreferenced)]);
  stats.fingerprintsCollected = db.getRowsModified();
  db.run('DELETE FROM file_state WHERE path NOT IN (SELECT file FROM fingerprint)');
  stats.filesCollected = db.getRowsModified();
}
