import type { Database } from 'sql.js';
import type { EnvironmentRecord, FileState, Provenance, Snapshot, StoredFingerprint, StoredTest } from './types';
import type { BlockSummary, Checksum } from '../core/types';
import { decodeIds } from './codec';
import { decodeCases } from './casesCodec';
import { concatenated, oneRow, scanFingerprints } from './scan';

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
  const provenance = readProvenance(db);
  const env = readEnvironment(db, envName);
  if (!env) return { ...emptySnapshot(), files, ...(provenance ? { provenance } : {}) };

  const tests = readTests(db, env.id);
  let maxId = 0;
  for (const test of tests.values()) {
    const last = test.fingerprintIds[test.fingerprintIds.length - 1];
    if (last !== undefined && last > maxId) maxId = last;
  }

  // With one environment every fingerprint is this environment's; with several, keep only those
  // its tests link to.
  let wanted: Uint8Array | undefined;
  if ((db.exec('SELECT count(*) FROM environment')[0]?.values[0]?.[0] as number) > 1) {
    wanted = new Uint8Array(maxId + 1);
    for (const test of tests.values()) for (const id of test.fingerprintIds) wanted[id] = 1;
  }
  const { fingerprints, fingerprintsByFile } = readFingerprints(db, wanted);
  return { environment: env.record, ...(provenance ? { provenance } : {}), files, fingerprints, fingerprintsByFile, tests };
}

/** `metadata.saved_at` and `metadata.commit`, where the file has them. */
export function readProvenance(db: Database): Provenance | undefined {
  const rows = db.exec("SELECT key, value FROM metadata WHERE key IN ('saved_at', 'commit')")[0]?.values ?? [];
  const values = new Map(rows.map(([key, value]) => [String(key), String(value)]));
  const savedAt = Number(values.get('saved_at'));
  if (!Number.isFinite(savedAt)) return undefined;
  const commit = values.get('commit');
  return commit ? { savedAt, commit } : { savedAt };
}

/** Records when (and at which commit) the file is saved. */
export function writeProvenance(db: Database, provenance: Provenance): void {
  db.run("INSERT OR REPLACE INTO metadata (key, value) VALUES ('saved_at', ?)", [String(provenance.savedAt)]);
  if (provenance.commit) db.run("INSERT OR REPLACE INTO metadata (key, value) VALUES ('commit', ?)", [provenance.commit]);
  else db.run("DELETE FROM metadata WHERE key = 'commit'");
}

/** The environment's test records, in one aggregate query. */
function readTests(db: Database, envId: number): Map<string, StoredTest> {
  const row = oneRow(
    db,
    `SELECT json_group_array(path), json_group_array(duration), json_group_array(failed), json_group_array(forced),
            json_group_array(recorded_at), json_group_array(length(fingerprint_ids)), CAST(group_concat(fingerprint_ids, '') AS BLOB),
            json_group_array(CASE WHEN json_valid(cases) THEN json(cases) END)
     FROM test_execution WHERE environment_id = ?`,
    [envId],
  );
  const paths = JSON.parse(row[0] as string) as string[];
  const durations = JSON.parse(row[1] as string) as number[];
  const failed = JSON.parse(row[2] as string) as number[];
  const forced = JSON.parse(row[3] as string) as number[];
  const recorded = JSON.parse(row[4] as string) as number[];
  const lengths = JSON.parse(row[5] as string) as number[];
  const bytes = concatenated(row[6], lengths.reduce((total, length) => total + length, 0), 'test records');
  const cases = JSON.parse(row[7] as string) as unknown[];

  const tests = new Map<string, StoredTest>();
  let at = 0;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as string;
    const length = lengths[i] as number;
    const fingerprintIds = decodeIds(bytes.subarray(at, at + length));
    const split = cases[i] === null ? undefined : decodeCases(cases[i], fingerprintIds.length);
    tests.set(path, {
      path,
      durationMs: durations[i] as number,
      failed: failed[i] === 1,
      forced: forced[i] === 1,
      recordedAt: recorded[i] as number,
      fingerprintIds,
      ...(split ? { cases: split } : {}),
    });
    at += length;
  }
  return tests;
}

