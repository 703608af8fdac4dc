import * as vm from 'vm';
import type { Circus } from '@jest/types';
import { CaseTracker, caseName } from '../../src/jest/caseTracker';
import { liveCounters } from '../../src/jest/ranCoverage';

/** Istanbul's global as instrumented code keeps it: counters by id, per file. */
type Coverage = Record<string, { s: Record<string, number>; f: Record<string, number> }>;

const describeBlock = (name: string, parent?: Circus.DescribeBlock): Circus.DescribeBlock => ({ name, parent } as unknown as Circus.DescribeBlock);
const ROOT = describeBlock('ROOT_DESCRIBE_BLOCK');
const testEntry = (name: string, parent = ROOT, extra: Partial<Circus.TestEntry> = {}): Circus.TestEntry =>
  ({ name, parent, errors: [], ...extra }) as unknown as Circus.TestEntry;

/** Runs `code` as if instrumented code executed statement/function ids of `file`. */
function execute(coverage: Coverage, file: string, s: number[], f: number[] = []): void {
  const entry = (coverage[file] ??= { s: { 0: 0, 1: 0, 2: 0, 3: 0 }, f: { 0: 0, 1: 0 } });
  for (const id of s) entry.s[id]! += 1;
  for (const id of f) entry.f[id]! += 1;
}

describe('CaseTracker', () => {
  test('splits counters into what each case ran and what ran around them', () => {
    const coverage: Coverage = {};
    const tracker = new CaseTracker(() => coverage);
    execute(coverage, '/p/a.js', [0]); // module load
    const math = describeBlock('math', ROOT);
    const adds = testEntry('adds', math);
    tracker.testStart(adds);
    execute(coverage, '/p/a.js', [1], [0]);
    tracker.testDone(adds);
    execute(coverage, '/p/b.js', [0]); // a beforeAll of the next describe
    const fails = testEntry('fails', math, { errors: [new Error('no')] } as Partial<Circus.TestEntry>);
    tracker.testStart(fails);
    execute(coverage, '/p/a.js', [1, 2], [0]); // statement 1 again: it counts for this case too
    execute(coverage, '/p/b.js', [3]); // a file the case loaded first
    tracker.testDone(fails);
    execute(coverage, '/p/a.js', [3]); // afterAll

    expect(tracker.finish()).toEqual({
      outside: { '/p/a.js': { s: [0, 3], f: [] }, '/p/b.js': { s: [0], f: [] } },
      cases: [
        { name: 'math › adds', failed: false, hits: { '/p/a.js': { s: [1], f: [0] } } },
        { name: 'math › fails', failed: true, hits: { '/p/a.js': { s: [1, 2], f: [0] }, '/p/b.js': { s: [3], f: [] } } },
      ],
    });
  });

  test('a case that started and was skipped records nothing', () => {
    const coverage: Coverage = {};
    const tracker = new CaseTracker(() => coverage);
    tracker.testStart(testEntry('skipped'));
    tracker.testSkipped(testEntry('skipped'));
    expect(tracker.finish()).toEqual({ outside: {}, cases: [] });
  });

  test("each case's site is the first frame in the test file of its definition stack, column from 0", () => {
    const stack = (line: number) =>
      `Error: \n    at _addTest (/repo/node_modules/jest-circus/build/index.js:10:5)\n    at test (/p/math.test.js:${line}:3)\n    at Object.describe (/p/math.test.js:2:1)`;
    // Not an Error of this realm, as in a test environment.
    const defined = (name: string, line: number) => testEntry(name, ROOT, { asyncError: { stack: stack(line) } } as Partial<Circus.TestEntry>);
    const tracker = new CaseTracker(() => ({}), '/p/math.test.js');
    tracker.testStart(defined('ran', 4));
    tracker.testDone(defined('ran', 4));
    tracker.testStart(defined('skipped', 7));
    tracker.testSkipped(defined('skipped', 7));
    expect(tracker.finish()).toEqual({
      outside: {},
      cases: [{ name: 'ran', failed: false, hits: {}, site: { at: { line: 4, column: 2 }, title: 'ran' } }],
      skipped: [{ name: 'skipped', site: { at: { line: 7, column: 2 }, title: 'skipped' } }],
    });
  });

  test('concurrent or retried cases cannot be told apart: the log says why and keeps no split', () => {
    const coverage: Coverage = {};
    const concurrent = new CaseTracker(() => coverage);
    const entry = testEntry('c', ROOT, { concurrent: true });
    concurrent.testStart(entry);
    execute(coverage, '/p/a.js', [1]);
    concurrent.testDone(entry);
    expect(concurrent.finish()).toEqual({ fallback: 'test.concurrent', outside: {}, cases: [] });

    const retried = new CaseTracker(() => ({}));
    retried.testRetry();
    expect(retried.finish()).toMatchObject({ fallback: 'retried tests', cases: [] });
  });

  test('without instrumented code loaded there is nothing to split, and nothing breaks', () => {
    const tracker = new CaseTracker(() => undefined);
    tracker.testStart(testEntry('t'));
    tracker.testDone(testEntry('t'));
    expect(tracker.finish()).toEqual({ outside: {}, cases: [{ name: 't', failed: false, hits: {} }] });
  });

  test('caseName joins describe titles and the test title, without the root block', () => {
    expect(caseName(testEntry('t', describeBlock('inner', describeBlock('outer', ROOT))))).toBe('outer › inner › t');
    expect(caseName(testEntry('top'))).toBe('top');
  });
});

