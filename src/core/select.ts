import { selectCases, type CasePlan } from './cases';
import { missingChecksums } from './match';
import type { CurrentFile } from './cascade';
import type { Snapshot, StoredFingerprint } from '../store/types';

/** Why a test file runs. */
export type Reason =
  | { kind: 'new' }
  | { kind: 'failed' }
  | { kind: 'forced' }
  | { kind: 'changed'; file: string; blocks: readonly string[] }
  | { kind: 'deleted'; file: string }
  | { kind: 'compile'; file: string; message: string }
  | { kind: 'all'; why: string };

export interface SelectionInput {
  /** The test files Jest would run, relative to the store's root. */
  tests: readonly string[];
  snapshot: Snapshot;
  /** The cascade's answer for (at least) every file in {@link filesToCheck}. */
  current: ReadonlyMap<string, CurrentFile | null>;
  /** Files that no longer compile → the transformer's message: every test that loaded one runs. */
  broken?: ReadonlyMap<string, string>;
  /** When set, every test runs for this reason (a run-wide input changed, a new database …). */
  runAll?: string;
  /**
   * Narrow selected test files with a per-case split to their affected cases (see {@link selectCases}).
   * @default false
   */
  byCase?: boolean;
}

export interface Selection {
  /** Selected test → why, in the order of `tests`. */
  selected: Map<string, Reason[]>;
  skipped: string[];
  /** Selected tests that run only some of their cases (with `byCase`). */
  cases: Map<string, CasePlan>;
}

/** Every file some candidate test depends on: what the cascade must look at. */
export function filesToCheck(tests: readonly string[], snapshot: Snapshot): Set<string> {
  // Every recorded test is a candidate (a plain run): the files of the loaded fingerprints, without
  // walking every test's links.
  const candidates = new Set(tests);
  let all = true;
  for (const test of snapshot.tests.keys()) {
    if (!candidates.has(test)) {
      all = false;
      break;
    }
  }
  if (all) return new Set(snapshot.fingerprintsByFile.keys());
  const files = new Set<string>();
  for (const test of tests) {
    const record = snapshot.tests.get(test);
    if (!record) continue;
    for (const id of record.fingerprintIds) {
      const fp = snapshot.fingerprints.get(id);
      if (fp) files.add(fp.file);
    }
  }
  return files;
}

/**
 * testmon's rule, per test file: it runs when it is new, failed last time, was forced, or when one
 * of its fingerprints is no longer a subset of its file's current checksums (or the file is gone).
 */
export function selectTests(input: SelectionInput): Selection {
  const { tests, snapshot, current, runAll } = input;
  const broken = input.broken ?? new Map<string, string>();
  const selected = new Map<string, Reason[]>();
  const skipped: string[] = [];
  const cases = new Map<string, CasePlan>();
  if (runAll !== undefined) {
    for (const test of tests) selected.set(test, [{ kind: 'all', why: runAll }]);
    return { selected, skipped, cases };
  }
  const verdictOf = verdicts(snapshot, current, broken);

  for (const test of tests) {
    const record = snapshot.tests.get(test);
    if (!record) {
      selected.set(test, [{ kind: 'new' }]);
      continue;
    }
    const reasons: Reason[] = [];
    if (record.failed) reasons.push({ kind: 'failed' });
    if (record.forced) reasons.push({ kind: 'forced' });
    const { fingerprintIds } = record;
    for (let i = 0; i < fingerprintIds.length; i++) {
      const verdict = verdictOf(fingerprintIds[i]!);
      if (verdict) reasons.push(verdict);
    }
    if (reasons.length === 0) {
      skipped.push(test);
      continue;
    }
    selected.set(test, reasons);
    const plan = input.byCase ? selectCases(record, reasons, (position) => verdictOf(fingerprintIds[position]!)) : undefined;
    if (plan) cases.set(test, plan);
  }
  return { selected, skipped, cases };
}

/**
 * Each fingerprint's verdict, judged when a test first asks for it and kept (tests share most of
 * theirs), so a run of some tests judges only theirs: a byte per id, since at large size the tests
 * hold a million links to 24,000 fingerprints, nearly all unchanged. A link to a fingerprint that is
 * not there means damaged data: the test runs.
 */
function verdicts(
  snapshot: Snapshot,
  current: ReadonlyMap<string, CurrentFile | null>,
  broken: ReadonlyMap<string, string>,
): (id: number) => Reason | null {
  const UNCHANGED = 1;
  const CHANGED = 2;
  const state = new Uint8Array(maxFingerprintId(snapshot) + 1);
  const reasons = new Map<number, Reason>();
  return (id) => {
    const verdict = state[id];
    if (verdict === UNCHANGED) return null;
    if (verdict === CHANGED) return reasons.get(id)!;
    const fp = snapshot.fingerprints.get(id);
    if (!fp) return { kind: 'forced' };
    const reason = judge(fp, current, snapshot, broken);
    state[id] = reason ? CHANGED : UNCHANGED;
    if (reason) reasons.set(id, reason);
    return reason;
  };
}

/** The highest fingerprint id of the snapshot (0 when it has none): arrays indexed by id hold every one. */
export function maxFingerprintId(snapshot: Snapshot): number {
  let maxId = 0;
  for (const id of snapshot.fingerprints.keys()) if (id > maxId) maxId = id;
  return maxId;
}

function judge(
  fp: StoredFingerprint,
  current: ReadonlyMap<string, CurrentFile | null>,
  snapshot: Snapshot,
  broken: ReadonlyMap<string, string>,
): Reason | null {
  const message = broken.get(fp.file);
  if (message !== undefined) return { kind: 'compile', file: fp.file, message };
  const now = current.get(fp.file);
  if (now === undefined) return { kind: 'forced' };
  if (now === null) return { kind: 'deleted', file: fp.file };
  if (now.state.hash === fp.fileHash) return null;
  const missing = missingChecksums(fp.checksums, now.checksums);
  if (missing.length === 0) return null;
  return { kind: 'changed', file: fp.file, blocks: blockNames(fp.file, missing, snapshot) };
}

/** Names of the blocks that changed, from the last seen block table of the file where it knows them. */
function blockNames(file: string, missing: readonly bigint[], snapshot: Snapshot): string[] {
  const known = snapshot.files.get(file)?.blocks ?? [];
  const names = new Set<string>();
  for (const checksum of missing) {
    names.add(known.find((b) => b.checksum === checksum)?.name ?? 'code');
  }
  return [...names];
}

/** One line for a reason, as `--diff-explain` prints it. */
export function describeReason(reason: Reason): string {
  switch (reason.kind) {
    case 'new':
      return 'new test file';
    case 'failed':
      return 'failed last run';
    case 'forced':
      return 'recorded data incomplete (a dependency changed while it ran, its environment left no log, or damaged data)';
    case 'changed':
      return `${reason.file}: ${reason.blocks.map((b) => (b === '<module>' || b === '<file>' || b === 'code' ? b : `${b}()`)).join(', ')} changed`;
    case 'deleted':
      return `${reason.file} deleted`;
    case 'compile':
      return `${reason.file} does not compile: ${reason.message}`;
    case 'all':
      return reason.why;
  }
}
