import type { Database } from 'sql.js';

/** The data file's name in Jest's `rootDir` unless the glue is told otherwise. */
export const DEFAULT_DATA_FILE = '.difftestdata';

/** Kept in `PRAGMA user_version`. A file with another version is ignored and rebuilt. */
export const SCHEMA_VERSION = 2;

/** `PRAGMA application_id` (the SQLite header's field for file formats): "diff" in ASCII. */
export const APPLICATION_ID = 0x64696666;

/** `metadata.application`: how a data file names its writer. */
export const APPLICATION = 'jest-difftest';

/**
 * The schema, shaped after pytest-testmon's, with its link table folded into a BLOB:
 *
 * - `metadata(key, value)`: `application`, `schema`.
 * - `environment(id, name, inputs)`: one row per `--diff-env`; `inputs` is a JSON object
 *   (input name → content hash).
 * - `fingerprint(id, file, file_hash, checksums)`: deduplicated over all tests and environments.
 *   `file_hash` is 8 big-endian bytes; `checksums` the sorted block checksums, 8 bytes each.
 * - `test_execution(id, environment_id, path, duration, failed, forced, recorded_at,
 *   fingerprint_ids)`: one row per test file and environment. `fingerprint_ids` is the link to
 *   `fingerprint`: sorted ids as delta varints (≈1–2 bytes a link, where testmon's link table and
 *   its index cost ≈30). `cases` is NULL, or the file's coverage split by test case (JSON, see
 *   `casesCodec.ts`) when per-test-case selection recorded it.
 * - `file_state(path, mtime, size, hash, block_names, block_checksums, checked_at)`: the cascade's
 *   cache, shared by all environments. The block table is a JSON array of names and the checksums
 *   in the same order, 8 bytes each.
 *
 * `auto_vacuum = INCREMENTAL` lets a save hand back the pages that deleted rows freed.
 */
const DDL = `
PRAGMA auto_vacuum = INCREMENTAL;
PRAGMA application_id = ${APPLICATION_ID};
PRAGMA user_version = ${SCHEMA_VERSION};
CREATE TABLE metadata (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE environment (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  inputs TEXT NOT NULL
);
CREATE TABLE fingerprint (
  id INTEGER PRIMARY KEY,
  file TEXT NOT NULL,
  file_hash BLOB NOT NULL,
  checksums BLOB NOT NULL
);
CREATE TABLE test_execution (
  id INTEGER PRIMARY KEY,
  environment_id INTEGER NOT NULL REFERENCES environment (id),
  path TEXT NOT NULL,
  duration REAL NOT NULL,
  failed INTEGER NOT NULL,
  forced INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  fingerprint_ids BLOB NOT NULL,
  cases TEXT,
  UNIQUE (environment_id, path)
);
CREATE TABLE file_state (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  mtime REAL NOT NULL,
  size INTEGER NOT NULL,
  hash BLOB NOT NULL,
  block_names TEXT NOT NULL,
  block_checksums BLOB NOT NULL,
  checked_at INTEGER NOT NULL
);
`;

/** Creates the schema in an empty database. */
export function createSchema(db: Database): void {
  db.exec(DDL);
  db.run('INSERT INTO metadata (key, value) VALUES (?, ?), (?, ?)', ['application', APPLICATION, 'schema', String(SCHEMA_VERSION)]);
}

/** Why an opened SQLite database is not a data file of this schema, or `undefined` when it is. */
export function schemaProblem(db: Database): string | undefined {
  const tables = new Set<string>();
  const rows = db.exec("SELECT name FROM sqlite_master WHERE type = 'table'");
  for (const [name] of rows[0]?.values ?? []) tables.add(String(name));
  for (const table of ['metadata', 'environment', 'fingerprint', 'test_execution', 'file_state']) {
    if (!tables.has(table)) return `table ${table} is missing`;
  }
  const application = db.exec("SELECT value FROM metadata WHERE key = 'application'")[0]?.values[0]?.[0];
  if (application !== APPLICATION) return 'its metadata does not name jest-difftest';
  return undefined;
}
