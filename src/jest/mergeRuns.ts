import { sortUnique } from '../core/match';
import type { Fingerprint, TestRun } from '../store/types';

/** With `projects`, one test file can run once per project: keep one record with everything it used. */
export function mergeRuns(runs: readonly TestRun[]): TestRun[] {
  const merged = new Map<string, TestRun>();
  for (const run of runs) {
    const before = merged.get(run.path);
    if (!before) {
      merged.set(run.path, run);
      continue;
    }
    const fingerprints = new Map(before.fingerprints.map((fp) => [fp.file, fp]));
    for (const fp of run.fingerprints) fingerprints.set(fp.file, mergeFingerprints(fingerprints.get(fp.file), fp));
    // Which run a case belongs to is lost here: the file is recorded whole.
    const { cases: _split, ...whole } = run;
    merged.set(run.path, {
      ...whole,
      durationMs: before.durationMs + run.durationMs,
      failed: before.failed || run.failed,
      forced: before.forced || run.forced,
      fingerprints: [...fingerprints.values()],
    });
  }
  return [...merged.values()];
}

/** One file's fingerprints from two runs: the blocks of both when the file's content is the same, else the later. */
export function mergeFingerprints(a: Fingerprint | undefined, b: Fingerprint): Fingerprint {
  if (!a || a.fileHash !== b.fileHash) return b;
  return { ...b, checksums: sortUnique([...a.checksums, ...b.checksums]) };
}
