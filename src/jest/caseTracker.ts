import type { Circus } from '@jest/types';
import type { CaseSite } from '../core/testCallbacks';

/**
 * Istanbul ids with a count, per instrumented file (absolute path): statements (`s`) and functions
 * (`f`), all the fingerprint needs.
 */
export type Hits = Record<string, { s: number[]; f: number[] }>;

/** A test file's coverage split by test case, as the environment hands it to the reporter. */
export interface CaseLog {
  /** Set when the split cannot be trusted (the file then runs and records whole): why. */
  fallback?: string;
  /** What ran outside every case: module load, `beforeAll`/`afterAll`, describe bodies. */
  outside: Hits;
  cases: Array<{ name: string; failed: boolean; hits: Hits; site?: CaseSite }>;
  /** Where the cases that did not run were defined: their callbacks are theirs, not the file's. */
  skipped?: Array<{ name: string; site: CaseSite }>;
}

type Counters = Map<string, { s: number[]; f: number[] }>;
type CoverageGlobal = Record<string, { s?: Record<string, number>; f?: Record<string, number> | number[] }> | undefined;

const ROOT = 'ROOT_DESCRIBE_BLOCK';

/** A test's describe titles and its own, joined by ` › ` (the name a case is recorded and skipped by). */
export function caseName(test: Circus.TestEntry): string {
  const names = [test.name];
  for (let block: Circus.DescribeBlock | undefined = test.parent; block && block.name !== ROOT; block = block.parent) names.unshift(block.name);
  return names.join(' › ');
}

/**
 * Splits the istanbul counters of one test file by test case: a copy at `test_start`, compared at
 * `test_done` (so `beforeEach`/`afterEach` count for the case); what moved between cases belongs to
 * the file. Test cases that run concurrently or are retried cannot be told apart: the log then says
 * so, and the file is recorded whole.
 */
export class CaseTracker {
  private mark: Counters = new Map();
  private readonly outside: Hits = {};
  private readonly cases: CaseLog['cases'] = [];
  private readonly skipped: NonNullable<CaseLog['skipped']> = [];
  private fallback: string | undefined;

  /**
   * `testPath`: the test file, whose frame in a case's definition stack is its site. `realmError`:
   * the test realm's `Error`, through which that one frame is read (see {@link testFileFrame}).
   */
  constructor(
    private readonly coverage: () => CoverageGlobal,
    private readonly testPath = '',
    private readonly realmError?: StackFormatting,
  ) {}

  testStart(test: Circus.TestEntry): void {
    if (test.concurrent) this.fallback ??= 'test.concurrent';
    this.mark = this.take(this.outside);
  }

  /** A case that started but did not run (skipped, todo): only where it is defined. */
  testSkipped(test: Circus.TestEntry): void {
    this.mark = this.take(this.outside);
    const site = siteOf(test, this.testPath, this.realmError);
    if (site) this.skipped.push({ name: caseName(test), site });
  }

  testDone(test: Circus.TestEntry): void {
    const hits: Hits = {};
    this.mark = this.take(hits);
    const site = siteOf(test, this.testPath, this.realmError);
    this.cases.push({ name: caseName(test), failed: test.errors.length > 0, hits, ...(site ? { site } : {}) });
  }

  testRetry(): void {
    this.fallback ??= 'retried tests';
  }

  /** The log, with what ran since the last case (afterAll hooks) counted for the file. */
  finish(): CaseLog {
    this.take(this.outside);
    if (this.fallback) return { fallback: this.fallback, outside: this.outside, cases: [] };
    return { outside: this.outside, cases: this.cases, ...(this.skipped.length > 0 ? { skipped: this.skipped } : {}) };
  }

