import type { SqlJsStatic } from 'sql.js';
import { loadSqlJs } from '../../wasm/sqljs';
import { DamagedDataFileError, type DiffTestError, SchemaVersionError, SqlJsUnavailableError, UnreadableDataFileError } from '../errors';
import type { Provenance, Snapshot } from './types';
import { isDamage, readDataFile, type FileIdentity } from './dataFile';
import type { LockOptions } from './lock';
import { moveAside } from './moveAside';
import { emptySnapshot, readProvenance, readSnapshot } from './read';
import { SCHEMA_VERSION } from './schema';

/**
 * - `ok`: the file was read (the environment may still have no records: `snapshot.environment`).
 * - `new`: there is no data file yet.
 * - `rebuilt`: the file has another schema version; it is ignored and replaced by the next save.
 * - `damaged`: the file is not a usable data file; it was moved aside (see the warning).
 * - `unreadable`: the path cannot be read (a directory is there, no permission …).
 *
 * Anything but `ok` comes with an empty snapshot: every test runs.
 */
export type StoreStatus = 'ok' | 'new' | 'rebuilt' | 'damaged' | 'unreadable';

export interface OpenResult {
  snapshot: Snapshot;
  status: StoreStatus;
  /** `jest-difftest: …` lines for the user, one per problem (the problems' messages). */
  warnings: string[];
  problems: DiffTestError[];
  /** The data file as it was read (with `ok`): another process's save gives it another identity. */
  identity?: FileIdentity;
}

export interface OpenOptions {
  /**
   * The lock taken to move a damaged file aside.
   * @default { timeoutMs: 5000 }
   */
  lock?: LockOptions;
}

/**
 * Reads the data file and loads what the selection needs for one environment. Never throws for a
 * bad file: a damaged one is moved aside to `<file>.corrupt-<time>` and reported, and the snapshot
 * is then empty so that every test runs.
 *
 * @param file the data file's path (the glue decides it; see {@link DEFAULT_DATA_FILE}).
 * @param envName the environment whose records to load (`default`, or `--diff-env`).
 *
 * @throws {TypeError} when `file` or `envName` is not a non-empty string.
 *
 * @example
 * const { snapshot, status, warnings } = await openStore('/repo/.difftestdata', 'default');
 * for (const line of warnings) process.stderr.write(`${line}\n`);
 */
export async function openStore(file: string, envName: string, options: OpenOptions = {}): Promise<OpenResult> {
  if (typeof file !== 'string' || file === '') throw new TypeError(`jest-difftest: openStore needs the data file's path, got ${JSON.stringify(file)}.`);
  if (typeof envName !== 'string' || envName === '') throw new TypeError(`jest-difftest: openStore needs an environment name, got ${JSON.stringify(envName)}.`);
  let SQL: SqlJsStatic;
  try {
    SQL = await loadSqlJs();
  } catch (error) {
    return problem('unreadable', new SqlJsUnavailableError({ cause: error }));
  }

  // A second attempt only when another process replaced a damaged file while we looked at it.
  for (let attempt = 0; ; attempt++) {
    const found = await readDataFile(SQL, file);
    switch (found.kind) {
      case 'missing':
        return { snapshot: emptySnapshot(), status: 'new', warnings: [], problems: [] };
      case 'unreadable':
        return problem('unreadable', new UnreadableDataFileError(file, found.reason, { cause: found.cause }));
      case 'version':
        return problem('rebuilt', new SchemaVersionError(file, found.found, SCHEMA_VERSION));
      case 'ok':
        try {
          return { snapshot: readSnapshot(found.db, envName), status: 'ok', warnings: [], problems: [], identity: found.identity };
        } catch (error) {
          if (!isDamage(error)) return problem('unreadable', new UnreadableDataFileError(file, (error as Error).message, { cause: error }));
          const moved = await moveAside(file, found.identity, options.lock ?? { timeoutMs: 5000 });
          if (moved.kind === 'replaced' && attempt === 0) continue;
          const reason = `its content is damaged: ${(error as Error).message}`;
          return problem('damaged', new DamagedDataFileError(file, reason, moved.kind === 'moved' ? moved.to : undefined, { cause: error }));
        } finally {
          found.db.close();
        }
      case 'damaged': {
        const moved = await moveAside(file, found.identity, options.lock ?? { timeoutMs: 5000 });
        if (moved.kind === 'replaced' && attempt === 0) continue;
        return problem('damaged', new DamagedDataFileError(file, found.reason, moved.kind === 'moved' ? moved.to : undefined, { cause: found.cause }));
      }
    }
  }
}

function problem(status: StoreStatus, error: DiffTestError): OpenResult {
  return { snapshot: emptySnapshot(), status, warnings: [error.message], problems: [error] };
}

/** When (and at which commit) a data file was last saved; `undefined` if unknown or unreadable. */
export async function readFileProvenance(file: string): Promise<Provenance | undefined> {
  const found = await readDataFile(await loadSqlJs(), file);
  if (found.kind !== 'ok') return undefined;
  try {
    return readProvenance(found.db);
  } catch {
    return undefined;
  } finally {
    found.db.close();
  }
}
