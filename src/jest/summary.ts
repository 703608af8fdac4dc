import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { unchangedSince } from '../core/cascade';
import type { Reason, Selection } from '../core/select';
import type { FileIdentity } from '../store/dataFile';
import type { EnvironmentRecord, FileState, Provenance, Snapshot, StoredTest } from '../store/types';
import type { FileSource } from '../core/cascade';

const VERSION = 1;

/**
 * What a full selection concluded when it found no file changed, kept in Jest's cache directory: the
 * data file it read (by identity), the mtime and size of every file the recorded tests depend on, and
 * each test's verdict. While the data file is the same file and every one of those files still has
 * its mtime and size, the same selection follows from a `stat` of each, without starting sql.js or
 * reading the data file: the common "nothing changed since the last run" case.
 */
interface SelectionSummary {
  version: number;
  dataFile: FileIdentity;
  environment: EnvironmentRecord;
  byCase: boolean;
  provenance?: Provenance;
  /** [path, duration, failed, forced, recordedAt, why it runs (null: skipped)] */
  tests: Array<[string, number, boolean, boolean, number, Reason[] | null]>;
  /** [path, mtimeMs, size, checkedAt] */
  files: Array<[string, number, number, number]>;
}

/** What the summary stands in for: a snapshot with the test records (no fingerprints) and the selection. */
export interface Summarised {
  snapshot: Snapshot;
  selection: Selection;
}

/** One summary per data file and environment. */
export function summaryFile(cacheDirectory: string, dataFile: string, environment: string): string {
  const key = crypto.createHash('sha1').update(`${dataFile}\0${environment}`).digest('hex').slice(0, 16);
  return path.join(cacheDirectory, 'jest-difftest', `summary-${key}.json`);
}

/**
 * Writes the summary of a selection that found nothing changed. Only a selection among every
 * recorded test, without a per-case plan, is summarised; a failure to write only costs the next run
 * the full selection.
 */
export function writeSummary(
  file: string,
  dataFile: FileIdentity,
  byCase: boolean,
  snapshot: Snapshot,
  selection: Selection,
  files: Iterable<FileState>,
): void {
  if (!snapshot.environment || selection.cases.size > 0) return;
  const summary: SelectionSummary = {
    version: VERSION,
    dataFile,
    environment: snapshot.environment,
    byCase,
    ...(snapshot.provenance ? { provenance: snapshot.provenance } : {}),
    tests: [...snapshot.tests.values()].map((t) => [t.path, t.durationMs, t.failed, t.forced, t.recordedAt, selection.selected.get(t.path) ?? null]),
    files: [...files].map((f) => [f.path, f.mtimeMs, f.size, f.checkedAt]),
  };
  const temp = `${file}.${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, JSON.stringify(summary));
    fs.renameSync(temp, file);
  } catch {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * The selection a summary stands for, when it still holds: the same data file (device, inode, size,
 * mtime), the same environment and mode, and every file it lists unchanged by the cascade's own
 * first rung. `undefined` otherwise: the caller runs the full selection.
 *
 * @param tests the test files Jest would run, relative to the store's root.
 */
export function readSummary(file: string, dataFile: string, environment: string, byCase: boolean, tests: readonly string[], source: FileSource): Summarised | undefined {
  let summary: SelectionSummary;
  try {
    summary = JSON.parse(fs.readFileSync(file, 'utf8')) as SelectionSummary;
    const stat = fs.statSync(dataFile);
    const { dataFile: was } = summary;
    if (summary.version !== VERSION || summary.environment?.name !== environment || summary.byCase !== byCase) return undefined;
    if (stat.dev !== was.dev || stat.ino !== was.ino || stat.size !== was.size || stat.mtimeMs !== was.mtimeMs) return undefined;
    if (!Array.isArray(summary.tests) || !Array.isArray(summary.files)) return undefined;
  } catch {
    return undefined;
  }
  for (const [filePath, mtimeMs, size, checkedAt] of summary.files) {
    const now = source.stat(filePath);
    if (!now || !unchangedSince({ mtimeMs, size, checkedAt }, now)) return undefined;
  }

  const records = new Map<string, StoredTest>();
  const verdicts = new Map<string, Reason[] | null>();
  for (const [testPath, durationMs, failed, forced, recordedAt, reasons] of summary.tests) {
    records.set(testPath, { path: testPath, durationMs, failed, forced, recordedAt, fingerprintIds: [] });
    verdicts.set(testPath, reasons);
  }
  const selection: Selection = { selected: new Map(), skipped: [], cases: new Map() };
  for (const test of tests) {
    const reasons = verdicts.has(test) ? verdicts.get(test) : [{ kind: 'new' } as const];
    if (reasons) selection.selected.set(test, reasons);
    else selection.skipped.push(test);
  }
  const snapshot: Snapshot = {
    environment: summary.environment,
    ...(summary.provenance ? { provenance: summary.provenance } : {}),
    files: new Map(),
    fingerprints: new Map(),
    fingerprintsByFile: new Map(),
    tests: records,
  };
  return { snapshot, selection };
}
