/**
 * V8 fingerprints from real V8 precise coverage, taken in this process through the inspector: code is
 * run as is, compiled by TypeScript (mapped back through its source map), or wrapped the way Jest 29
 * wraps modules (offsets shifted by the wrapper's length).
 */
import { Session } from 'inspector';
import * as vm from 'vm';
import * as ts from 'typescript';
import { splitBlocks } from '../../src/core/blocks';
import { fingerprintFromV8, type V8FunctionCoverage } from '../../src/core/coverage-v8';
import { isUnaffected } from '../../src/core/match';
import { createOffsetMapper } from '../../src/jest/sourcemap';
import type { FileBlocks } from '../../src/core/types';
import { getHasher, type Exports } from './harness';

type Way = 'plain' | 'compiled' | 'wrapped';

const session = new Session();
const post = <T>(method: string, params?: object): Promise<T> =>
  new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));

beforeAll(async () => {
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
});
afterAll(async () => {
  await post('Profiler.stopPreciseCoverage');
  session.disconnect();
});

let serial = 0;

/** Runs `source` (CommonJS JavaScript, or TypeScript for `compiled`) and returns what V8 saw. */
async function v8Cover(
  source: string,
  run: (m: Exports) => unknown,
  way: Way,
  target = ts.ScriptTarget.ES2022,
): Promise<{ functions: V8FunctionCoverage[]; code: string; map: object | null; wrapperLength: number }> {
  let code = source;
  let map: object | null = null;
  if (way === 'compiled') {
    const out = ts.transpileModule(source, {
      fileName: 'module.ts',
      compilerOptions: { target, module: ts.ModuleKind.CommonJS, sourceMap: true, experimentalDecorators: true },
    });
    code = out.outputText;
    map = JSON.parse(out.sourceMapText!) as object;
  }
  const wrapperStart = '({"Object.<anonymous>":function(module,exports,require,__dirname,__filename,jest){';
  const wrapperLength = way === 'wrapped' ? wrapperStart.length : 0;
  const url = `/virtual/difftest-v8-${process.pid}-${serial++}.js`;
  const module = { exports: {} as Exports };
  if (way === 'wrapped') {
    // Jest 29: a Script of the code inside a module wrapper; offsets count from the wrapper's start.
    const wrapped = new vm.Script(`${wrapperStart}${code}\n}});`, { filename: url }).runInThisContext() as Record<
      string,
      (m: unknown, e: unknown, r: unknown) => void
    >;
    wrapped['Object.<anonymous>']!(module, module.exports, require);
  } else {
    // Jest 30: compileFunction over the code itself; offsets count from the code.
    vm.compileFunction(code, ['module', 'exports', 'require'], { filename: url })(module, module.exports, require);
  }
  await run(module.exports);
  const { result } = await post<{ result: Array<{ url: string; functions: V8FunctionCoverage[] }> }>('Profiler.takePreciseCoverage');
  const entry = result.find((r) => r.url === url || r.url === `file://${url}`);
  if (!entry) throw new Error(`no coverage for ${url}`);
  const functions = entry.functions;
  return { functions, code, map, wrapperLength };
}

async function fingerprint(source: string, file: string, run: (m: Exports) => unknown, way: Way): Promise<{ blocks: FileBlocks; fp: bigint[] }> {
  const blocks = splitBlocks(source, file, await getHasher());
  const { functions, code, map, wrapperLength } = await v8Cover(source, run, way);
  const toOriginal = createOffsetMapper(code, map, { wrapperLength });
  return { blocks, fp: fingerprintFromV8(blocks, functions, toOriginal) };
}

const ran = (blocks: FileBlocks, fp: readonly bigint[]): string[] => blocks.blocks.filter((b) => fp.includes(b.checksum)).map((b) => b.name);