/** All fingerprints, or those marked in `wanted` (indexed by id), in one aggregate query. */
function readFingerprints(db: Database, wanted: Uint8Array | undefined): Pick<Snapshot, 'fingerprints' | 'fingerprintsByFile'> {
  const { ids, files, lengths, view } = scanFingerprints(db);
  const fingerprints = new Map<number, StoredFingerprint>();
  const fingerprintsByFile = new Map<string, LoadedFingerprint[]>();
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    const length = lengths[i] as number;
    if (!wanted || wanted[id] === 1) {
      const list = fingerprintsByFile.get(files[i] as string);
      const fp = new LoadedFingerprint(id, files[i] as string, view, at, length / 8, list?.[list.length - 1]);
      fingerprints.set(id, fp);
      if (list) list.push(fp);
      else fingerprintsByFile.set(fp.file, [fp]);
    }
    at += 8 + length;
  }
  return { fingerprints, fingerprintsByFile };
}

/**
 * A fingerprint whose checksums stay bytes until something reads them: the selection needs them
 * only where a file's content changed, and decoding every one at load (a quarter of a million
 * bigints in arrays for 40,000 fingerprints) cost more than the queries, mostly in garbage
 * collection. A prototype getter, as own accessors cost about a microsecond per object to create:
 * a copy (`{ ...fp }`) has no checksums, so build a `Fingerprint` field by field (as merge.ts does).
 */
class LoadedFingerprint implements StoredFingerprint {
  readonly file: string;
  readonly fileHash: Checksum;
  readonly #view: DataView;
  /** Where its file hash is; the checksums follow. */
  readonly #at: number;
  readonly #count: number;
  #checksums: Checksum[] | undefined;

  /**
   * @param previous the last fingerprint of the same file: its path and, when equal, its hash are
   * shared, so that the parsed duplicates die young instead of living as long as the snapshot.
   */
  constructor(
    readonly id: number,
    file: string,
    view: DataView,
    at: number,
    count: number,
    previous: LoadedFingerprint | undefined,
  ) {
    this.file = previous?.file ?? file;
    this.fileHash =
      previous && view.getUint32(at) === view.getUint32(previous.#at) && view.getUint32(at + 4) === view.getUint32(previous.#at + 4)
        ? previous.fileHash
        : view.getBigUint64(at);
    this.#view = view;
    this.#at = at;
    this.#count = count;
  }

  get checksums(): readonly Checksum[] {
    return (this.#checksums ??= decodeChecksums(this.#view, this.#at + 8, this.#count));
  }
}

function decodeChecksums(view: DataView, at: number, count: number): Checksum[] {
  const checksums = new Array<Checksum>(count);
  for (let j = 0; j < count; j++) checksums[j] = view.getBigUint64(at + 8 * j);
  return checksums;
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

/**
 * Every file state, in one aggregate query; JSON renders doubles exactly, so mtimes compare equal.
 * Each block table is decoded when first read: the cascade and the selection need the tables of
 * changed files only. An own enumerable getter, so that a copy (`{ ...state }`) keeps the table.
 */
function readFiles(db: Database): Map<string, FileState> {
  const row = oneRow(
    db,
    `SELECT json_group_array(path), json_group_array(mtime), json_group_array(size), json_group_array(checked_at),
            json_group_array(block_names), json_group_array(json_array_length(block_names)), CAST(group_concat(hash || block_checksums, '') AS BLOB)
     FROM file_state WHERE length(hash) = 8 AND length(block_checksums) = 8 * json_array_length(block_names)`,
  );
  const paths = JSON.parse(row[0] as string) as string[];
  const mtimes = JSON.parse(row[1] as string) as number[];
  const sizes = JSON.parse(row[2] as string) as number[];
  const checked = JSON.parse(row[3] as string) as number[];
  const names = JSON.parse(row[4] as string) as string[];
  const counts = JSON.parse(row[5] as string) as number[];
  const bytes = concatenated(row[6], counts.reduce((total, count) => total + 8 + 8 * count, 0), 'file states');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  const files = new Map<string, FileState>();
  let at = 0;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as string;
    const start = at + 8;
    const json = names[i] as string;
    let blocks: BlockSummary[] | undefined;
    files.set(path, {
      path,
      mtimeMs: mtimes[i] as number,
      size: sizes[i] as number,
      hash: view.getBigUint64(at),
      get blocks(): readonly BlockSummary[] {
        return (blocks ??= decodeBlocks(JSON.parse(json) as string[], view, start));
      },
      checkedAt: checked[i] as number,
    });
    at = start + 8 * (counts[i] as number);
  }
  return files;
}

function decodeBlocks(names: readonly string[], view: DataView, at: number): BlockSummary[] {
  const blocks = new Array<BlockSummary>(names.length);
  for (let j = 0; j < names.length; j++) blocks[j] = { name: names[j] as string, checksum: view.getBigUint64(at + 8 * j) };
  return blocks;
}
