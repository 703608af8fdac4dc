import type { Reason } from './select';
import type { StoredTest } from '../store/types';

/** Which test cases of a selected test file run, by full name. */
export interface CasePlan {
  /** Case → why it runs, in recorded order. */
  run: Map<string, Reason[]>;
  /** Cases that executed none of what changed: skipped. */
  skip: string[];
}

/** Reasons that a change inside some cases explains; any other reason runs the whole file. */
const PER_CASE: ReadonlySet<Reason['kind']> = new Set(['changed', 'deleted', 'failed']);

/**
 * Narrows a selected test file to its affected test cases, from its per-case split. `verdict` is the
 * selection's answer for one of its fingerprints (by position in `record.fingerprintIds`): why it
 * changed, or `null`.
 *
 * The whole file runs (`undefined`) when there is no split, when a reason is not about one
 * fingerprint (new, forced, a compile error, a run-wide change), when something shared by all cases
 * changed (module-level code, hooks outside `beforeEach`/`afterEach`, imports and data files), when
 * the file failed outside its cases, or when no case would be skipped.
 */
export function selectCases(record: StoredTest, reasons: readonly Reason[], verdict: (position: number) => Reason | null): CasePlan | undefined {
  const split = record.cases;
  if (!split || split.cases.length === 0) return undefined;
  if (reasons.some((reason) => !PER_CASE.has(reason.kind))) return undefined;
  if (record.failed && !split.cases.some((c) => c.failed)) return undefined;

  const owners = new Map<number, number[]>();
  split.cases.forEach((c, index) => {
    for (const position of c.fingerprints) {
      const list = owners.get(position);
      if (list) list.push(index);
      else owners.set(position, [index]);
    }
  });
  const shared = new Set(split.shared);
  const why = split.cases.map((c): Reason[] => (c.failed ? [{ kind: 'failed' }] : []));
  for (let position = 0; position < record.fingerprintIds.length; position++) {
    const reason = verdict(position);
    if (!reason) continue;
    const cases = owners.get(position);
    if (shared.has(position) || !cases) return undefined;
    for (const index of cases) why[index]!.push(reason);
  }

  // Cases of one name share a fate: the name is all that skipping has to go by.
  const run = new Map<string, Reason[]>();
  split.cases.forEach((c, index) => {
    if (why[index]!.length > 0) run.set(c.name, [...(run.get(c.name) ?? []), ...why[index]!]);
  });
  const skip = [...new Set(split.cases.map((c) => c.name))].filter((name) => !run.has(name));
  return skip.length === 0 || run.size === 0 ? undefined : { run, skip };
}