const JS = `'use strict';
const label = "é😀€ — non-ASCII before every function";
function add(a, b) {
  return a + b;
}
function unused(x) {
  return x * 2;
}
function outer(flag) {
  function inner(n) {
    return n + 1;
  }
  return flag ? inner(1) : 0;
}
class Counter {
  constructor() {
    this.count = 0;
  }
  increment() {
    this.count++;
    return this;
  }
  decrement() {
    this.count--;
    return this;
  }
  get double() {
    return this.count * 2;
  }
  static {
    Counter.ready = true;
  }
}
const curry = (a) => (b) => a + b;
const twins = [() => { return 1; }, () => { return 1; }];
module.exports = { add, unused, outer, Counter, curry, twins, label };
`;

const TS = `export const label: string = "é😀€";
export function add(a: number, b: number): number {
  return a + b;
}
export function unused(x: number): number {
  return x * 2;
}
export class Counter {
  count = 0;
  increment(): this {
    this.count++;
    return this;
  }
  decrement(): this {
    this.count--;
    return this;
  }
}
export const curry = (a: number) => (b: number) => a + b;
export async function later(x: number): Promise<number> {
  await null;
  return add(x, 1);
}
`;

describe.each<Way>(['plain', 'wrapped'])('V8 coverage of JavaScript, %s', (way) => {
  test('called functions in, uncalled out, module always', async () => {
    const { blocks, fp } = await fingerprint(JS, 'a.js', (m) => [m.add(1, 2), m.outer(false), new m.Counter().increment()], way);
    expect(ran(blocks, fp)).toEqual(['<module>', 'add', 'outer', 'Counter.constructor', 'Counter.increment', 'Counter.<static>']);
  });

  test('nested, getter, curried arrow (outer only), twins', async () => {
    const { blocks, fp } = await fingerprint(JS, 'a.js', (m) => [m.outer(true), new m.Counter().double, m.curry(1), m.twins[1]()], way);
    expect(ran(blocks, fp)).toEqual([
      '<module>',
      'outer',
      'outer.inner',
      'Counter.constructor',
      'Counter.get double',
      'Counter.<static>',
      'curry',
      '<anonymous:35>',
    ]);
    expect(fp).not.toContain(blocks.blocks.find((b) => b.name === 'curry.<anonymous:34>')!.checksum);
  });

  test('round trip: an edit in the uncalled twin does not affect, in the called one does', async () => {
    const { fp } = await fingerprint(JS, 'a.js', (m) => m.twins[1](), way);
    const hasher = await getHasher();
    const check = (after: string): boolean => isUnaffected(fp, new Set(splitBlocks(after, 'a.js', hasher).blocks.map((b) => b.checksum)));
    expect(check(JS.replace('[() => { return 1; }', '[() => { return 2; }'))).toBe(true);
    expect(check(JS.replace('() => { return 1; }];', '() => { return 2; }];'))).toBe(false);
    expect(check(JS.replace('x * 2', 'x * 3'))).toBe(true);
    expect(check(JS.replace('é😀€', 'e'))).toBe(false);
  });
});

describe.each<Way>(['plain', 'wrapped'])('V8 coverage, the script itself (%s)', (way) => {
  test('a file that starts with an uncalled function: the script does not count it', async () => {
    const source = 'function first() {\n  return 1;\n}\nfunction second() {\n  return 2;\n}\nmodule.exports = { first, second };\n';
    const { blocks, fp } = await fingerprint(source, 'a.js', (m) => m.second(), way);
    expect(ran(blocks, fp)).toEqual(['<module>', 'second']);
  });
});