  /** Adds to `into` what counted since the mark; returns the counters now, the next mark. */
  private take(into: Hits): Counters {
    const now: Counters = new Map();
    for (const [file, data] of Object.entries(this.coverage() ?? {})) {
      const counts = { s: values(data.s), f: values(data.f) };
      now.set(file, counts);
      const before = this.mark.get(file);
      const s = moved(counts.s, before?.s);
      const f = moved(counts.f, before?.f);
      if (s.length === 0 && f.length === 0) continue;
      const entry = (into[file] ??= { s: [], f: [] });
      entry.s = union(entry.s, s);
      entry.f = union(entry.f, f);
    }
    return now;
  }
}

/**
 * Where the case was defined: the first frame in the test file of the stack Jest took when `test()`
 * was called (source-mapped by Jest, so in the file as written).
 */
function siteOf(test: Circus.TestEntry, testPath: string, realmError: StackFormatting | undefined): CaseSite | undefined {
  // Made in the test's realm: not an `instanceof Error` here.
  const error = test.asyncError as { stack?: unknown } | undefined;
  const stack = error && typeof error === 'object' ? testFileFrame(error, testPath, realmError) : undefined;
  for (const line of typeof stack === 'string' ? stack.split('\n') : []) {
    const frame = /\(?([^()\s]+):(\d+):(\d+)\)?$/.exec(line.trim());
    if (frame && frame[1] === testPath) return { at: { line: Number(frame[2]), column: Number(frame[3]) - 1 }, title: test.name };
  }
  return undefined;
}

/** What V8 calls to turn an error's frames into its `stack` (Node looks on the error's realm's `Error`, then on ours). */
type PrepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => unknown;
export interface StackFormatting {
  prepareStackTrace?: PrepareStackTrace;
}

/**
 * The error's stack with the frame in `file` formatted, and no other: formatting maps every frame
 * through its source map, which for every test of a file costs more than the rest of the split. The
 * frames are taken through the realm's `prepareStackTrace` and the whole stack is left to be
 * formatted, as before, when someone reads it. A stack formatted already is read as it is.
 */
function testFileFrame(error: { stack?: unknown }, file: string, realmError: StackFormatting | undefined): unknown {
  if (!realmError) return error.stack;
  const own = realmError.prepareStackTrace;
  let frames: NodeJS.CallSite[] | undefined;
  realmError.prepareStackTrace = (_error, callSites) => {
    frames = callSites;
    return '';
  };
  let formatted: unknown;
  try {
    formatted = error.stack;
  } finally {
    realmError.prepareStackTrace = own;
  }
  if (!frames) return formatted;
  const all = frames;
  const format = (list: NodeJS.CallSite[]): string => {
    const prepare: PrepareStackTrace | undefined = own ?? Error.prepareStackTrace;
    try {
      if (prepare) return String(prepare.call(realmError, error as Error, list));
    } catch {
      // Formatted as V8 would.
    }
    return `${String(error)}${list.map((site) => `\n    at ${String(site)}`).join('')}`;
  };
  const settle = (value: unknown): void => {
    Object.defineProperty(error, 'stack', { value, writable: true, configurable: true, enumerable: false });
  };
  Object.defineProperty(error, 'stack', {
    configurable: true,
    enumerable: false,
    get() {
      const value = format(all);
      settle(value);
      return value;
    },
    set: settle,
  });
  const frame = all.find((site) => site.getFileName() === file);
  return frame ? format([frame]) : undefined;
}

/** Istanbul keys its counters "0", "1", …: as an array by id (our counters are one already: copied). */
function values(counts: Record<string, number> | readonly number[] | undefined): number[] {
  if (Array.isArray(counts)) return (counts as readonly number[]).slice();
  const byId = counts as Record<string, number> | undefined;
  const out: number[] = [];
  for (const id in byId) out[Number(id)] = byId[id]!;
  return out;
}

function moved(now: readonly number[], before: readonly number[] | undefined): number[] {
  const ids: number[] = [];
  for (let id = 0; id < now.length; id++) if ((now[id] ?? 0) > (before?.[id] ?? 0)) ids.push(id);
  return ids;
}

function union(a: readonly number[], b: readonly number[]): number[] {
  if (a.length === 0) return [...b];
  return [...new Set([...a, ...b])].sort((x, y) => x - y);
}
