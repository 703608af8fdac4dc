import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { unchangedSince, unchangedSinceCrawl } from '../core/cascade';
import type { Reason, Selection } from '../core/select';
import type { FileIdentity } from '../store/dataFile';
import type { EnvironmentRecord, FileState, Provenance, Snapshot, StoredTest } from '../store/types';
import type { FileSource } from '../core/cascade';

// 2: columns instead of one array per file and per test (a tenth of the objects to parse and collect).
const VERSION = 2;

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
  /** One column per field, one row per recorded test; `reasons`: why it runs (null: skipped). */
  tests: {
    path: string[];
    durationMs: number[];
    failed: boolean[];
    forced: boolean[];
    recordedAt: number[];
    reasons: Array<Reason[] | null>;
  };
  /**
   * One column per field, one row per file. Read on every run with nothing changed, so in columns:
   * an array per file made JSON.parse build, and the collector scavenge, 8,000 more objects at large size.
   */
  files: { path: string[]; mtimeMs: number[]; size: number[]; checkedAt: number[] };
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
  const tests = [...snapshot.tests.values()];
  const states = [...files];
  const summary: SelectionSummary = {
    version: VERSION,
    dataFile,
    environment: snapshot.environment,
    byCase,
    ...(snapshot.provenance ? { provenance: snapshot.provenance } : {}),
    tests: {
      path: tests.map((t) => t.path),
      durationMs: tests.map((t) => t.durationMs),
      failed: tests.map((t) => t.failed),
      forced: tests.map((t) => t.forced),
      recordedAt: tests.map((t) => t.recordedAt),
      reasons: tests.map((t) => selection.selected.get(t.path) ?? null),
    },
    files: {
      path: states.map((f) => f.path),
      mtimeMs: states.map((f) => f.mtimeMs),
      size: states.map((f) => f.size),
      checkedAt: states.map((f) => f.checkedAt),
    },
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
 * first rung (from the run's crawl where it can tell). `undefined` otherwise: the caller runs the
 * full selection.
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
    if (!columns(summary.tests, TEST_COLUMNS) || !columns(summary.files, FILE_COLUMNS)) return undefined;
  } catch {
    return undefined;
  }
  const { files } = summary;
  for (let i = 0; i < files.path.length; i++) {
    const file = files.path[i]!;
    const last = { mtimeMs: files.mtimeMs[i]!, size: files.size[i]!, checkedAt: files.checkedAt[i]! };
    if (unchangedSinceCrawl(last, source.crawled?.(file))) continue;
    const now = source.stat(file);
    if (!now || !unchangedSince(last, now)) return undefined;
  }

  const records = new Map<string, StoredTest>();
  const verdicts = new Map<string, Reason[] | null>();
  const { tests: t } = summary;
  for (let i = 0; i < t.path.length; i++) {
    const testPath = t.path[i]!;
    records.set(testPath, { path: testPath, durationMs: t.durationMs[i]!, failed: t.failed[i]!, forced: t.forced[i]!, recordedAt: t.recordedAt[i]!, fingerprintIds: [] });
    verdicts.set(testPath, t.reasons[i]!);
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

const TEST_COLUMNS = ['path', 'durationMs', 'failed', 'forced', 'recordedAt', 'reasons'] as const;
const FILE_COLUMNS = ['path', 'mtimeMs', 'size', 'checkedAt'] as const;

/** Whether `table` has each of `names` as an array, all of one length (an edited summary may not). */
function columns(table: unknown, names: readonly string[]): boolean {
  if (typeof table !== 'object' || table === null) return false;
  const lengths = names.map((name) => {
    const column = (table as Record<string, unknown>)[name];
    return Array.isArray(column) ? column.length : -1;
  });
  return lengths.every((length) => length >= 0 && length === lengths[0]);
}