describe('V8 coverage of TypeScript compiled with a source map', () => {
  test('called functions in, uncalled out', async () => {
    const { blocks, fp } = await fingerprint(TS, 'a.ts', (m) => [m.add(1, 2), new m.Counter().increment(), m.curry(2)(3)], 'compiled');
    expect(ran(blocks, fp)).toEqual(['<module>', 'add', 'Counter.increment', 'curry', 'curry.<anonymous:19>']);
  });

  test('helpers the compiler adds (ES2015 async → __awaiter) count nothing; the user function counts', async () => {
    const blocks = splitBlocks(TS, 'a.ts', await getHasher());
    const { functions, code, map } = await v8Cover(TS, (m) => m.later(1), 'compiled', ts.ScriptTarget.ES2015);
    expect(code).toContain('__awaiter');
    const fp = fingerprintFromV8(blocks, functions, createOffsetMapper(code, map));
    expect(ran(blocks, fp)).toEqual(['<module>', 'add', 'later']);
  });

  test('an inline source map in the code serves when no map is passed', async () => {
    const out = ts.transpileModule(TS, { fileName: 'module.ts', compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, inlineSourceMap: true } });
    const blocks = splitBlocks(TS, 'a.ts', await getHasher());
    const { functions } = await v8Cover(out.outputText, (m) => m.add(1, 2), 'plain');
    expect(ran(blocks, fingerprintFromV8(blocks, functions, createOffsetMapper(out.outputText, null)))).toEqual(['<module>', 'add']);
  });
});

describe('when offsets cannot be placed', () => {
  test('a mapper that maps nothing yields every block', async () => {
    const blocks = splitBlocks(JS, 'a.js', await getHasher());
    const { functions } = await v8Cover(JS, (m) => m.add(1, 2), 'plain');
    expect(fingerprintFromV8(blocks, functions, () => null)).toHaveLength(blocks.blocks.length);
  });

  test('compiled code without its map (code differs from the original) yields every block', async () => {
    const blocks = splitBlocks(TS, 'a.ts', await getHasher());
    const { functions, code } = await v8Cover(TS, (m) => m.add(1, 2), 'compiled');
    expect(fingerprintFromV8(blocks, functions, createOffsetMapper(code, null, { originalCode: TS }))).toHaveLength(blocks.blocks.length);
  });

  test('a file that is only top-level code is its module block', async () => {
    const source = 'const a = 1;\nmodule.exports = a + 1;\n';
    const blocks = splitBlocks(source, 'a.js', await getHasher());
    for (const way of ['plain', 'wrapped'] as const) {
      const { functions, code, wrapperLength } = await v8Cover(source, () => undefined, way);
      expect(fingerprintFromV8(blocks, functions, createOffsetMapper(code, null, { wrapperLength }))).toEqual([blocks.blocks[0]!.checksum]);
    }
  });

  test('a raw file is its raw block', async () => {
    const blocks = splitBlocks('{"a": 1}', 'a.json', await getHasher());
    expect(fingerprintFromV8(blocks, [{ functionName: '', ranges: [{ startOffset: 0, endOffset: 8, count: 1 }] }], () => null)).toEqual([
      blocks.blocks[0]!.checksum,
    ]);
  });

  test('a start that maps early (into the parent) still counts the function', async () => {
    const source = 'function outer() {\n  return function inner() {\n    return 1;\n  };\n}\n';
    const blocks = splitBlocks(source, 'a.js', await getHasher());
    const start = source.indexOf('function inner');
    const end = source.indexOf('};') + 1;
    const functions: V8FunctionCoverage[] = [
      { functionName: '', ranges: [{ startOffset: 0, endOffset: source.length, count: 1 }] },
      { functionName: 'outer', ranges: [{ startOffset: 0, endOffset: source.lastIndexOf('}') + 1, count: 1 }] },
      { functionName: 'inner', ranges: [{ startOffset: start, endOffset: end, count: 1 }] },
    ];
    // Shift the inner function's start two characters early, as a coarse source map might.
    const identity = createOffsetMapper(source, null);
    const early = (offset: number) => identity(offset === start ? start - 2 : offset);
    expect(ran(blocks, fingerprintFromV8(blocks, functions, early))).toEqual(['<module>', 'outer', 'outer.inner']);
  });
});
