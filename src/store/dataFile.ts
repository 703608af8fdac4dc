import * as fs from 'fs';
import type { Database, SqlJsStatic } from 'sql.js';
import { APPLICATION_ID, SCHEMA_VERSION, schemaProblem } from './schema';

/** Enough of a file's identity to tell whether another process replaced it since it was read. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** What is at the data file's path, read and checked, cheapest check first. */
export type DataFile =
  | { kind: 'missing' }
  | { kind: 'ok'; db: Database; identity: FileIdentity }
  | { kind: 'version'; found: number; identity: FileIdentity }
  | { kind: 'damaged'; reason: string; identity: FileIdentity; cause?: unknown }
  | { kind: 'unreadable'; reason: string; cause: unknown };

const MAGIC = 'SQLite format 3\0';

/**
 * Reads the data file and opens it with sql.js when its header says it is a data file of this
 * schema. The header is checked first (magic, application id, version, size against the page
 * count), so a truncated or foreign file is found without loading it. The caller closes `db`.
 */
export async function readDataFile(SQL: SqlJsStatic, file: string): Promise<DataFile> {
  let bytes: Buffer;
  let identity: FileIdentity;
  try {
    const handle = await fs.promises.open(file, 'r');
    try {
      const stat = await handle.stat();
      if (stat.isDirectory()) return { kind: 'unreadable', reason: 'it is a directory', cause: undefined };
      identity = { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: describeFsError(error), cause: error };
  }

  const header = checkHeader(bytes);
  if (typeof header === 'number') return { kind: 'version', found: header, identity };
  if (header) return { kind: 'damaged', reason: header, identity };

  let db: Database | undefined;
  try {
    db = new SQL.Database(bytes);
    const problem = schemaProblem(db);
    if (problem) {
      db.close();
      return { kind: 'damaged', reason: problem, identity };
    }
    return { kind: 'ok', db, identity };
  } catch (error) {
    db?.close();
    return { kind: 'damaged', reason: `SQLite says: ${(error as Error).message}`, identity, cause: error };
  }
}

/**
 * Checks the 100-byte SQLite header.
 * @returns a reason the file is damaged or foreign, another schema version's number, or `undefined`.
 */
export function checkHeader(bytes: Uint8Array): string | number | undefined {
  if (bytes.length === 0) return 'the file is empty';
  if (bytes.length < 100 || Buffer.from(bytes.buffer, bytes.byteOffset, 16).toString('latin1') !== MAGIC) {
    return bytes.length < 100 && MAGIC.startsWith(Buffer.from(bytes).toString('latin1')) ? 'the file is truncated' : 'it is not a SQLite database';
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rawPageSize = view.getUint16(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || (pageSize & (pageSize - 1)) !== 0) return 'it is not a SQLite database (bad page size)';
  const applicationId = view.getUint32(68);
  if (applicationId !== APPLICATION_ID) {
    return `it is another application's SQLite database (application id ${applicationId === 0 ? 'none' : `0x${applicationId.toString(16)}`})`;
  }
  const version = view.getUint32(60);
  if (version !== SCHEMA_VERSION) return version;
  // The in-header page count is valid when "version-valid-for" equals the change counter.
  const pageCount = view.getUint32(28);
  if (view.getUint32(92) === view.getUint32(24) && pageCount > 0 && bytes.length < pageCount * pageSize) {
    return `the file is truncated (${bytes.length} of ${pageCount * pageSize} bytes)`;
  }
  if (bytes.length % pageSize !== 0) return `the file is truncated (${bytes.length} bytes is not a whole number of ${pageSize}-byte pages)`;
  return undefined;
}

/** A short reason for a file-system error: `permission denied (EACCES)`. */
export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a parent of it is not a directory',
    ENOENT: 'its directory does not exist',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    EIO: 'input/output error',
  };
  if (e && typeof e.code === 'string') return `${reasons[e.code] ?? e.message}${reasons[e.code] ? ` (${e.code})` : ''}`;
  return String((error as Error)?.message ?? error);
}

/**
 * Whether an error thrown while reading or changing an opened data file means its content is
 * damaged: SQLite's corruption errors, or our decoders' checks (RangeError) and JSON parsing of
 * stored values (SyntaxError). Anything else is not a reason to move the file aside.
 */
export function isDamage(error: unknown): boolean {
  if (error instanceof RangeError || error instanceof SyntaxError) return true;
  const message = error instanceof Error ? error.message : '';
  return /malformed|corrupt|not a database|no such (table|column)|file is (not|encrypted)/i.test(message);
}

/** File-system error codes that mean "this location cannot be written". */
export const READ_ONLY_CODES: ReadonlySet<string> = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EISDIR']);

export function sameIdentity(a: FileIdentity, b: fs.Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}
