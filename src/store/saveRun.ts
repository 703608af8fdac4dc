import * as fs from 'fs';
import * as path from 'path';
import type { Database, SqlJsStatic } from 'sql.js';
import { loadSqlJs } from '../../wasm/sqljs';
import {
  DamagedDataFileError,
  DataFilePathError,
  DataFileWriteError,
  type DiffTestError,
  LockTimeoutError,
  ReadOnlyLocationError,
  SqlJsUnavailableError,
  UnreadableDataFileError,
} from '../errors';
import type { Provenance, RunRecord } from './types';
import { describeFsError, isDamage, READ_ONLY_CODES, readDataFile } from './dataFile';
import { removeLeftovers, writeFileAtomic } from './atomicWrite';
import { acquireLock, DEFAULT_STALE_LOCK_MS, type Lock, type LockOptions } from './lock';
import { moveAside } from './moveAside';
import { createSchema } from './schema';
import { encodeRun, type EncodedRun } from './encodeRun';
import { readProvenance, writeProvenance } from './read';
import { applyRun, type ApplyOptions, type ApplyStats } from './write';

/** Points inside a save where {@link SaveOptions.onStage} is called. */
export type SaveStage = 'locked' | 'written';

export interface SaveOptions {
  /** @default { timeoutMs: 20000, staleMs: 60000 } */
  lock?: LockOptions;
  /**
   * Called with `locked` once the lock is held and with `written` once the temporary file is
   * complete, before it is renamed over the data file. For tests (stop a writer there) and tracing.
   */
  onStage?: (stage: SaveStage) => void | Promise<void>;
}

/**
 * What the save found at the path under the lock: `ok` (merged into it), `new` (no file yet),
 * `rebuilt` (another schema version, replaced), `damaged` (moved aside, replaced).
 */
export type PreviousState = 'ok' | 'new' | 'rebuilt' | 'damaged';

export interface SaveResult {
  /** The run's records are in the data file. */
  saved: boolean;
  previous?: PreviousState;
  /** `jest-difftest: …` lines for the user (the problems' messages). */
  warnings: string[];
  problems: DiffTestError[];
  stats?: ApplyStats;
  /** Size of the data file written. */
  bytes?: number;
}

/**
 * Merges one run's records into the data file: takes `<file>.lock`, re-reads the file under it,
 * replaces the records of the tests that ran (in the run's environment), upserts file states,
 * deletes removed tests (all of the environment's other tests with `resetEnvironment`), collects
 * unreferenced fingerprints, and replaces the file atomically (temporary file, fsync, rename).
 *
 * Expected conditions (lock held too long, read-only location, damaged file) come back as warnings
 * with `saved: false` (a damaged file is moved aside and replaced, with a warning).
 *
 * @throws {TypeError} for a malformed run record (a bug in the caller), before taking the lock;
 *   unexpected errors (not file-system conditions, not damage) are not swallowed either.
 *
 * @example
 * const result = await saveRun('/repo/.difftestdata', run);
 * for (const line of result.warnings) process.stderr.write(`${line}\n`);
 */
export async function saveRun(file: string, run: RunRecord, options: SaveOptions = {}): Promise<SaveResult> {
  if (typeof file !== 'string' || file === '') throw new TypeError(`jest-difftest: saveRun needs the data file's path, got ${JSON.stringify(file)}.`);
  const encoded = encodeRun(run);
  return withDataFile(file, options, (db) => {
    const stats = applyRun(db, encoded);
    if (run.provenance) writeProvenance(db, run.provenance);
    return stats;
  });
}

/**
 * Applies several encoded runs to one data file under one lock, for `merge`.
 * @internal
 */
