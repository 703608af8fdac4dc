import type { Database } from 'sql.js';
import type { EnvironmentRecord, FileState, Snapshot, StoredFingerprint, StoredTest } from './types';
import { decodeBlocks, decodeChecksum, decodeChecksums, decodeIds } from './codec';

/** A snapshot with nothing in it: what the glue gets for a new, damaged or unreadable data file. */
export function emptySnapshot(): Snapshot {
  return { environment: undefined, files: new Map(), fingerprints: new Map(), fingerprintsByFile: new Map(), tests: new Map() };
}

/**
 * Loads everything the selection reads for one environment: its tests, the fingerprints they link
 * to, and every file state (shared by all environments).
 *
 * @throws a SQLite error or RangeError when the data inside the file is damaged.
 */
export function readSnapshot(db: Database, envName: string): Snapshot {
  const files = readFiles(db);
  const env = readEnvironment(db, envName);
  if (!env) return { ...emptySnapshot(), files };

  const tests = new Map<string, StoredTest>();
  const referenced = new Set<number>();
  const stmt = db.prepare(
    'SELECT path, duration, failed, forced, recorded_at, fingerprint_ids FROM test_execution WHERE environment_id = ?',
  );
  try {
    stmt.bind([env.id]);
    while (stmt.step()) {
      const [path, duration, failed, forced, recordedAt, ids] = stmt.get();
      const fingerprintIds = decodeIds(ids as Uint8Array);
      for (const id of fingerprintIds) referenced.add(id);
      tests.set(path as string, {
        path: path as string,
        durationMs: duration as number,
        failed: failed === 1,
        forced: forced === 1,
        recordedAt: recordedAt as number,
        fingerprintIds,
      });
    }
  } finally {
    stmt.free();
  }

  const fingerprints = new Map<number, StoredFingerprint>();
  const fingerprintsByFile = new Map<string, StoredFingerprint[]>();
  if (referenced.size > 0) {
    const fps = db.prepare('SELECT id, file, file_hash, checksums FROM fingerprint');
    try {
      while (fps.step()) {
        const [id, file, fileHash, checksums] = fps.get();
        if (!referenced.has(id as number)) continue;
        const fp: StoredFingerprint = {
          id: id as number,
          file: file as string,
          fileHash: decodeChecksum(fileHash as Uint8Array),
          checksums: decodeChecksums(checksums as Uint8Array),
        };
        fingerprints.set(fp.id, fp);
        const list = fingerprintsByFile.get(fp.file);
        if (list) list.push(fp);
        else fingerprintsByFile.set(fp.file, [fp]);
      }
    } finally {
      fps.free();
    }
  }

  return { environment: env.record, files, fingerprints, fingerprintsByFile, tests };
}

/** The environment's row id and record, or `undefined` when the file has none of that name. */
export function readEnvironment(db: Database, name: string): { id: number; record: EnvironmentRecord } | undefined {
  const stmt = db.prepare('SELECT id, inputs FROM environment WHERE name = ?');
  try {
    stmt.bind([name]);
    if (!stmt.step()) return undefined;
    const [id, inputs] = stmt.get();
    return { id: id as number, record: { name, inputs: parseInputs(inputs as string) } };
  } finally {
    stmt.free();
  }
}

/** Names of every environment in the file. */
export function readEnvironmentNames(db: Database): string[] {
  return (db.exec('SELECT name FROM environment ORDER BY name')[0]?.values ?? []).map(([name]) => String(name));
}

function parseInputs(json: string): Record<string, string> {
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RangeError('stored environment inputs are not an object');
  const inputs: Record<string, string> = {};
  for (const [key, hash] of Object.entries(value)) inputs[key] = String(hash);
  return inputs;
}

function readFiles(db: Database): Map<string, FileState> {
  const files = new Map<string, FileState>();
  const stmt = db.prepare('SELECT path, mtime, size, hash, blocks, checked_at FROM file_state');
  try {
    while (stmt.step()) {
      const [path, mtime, size, hash, blocks, checkedAt] = stmt.get();
      files.set(path as string, {
        path: path as string,
        mtimeMs: mtime as number,
        size: size as number,
        hash: decodeChecksum(hash as Uint8Array),
        blocks: decodeBlocks(blocks as Uint8Array),
        checkedAt: checkedAt as number,
      });
    }
  } finally {
    stmt.free();
  }
  return files;
}