describe('CaseTracker over our function counters', () => {
  test('arrays counted in place are split by case as istanbul counters are', () => {
    const counters = liveCounters() as unknown as Record<string, { f: number[] }> & { register: (...args: unknown[]) => number[] };
    const tracker = new CaseTracker(() => counters as never);
    const f = counters.register('/p/a.js', 'h', '1:0,1:0;2:0,2:0;3:0,3:0', 3);
    f[0]!++; // module load calls function 0
    const first = testEntry('first');
    tracker.testStart(first);
    f[1]!++;
    tracker.testDone(first);
    const second = testEntry('second');
    tracker.testStart(second);
    f[1]!++;
    f[2]!++;
    tracker.testDone(second);
    const log = tracker.finish();
    expect(log.outside).toEqual({ '/p/a.js': { s: [], f: [0] } });
    expect(log.cases.map((c) => [c.name, c.hits])).toEqual([
      ['first', { '/p/a.js': { s: [], f: [1] } }],
      ['second', { '/p/a.js': { s: [], f: [1, 2] } }],
    ]);
  });
});

describe('CaseTracker: where a case was defined, from its definition stack', () => {
  /** A realm whose Error formats stacks as Jest's source-map formatter would, counting the frames it formats. */
  function realm() {
    const context = vm.createContext({});
    const RealmError = vm.runInContext('Error', context) as { prepareStackTrace?: (error: Error, frames: NodeJS.CallSite[]) => unknown };
    const formatted: number[] = [];
    RealmError.prepareStackTrace = (error, frames) => {
      formatted.push(frames.length);
      return `${String(error)}${frames.map((f) => `\n    at ${f.getFunctionName() ?? '<anonymous>'} (${f.getFileName()}:${f.getLineNumber()}:${f.getColumnNumber()})`).join('')}`;
    };
    // `test()` two lines into the test file: its error is what jest-circus keeps as `asyncError`.
    const define = () => vm.runInContext('function test() { return new Error("defined"); }\n\n  test();\n', context, { filename: '/p/math.test.js' }) as Error;
    return { RealmError, formatted, define };
  }

  test('only the test file frame is formatted; the whole stack is formatted when read, once', () => {
    const { RealmError, formatted, define } = realm();
    const asyncError = define();
    const tracker = new CaseTracker(() => ({}), '/p/math.test.js', RealmError);
    const entry = testEntry('ran', ROOT, { asyncError } as Partial<Circus.TestEntry>);
    tracker.testStart(entry);
    tracker.testDone(entry);
    expect(tracker.finish().cases[0]!.site).toEqual({ at: { line: 1, column: 25 }, title: 'ran' });
    expect(formatted).toEqual([1]);
    const stack = asyncError.stack!;
    expect(stack).toMatch(/^Error: defined\n {4}at test \(\/p\/math\.test\.js:1:26\)\n {4}at <anonymous> \(\/p\/math\.test\.js:3:3\)/);
    expect(formatted.length).toBe(2);
    expect(formatted[1]).toBeGreaterThan(2);
    expect(asyncError.stack).toBe(stack);
    expect(formatted.length).toBe(2);
    // The realm's formatter is back in place.
    expect(RealmError.prepareStackTrace).toBeDefined();
    expect(String(RealmError.prepareStackTrace)).toContain('formatted.push');
  });

  test('a stack someone formatted already is read as it is', () => {
    const { RealmError, formatted, define } = realm();
    const asyncError = define();
    void asyncError.stack;
    const tracker = new CaseTracker(() => ({}), '/p/math.test.js', RealmError);
    const entry = testEntry('ran', ROOT, { asyncError } as Partial<Circus.TestEntry>);
    tracker.testStart(entry);
    tracker.testDone(entry);
    expect(tracker.finish().cases[0]!.site).toEqual({ at: { line: 1, column: 25 }, title: 'ran' });
    expect(formatted.length).toBe(1);
  });
});