export async function saveRuns(
  file: string,
  runs: readonly EncodedRun[],
  applyOptions: ApplyOptions,
  options: SaveOptions = {},
  provenance?: Provenance,
): Promise<SaveResult> {
  return withDataFile(
    file,
    options,
    (db) => {
      const total: ApplyStats = { testsWritten: 0, testsDeleted: 0, fingerprintsAdded: 0, fingerprintsCollected: 0, filesCollected: 0 };
      for (const run of runs) {
        const stats = applyRun(db, run, applyOptions);
        for (const key of Object.keys(total) as (keyof ApplyStats)[]) total[key] += stats[key];
      }
      // The newest save among what was merged, the file's own included.
      const own = readProvenance(db);
      if (provenance && (!own || own.savedAt < provenance.savedAt)) writeProvenance(db, provenance);
      return total;
    },
  );
}

/** Lock, read, change, write atomically, unlock: the skeleton every write of the data file follows. */
async function withDataFile(file: string, options: SaveOptions, change: (db: Database) => ApplyStats): Promise<SaveResult> {
  const problems: DiffTestError[] = [];
  const notSaved = (error: DiffTestError): SaveResult => {
    problems.push(error);
    return { saved: false, warnings: problems.map((p) => p.message), problems };
  };

  let SQL: SqlJsStatic;
  try {
    SQL = await loadSqlJs();
  } catch (error) {
    return notSaved(new SqlJsUnavailableError({ cause: error }));
  }

  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  } catch (error) {
    return notSaved(writeProblem(file, error));
  }

  let lock: Lock;
  try {
    lock = await acquireLock(file, options.lock);
  } catch (error) {
    if (error instanceof LockTimeoutError) return notSaved(error);
    return notSaved(writeProblem(file, error));
  }

  try {
    await options.onStage?.('locked');
    removeLeftovers(file, options.lock?.staleMs ?? DEFAULT_STALE_LOCK_MS);

    let previous: PreviousState;
    let db: Database | undefined;
    const found = await readDataFile(SQL, file);
    switch (found.kind) {
      case 'ok':
        previous = 'ok';
        db = found.db;
        break;
      case 'missing':
        previous = 'new';
        break;
      case 'version':
        // openStore already said so for this run; the file is replaced below.
        previous = 'rebuilt';
        break;
      case 'damaged': {
        previous = 'damaged';
        const moved = await moveAside(file, found.identity, 'held');
        problems.push(new DamagedDataFileError(file, found.reason, moved.kind === 'moved' ? moved.to : undefined, { cause: found.cause }));
        break;
      }
      case 'unreadable':
        return notSaved(new UnreadableDataFileError(file, found.reason, { cause: found.cause }));
    }

    let stats: ApplyStats | undefined;
    let bytes: Uint8Array;
    try {
      if (db) {
        try {
          stats = change(db);
        } catch (error) {
          if (!isDamage(error) || found.kind !== 'ok') throw error;
          // SQLite found damage deep inside a file whose header was fine: keep it aside, start over.
          db.close();
          db = undefined;
          previous = 'damaged';
          const moved = await moveAside(file, found.identity, 'held');
          const reason = `its content is damaged: ${(error as Error).message}`;
          problems.push(new DamagedDataFileError(file, reason, moved.kind === 'moved' ? moved.to : undefined, { cause: error }));
        }
      }
      if (!db) {
        db = new SQL.Database();
        createSchema(db);
        stats = change(db);
      }
      bytes = db.export();
    } finally {
      db?.close();
    }

    try {
      await writeFileAtomic(file, bytes, () => options.onStage?.('written'));
    } catch (error) {
      return notSaved(writeProblem(file, error));
    }
    return { saved: true, previous, warnings: problems.map((p) => p.message), problems, ...(stats ? { stats } : {}), bytes: bytes.length };
  } finally {
    lock.release();
  }
}

function writeProblem(file: string, error: unknown): DiffTestError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const reason = describeFsError(error);
  if (code !== undefined && READ_ONLY_CODES.has(code)) return new ReadOnlyLocationError(file, reason, { cause: error });
  const syscall = (error as NodeJS.ErrnoException)?.syscall;
  if (code === 'ENOTDIR' || (code === 'EEXIST' && syscall === 'mkdir')) return new DataFilePathError(file, reason, { cause: error });
  return new DataFileWriteError(file, reason, { cause: error });
}
