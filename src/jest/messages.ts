import type { CurrentFile } from '../core/cascade';
import { describeReason, type Reason, type Selection } from '../core/select';
import type { Provenance } from '../store/types';

const PREFIX = 'jest-difftest:';
const SHOWN_FILES = 3;

/**
 * The one line printed when the run starts, e.g.
 * `jest-difftest: 2 changed files (src/a.ts, src/b.ts) → 12 of 340 test files selected, 328 skipped`.
 */
export function formatHeader(
  selection: Selection,
  current: ReadonlyMap<string, CurrentFile | null>,
  total: number,
  runAll: string | undefined,
): string {
  if (runAll !== undefined) return `${PREFIX} ${runAll} ${plural(total, 'test file')}`;
  const changed = [...current].filter(([, file]) => file === null || file.changed).map(([path]) => path).sort();
  const files = changed.length === 0
    ? 'no changed files'
    : `${plural(changed.length, 'changed file')} (${changed.slice(0, SHOWN_FILES).join(', ')}${changed.length > SHOWN_FILES ? ', …' : ''})`;
  const cases = [...selection.cases.values()].reduce((sum, plan) => sum + plan.skip.length, 0);
  const inside = cases > 0 ? ` (${plural(cases, 'unaffected test case')} skipped inside them)` : '';
  return `${PREFIX} ${files} → ${selection.selected.size} of ${plural(total, 'test file')} selected${inside}, ${selection.skipped.length} skipped`;
}

/** One line per selected test file with its reasons, for `--diff-explain`. */
export function formatExplain(selection: Selection): string[] {
  return [...selection.selected].flatMap(([test, reasons]) => {
    const plan = selection.cases.get(test);
    if (!plan) return [`  ${test} ← ${formatReasons(reasons)}`];
    const total = plan.run.size + plan.skip.length;
    return [
      `  ${test}: ${plan.run.size} of ${plural(total, 'test case')} run, ${plan.skip.length} skipped (they ran none of what changed)`,
      ...[...plan.run].map(([name, why]) => `    ${name} ← ${formatReasons(why)}`),
    ];
  });
}

function formatReasons(reasons: readonly Reason[]): string {
  const unique = [...new Set(reasons.map(describeReason))];
  return `${unique.slice(0, 4).join('; ')}${unique.length > 4 ? `; and ${unique.length - 4} more` : ''}`;
}

/** The closing line: what skipping saved, estimated from recorded durations. */
export function formatSaved(skippedCount: number, skippedMs: number): string | undefined {
  if (skippedCount === 0) return undefined;
  return `${PREFIX} skipped ${plural(skippedCount, 'unaffected test file')}, saving about ${formatDuration(skippedMs)}`;
}

/** Test files a docblock ran in another environment (see `Recorder.outsideEnvironment`). */
export function formatOutsideEnvironment(files: readonly string[]): string {
  const named = `${files.slice(0, 3).join(', ')}${files.length > 3 ? ` and ${files.length - 3} more` : ''}`;
  return (
    `${PREFIX} ${named} ran in a test environment ${files.length === 1 ? 'its' : 'their'} docblock names, where jest-difftest cannot see what runs and what is read, so ${files.length === 1 ? 'it runs' : 'they run'} every time. ` +
    'To record one, name ours in its docblock with the environment it wants: @jest-environment jest-difftest/environment and @jest-environment-options {"jestDifftestEnvironment": "jsdom"}.'
  );
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** One line per file that no longer compiles, e.g. `jest-difftest: src/a.ts does not compile → 14 test files`. */
export function formatBroken(broken: ReadonlyMap<string, string>, selection: Selection): string[] {
  return [...broken.keys()].sort().map((file) => {
    let count = 0;
    for (const reasons of selection.selected.values()) {
      if (reasons.some((r) => r.kind === 'compile' && r.file === file)) count++;
    }
    return `${PREFIX} ${file} does not compile → ${plural(count, 'test file')}`;
  });
}

/** e.g. `jest-difftest: baseline ci.db saved 3 h ago at commit 1a2b3c4`. */
export function formatProvenance(what: string, file: string, provenance: Provenance, now: number): string {
  const at = provenance.commit ? ` at commit ${provenance.commit.slice(0, 10)}` : '';
  return `${PREFIX} ${what} ${file} saved ${formatAge(now - provenance.savedAt)} ago${at}`;
}

function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 120) return plural(minutes, 'minute');
  const hours = Math.round(minutes / 60);
  return hours < 48 ? plural(hours, 'hour') : plural(Math.round(hours / 24), 'day');
}
