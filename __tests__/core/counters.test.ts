import * as vm from 'vm';
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import { insertAll, planCounters } from '../../src/core/counters';
import { createTransformer } from '../../src/jest/transform';
import { COUNTERS_GLOBAL, liveCounters, takeCounters, type LiveCounters } from '../../src/jest/ranCoverage';

/** Runs planned code with `hit(i)` as the counter; returns the indices entered, in order, and the module's result. */
function runCounted(code: string, main = 'main'): { entered: number[]; result: unknown } {
  const plan = planCounters(code, (i) => `hit(${i})`);
  if (!plan) throw new Error('did not parse');
  const entered: number[] = [];
  const sandbox: Record<string, unknown> = { hit: (i: number) => entered.push(i), exports: {} };
  vm.runInNewContext(insertAll(code, plan.insertions), sandbox);
  const fn = (sandbox.exports as Record<string, () => unknown>)[main];
  return { entered, result: fn ? fn() : undefined };
}

describe('planCounters', () => {
  test('counts each function entered, and only those', () => {
    const code = [
      'function used(a) { return a + 1; }',
      'function unused() { return 0; }',
      'const arrow = (x) => x * 2;',
      'const obj = { method() { return arrow(1); }, get value() { return 3; } };',
      'class C { constructor() { this.n = 1; } static make() { return new C(); } never() {} }',
      'exports.main = () => used(obj.method()) + obj.value + C.make().n;',
    ].join('\n');
    const plan = planCounters(code, (i) => `hit(${i})`)!;
    const first = (i: number): string => code.slice(plan.sites[i]!.start).split(/[ (]/)[0]!;
    expect(plan.sites.map((_, i) => first(i))).toEqual(['function', 'function', '', 'method', 'get', 'constructor', 'static', 'never', '']);
    const { entered, result } = runCounted(code);
    expect(result).toBe(7);
    // `unused` (1) and `never` (7) did not run.
    expect([...new Set(entered)].sort()).toEqual([0, 2, 3, 4, 5, 6, 8]);
  });

  test('leaves a directive prologue in force', () => {
    const code = '"use strict";\nexports.main = function () { "use strict"; return (function () { return this; })(); };';
    const plan = planCounters(code, (i) => `hit(${i})`)!;
    const out = insertAll(code, [{ offset: plan.preludeAt, text: 'hit(-1);' }, ...plan.insertions]);
    expect(out.startsWith('"use strict";hit(-1);')).toBe(true);
    expect(out).toContain('function () { "use strict";;hit(0);');
    // In strict code a plain call gets no `this`.
    expect(runCounted(code).result).toBeUndefined();
  });

  test('a directive without its semicolon stays one, with a counter that starts with a parenthesis', () => {
    const code = "exports.main = function () {\n  'use strict'\n  return (function () { return this; })();\n};";
    const plan = planCounters(code, (i) => `(hits[${i}] = (hits[${i}] || 0) + 1)`)!;
    const sandbox: Record<string, unknown> = { hits: [], exports: {} };
    vm.runInNewContext(insertAll(code, plan.insertions), sandbox);
    const { main } = sandbox.exports as { main: () => unknown };
    expect(main()).toBeUndefined();
    expect(sandbox.hits).toEqual([1, 1]);
  });

  test('keeps expression bodies and object literals of arrows intact', () => {
    const code = 'const pair = (a) => ({ a });\nconst seq = (a) => (a, a + 1);\nconst curry = (a) => (b) => a + b;\nexports.main = () => [pair(1).a, seq(1), curry(1)(2)];';
    expect(runCounted(code).result).toEqual([1, 2, 3]);
    expect(runCounted(code).entered.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  test('adds no line break and starts the prelude after a hashbang line', () => {
    const code = '#!/usr/bin/env node\nfunction f() {\n  return 1;\n}\n';
    const plan = planCounters(code, (i) => `hit(${i})`)!;
    expect(plan.preludeAt).toBe(code.indexOf('function'));
    expect(insertAll(code, plan.insertions).split('\n')).toHaveLength(code.split('\n').length);
  });

  test('is undefined for code that does not parse', () => {
    expect(planCounters('function (', (i) => `hit(${i})`)).toBeUndefined();
  });
});

describe('insertAll', () => {
  test('keeps the order of insertions at one offset', () => {
    expect(insertAll('ab', [{ offset: 1, text: '1' }, { offset: 0, text: '0' }, { offset: 1, text: '2' }])).toBe('0a12b');
  });
});

describe('the counting transformer', () => {
  const config = { rootDir: '/p', testMatch: ['**/*.test.js'], testRegex: [], testPathIgnorePatterns: [], setupFiles: ['/p/setup.js'], setupFilesAfterEnv: [] };
  const transform = async (source: string, file: string, instrument = false): Promise<{ code: string; map?: unknown }> => {
    const transformer = await createTransformer({});
    return transformer.process!(source, file, { config, instrument }) as { code: string; map?: unknown };
  };

  /** Loads transformed code as Jest would, in a realm of its own set up as our environment does: the counters it left, taken. */
  const load = (code: string): ReturnType<typeof takeCounters> => {
    const sandbox: Record<string, unknown> = { exports: {}, [COUNTERS_GLOBAL]: liveCounters() };
    sandbox.globalThis = sandbox;
    vm.runInNewContext(code, sandbox);
    (sandbox.exports as { main?: () => void }).main?.();
    return takeCounters(sandbox[COUNTERS_GLOBAL] as Record<string, LiveCounters>);
  };

  test('records the functions a test entered, at their places in the original file', async () => {
    const source = 'function a() {\n  return 1;\n}\nfunction b() {\n  return 2;\n}\nexports.main = () => a();\n';
    const { code } = await transform(source, '/p/src/m.js');
    const ran = load(code)['/p/src/m.js']!;
    const bodies = Object.values(ran.fnMap).map((fn) => fn.loc.start);
    expect(bodies).toEqual([{ line: 1, column: 13 }, { line: 7, column: 21 }]);
    expect(ran.whole).toBeUndefined();
  });

  test('registers a file that runs no function, and leaves test files, setup files and --coverage alone', async () => {
    const { code } = await transform('exports.x = 1;\n', '/p/src/data.js');
    expect(Object.keys(load(code))).toEqual(['/p/src/data.js']);
    for (const file of ['/p/src/a.test.js', '/p/setup.js']) expect((await transform('exports.x = () => 1;\n', file)).code).toBe('exports.x = () => 1;\n');
    expect((await transform('exports.x = () => 1;\n', '/p/src/a.js', true)).code).toBe('exports.x = () => 1;\n');
  });

  test('untransformed code whose directives lack their semicolons runs, strict and counted', async () => {
    const source = "'use strict'\nexports.main = function () {\n  'use strict'\n  return this;\n};\n";
    const { code } = await transform(source, '/p/src/standard.js');
    const sandbox: Record<string, unknown> = { exports: {}, [COUNTERS_GLOBAL]: liveCounters() };
    sandbox.globalThis = sandbox;
    vm.runInNewContext(code, sandbox);
    const { main } = sandbox.exports as { main: () => unknown };
    // Strict: a plain call gets no `this`.
    expect(main()).toBeUndefined();
    expect(takeCounters(sandbox[COUNTERS_GLOBAL] as Record<string, LiveCounters>)['/p/src/standard.js']!.f).toEqual({ 0: 1 });
  });

  test('counts every entry, and a file loaded twice with the same code adds to its counts', async () => {
    const source = 'function a() {\n  return 1;\n}\nexports.main = () => a() + a();\n';
    const { code } = await transform(source, '/p/src/twice.js');
    const sandbox: Record<string, unknown> = { [COUNTERS_GLOBAL]: liveCounters() };
    sandbox.globalThis = sandbox;
    for (let i = 0; i < 2; i++) {
      sandbox.exports = {};
      vm.runInNewContext(code, sandbox);
      (sandbox.exports as { main: () => number }).main();
    }
    expect((sandbox[COUNTERS_GLOBAL] as Record<string, LiveCounters>)['/p/src/twice.js']!.f).toEqual([4, 2]);
    expect(Object.keys(sandbox[COUNTERS_GLOBAL] as object)).toEqual(['/p/src/twice.js']);
  });

  test('runs unchanged outside our environment, where nobody reads the counts', async () => {
    const { code } = await transform('exports.main = function () { return 7; };\n', '/p/src/plain.js');
    const sandbox: Record<string, unknown> = { exports: {} };
    sandbox.globalThis = sandbox;
    vm.runInNewContext(code, sandbox);
    expect((sandbox.exports as { main: () => number }).main()).toBe(7);
    expect(sandbox[COUNTERS_GLOBAL]).toBeUndefined();
  });

  test("drops the transform's inline source map, which no longer fits, and hands Jest the shifted one", async () => {
    const inner = 'exports.main = function () { return 1; };\n';
    const inline = { version: 3, sources: ['m.ts'], names: [], mappings: 'AAAA,SAAS,cAAc' };
    const transformer = await createTransformer({ transformer: require.resolve('./fixtures/inlineMapTransformer') });
    const source = `${inner}//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(inline)).toString('base64')}`;
    const { code, map } = transformer.process!(source, '/p/src/m.ts', { config, instrument: false }) as { code: string; map: { mappings: string } };
    expect(code).not.toContain('sourceMappingURL');
    expect(code).toContain('exports.main = function () {');
    expect(map.mappings).not.toBe(inline.mappings);
  });

  test('shifts its source map past what it inserted', async () => {
    const source = 'exports.main = function () { return missing(); };\n';
    const { code, map } = await transform(source, '/p/src/throws.js');
    const generated = code.split('\n')[0]!.indexOf('missing');
    const found = originalPositionFor(new TraceMap(map as never), { line: 1, column: generated });
    expect(found).toMatchObject({ line: 1, column: source.indexOf('missing') });
  });

  test('counts a file that does not parse whole', async () => {
    const ran = takeCounters({ '/p/src/odd.js': { hash: 'h', fn: null, f: [] } });
    expect(ran['/p/src/odd.js']!.whole).toBe(true);
  });
});
