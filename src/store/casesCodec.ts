import type { TestCaseRecord, TestCases } from './types';

/**
 * `test_execution.cases`: a test file's per-case split as JSON,
 * `{"shared": [positions], "cases": [[name, failed 0|1, [positions]], …]}`, where a position is an
 * index into the record's sorted, unique fingerprint ids. Positions rather than ids: merging data
 * files renumbers fingerprints, never a record's order.
 */

/**
 * Encodes `cases`, whose positions index `ids` (one id per fingerprint of the run, in the run's
 * order, possibly repeated), against the sorted unique ids that `fingerprint_ids` stores.
 */
export function encodeCases(cases: TestCases, ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const position = new Map(sorted.map((id, at) => [id, at]));
  const positions = (list: readonly number[]): number[] => [...new Set(list.map((index) => position.get(ids[index] as number) as number))].sort((a, b) => a - b);
  return JSON.stringify({
    shared: positions(cases.shared),
    cases: cases.cases.map((c) => [c.name, c.failed ? 1 : 0, positions(c.fingerprints)]),
  });
}

/**
 * Decodes what {@link encodeCases} wrote for a record of `count` fingerprints; `undefined` for
 * anything else (no split recorded, or damaged data: the file then runs whole, which is safe).
 */
export function decodeCases(value: unknown, count: number): TestCases | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { shared, cases } = value as { shared?: unknown; cases?: unknown };
  if (!isPositions(shared, count) || !Array.isArray(cases)) return undefined;
  const decoded: TestCaseRecord[] = [];
  for (const entry of cases) {
    if (!Array.isArray(entry) || entry.length !== 3) return undefined;
    const [name, failed, fingerprints] = entry as unknown[];
    if (typeof name !== 'string' || (failed !== 0 && failed !== 1) || !isPositions(fingerprints, count)) return undefined;
    decoded.push({ name, failed: failed === 1, fingerprints });
  }
  return { shared, cases: decoded };
}

function isPositions(value: unknown, count: number): value is number[] {
  return Array.isArray(value) && value.every((p) => Number.isInteger(p) && p >= 0 && p < count);
}
