import type { SqlJsStatic } from 'sql.js';
import { loadSqlJs } from '../../wasm/sqljs';
import { type DiffTestError, MergeInputError, SchemaVersionError, SqlJsUnavailableError } from '../errors';
import type { Fingerprint, Provenance, RunRecord, TestRun } from './types';
import { readDataFile } from './dataFile';
import { readEnvironmentNames, readProvenance, readSnapshot } from './read';
import { saveRuns, type SaveOptions, type SaveResult } from './saveRun';
import { SCHEMA_VERSION } from './schema';
import { encodeRun, type EncodedRun } from './encodeRun';

export type MergeOptions = SaveOptions;

export type MergeResult = SaveResult;

/**
 * Merges data files (from CI shards or machines) into `out`, which may not exist yet. For each
 * environment separately, the newest record of each test wins (by `recordedAt`), as does the newest
 * state of each file (by `checkedAt`) and the environment's inputs of its newest records.
 * Refuses, writing nothing, when an input is missing, damaged or of another schema version. An `out`
 * of another schema version is replaced, a damaged one moved aside, both with a warning.
 *
 * @example
 * const result = await mergeStores('.difftestdata', ['shard-1/.difftestdata', 'shard-2/.difftestdata']);
 */
export async function mergeStores(out: string, inputs: readonly string[], options: MergeOptions = {}): Promise<MergeResult> {
  const refuse = (error: DiffTestError): MergeResult => ({ saved: false, warnings: [error.message], problems: [error] });
  let SQL: SqlJsStatic;
  try {
    SQL = await loadSqlJs();
  } catch (error) {
    return refuse(new SqlJsUnavailableError({ cause: error }));
  }

  // `out` of another schema version is replaced, a damaged one moved aside (by the save, with a
  // warning), as a run's save would; one that cannot be read at all is refused.
  const existing = await readDataFile(SQL, out);
  if (existing.kind === 'ok') existing.db.close();
  if (existing.kind === 'unreadable') return refuse(new MergeInputError(out, existing.reason));

  const runs: EncodedRun[] = [];
  let newest: Provenance | undefined;
  for (const input of inputs) {
    const found = await readDataFile(SQL, input);
    if (found.kind !== 'ok') return refuse(new MergeInputError(input, found.kind === 'missing' ? 'it does not exist' : whyNot(found)));
    try {
      const provenance = readProvenance(found.db);
      if (provenance && (!newest || newest.savedAt < provenance.savedAt)) newest = provenance;
      runs.push(...recordsOf(found.db).map(encodeRun));
    } catch (error) {
      return refuse(new MergeInputError(input, `its content is damaged: ${(error as Error).message}`));
    } finally {
      found.db.close();
    }
  }
  const result = await saveRuns(out, runs, { newerOnly: true }, options, newest);
  if (existing.kind === 'version' && result.saved) {
    const replaced = new SchemaVersionError(out, existing.found, SCHEMA_VERSION, 'merge');
    return { ...result, warnings: [replaced.message, ...result.warnings], problems: [replaced, ...result.problems] };
  }
  return result;
}

function whyNot(found: { kind: string; reason?: string; found?: number }): string {
  if (found.kind === 'version') return `it has schema version ${found.found}, this version of jest-difftest uses ${SCHEMA_VERSION}`;
  return found.reason ?? found.kind;
}

/** Every environment's records of one data file, as run records (file states ride with the first). */
function recordsOf(db: import('sql.js').Database): RunRecord[] {
  const records: RunRecord[] = [];
  for (const name of readEnvironmentNames(db)) {
    const snapshot = readSnapshot(db, name);
    if (!snapshot.environment) continue;
    const tests: TestRun[] = [...snapshot.tests.values()].map(({ fingerprintIds, cases, ...test }) => {
      const fingerprints = fingerprintIds.flatMap((id): Fingerprint[] => {
        const fp = snapshot.fingerprints.get(id);
        return fp ? [{ file: fp.file, fileHash: fp.fileHash, checksums: fp.checksums }] : [];
      });
      // Positions hold only while every fingerprint is there; without the split the file runs whole.
      return { ...test, fingerprints, ...(cases && fingerprints.length === fingerprintIds.length ? { cases } : {}) };
    });
    records.push({
      environment: snapshot.environment,
      tests,
      files: records.length === 0 ? [...snapshot.files.values()] : [],
      removedTests: [],
      resetEnvironment: false,
    });
  }
  return records;
}
