import type { Database, SqlValue } from 'sql.js';

/**
 * Reading a table as a few JSON arrays and one BLOB, with one aggregate query, instead of row by
 * row: sql.js pays per row and per BLOB (calls into WebAssembly, a small typed array each), which
 * for tens of thousands of rows costs more than everything else in a load.
 */
export function oneRow(db: Database, sql: string, params?: SqlValue[]): SqlValue[] {
  const stmt = db.prepare(sql);
  try {
    if (params) stmt.bind(params);
    stmt.step();
    return stmt.get();
  } finally {
    stmt.free();
  }
}

/**
 * The BLOB of `CAST(group_concat(blob, '') AS BLOB)`: SQLite appends the BLOBs' bytes as they are
 * (a UTF-8 database does not convert them) and the CAST hands them back unchanged.
 * @throws {RangeError} when the length is not the expected one.
 */
export function concatenated(value: SqlValue | undefined, expected: number, what: string): Uint8Array {
  const bytes = value instanceof Uint8Array ? value : new Uint8Array(0);
  if (bytes.length !== expected) throw new RangeError(`the stored ${what} are damaged (${bytes.length} bytes instead of ${expected})`);
  return bytes;
}

/**
 * Fingerprint rows as parallel arrays; `bytes` holds each row's 8-byte file hash followed by its
 * checksums (`lengths[i]` bytes), row after row.
 */
export interface FingerprintRows {
  ids: number[];
  files: string[];
  lengths: number[];
  bytes: Uint8Array;
  view: DataView;
}

/** Every fingerprint row, or those of the given files. Rows with malformed BLOBs are left out. */
export function scanFingerprints(db: Database, onlyFiles?: readonly string[]): FingerprintRows {
  const row = oneRow(
    db,
    `SELECT json_group_array(id), json_group_array(file), json_group_array(length(checksums)),
            CAST(group_concat(file_hash || checksums, '') AS BLOB)
     FROM fingerprint WHERE length(file_hash) = 8 AND length(checksums) % 8 = 0
     ${onlyFiles ? 'AND file IN (SELECT value FROM json_each(?))' : ''}`,
    onlyFiles ? [JSON.stringify(onlyFiles)] : undefined,
  );
  const ids = JSON.parse(row[0] as string) as number[];
  const files = JSON.parse(row[1] as string) as string[];
  const lengths = JSON.parse(row[2] as string) as number[];
  let total = 0;
  for (const length of lengths) total += 8 + length;
  const bytes = concatenated(row[3], total, 'fingerprints');
  return { ids, files, lengths, bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
