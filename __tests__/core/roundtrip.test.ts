/**
 * Fingerprint round trips: real coverage of a `before` source (instrumented, executed, with only what
 * the case calls), its fingerprint, then the blocks of the `after` source and the verdict.
 *
 * Every case runs through both ways coverage reaches the core: babel-jest's (original coordinates)
 * and ts-jest's (compiled coordinates plus `inputSourceMap`, mapped back with a source map).
 */
import { splitBlocks } from '../../src/core/blocks';
import { fingerprintFromIstanbul } from '../../src/core/coverage';
import { isUnaffected, missingChecksums } from '../../src/core/match';
import { createPositionMapper } from '../../src/jest/sourcemap';
import { cover, getHasher, type Exports, type Pipeline } from './harness';

interface Case {
  name: string;
  /** File name (extension decides the parser). */
  file?: string;
  before: string;
  /** What the test did with the module's exports (module load always runs). */
  run: (m: Exports) => unknown;
  after: string;
  affected: boolean;
}

/** `text` with `from` replaced by `to`; fails loudly when `from` is not there. */
function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`edit: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
}

const CALC = `export const RATE = 2;

export function add(a: number, b: number): number {
  return a + b;
}

export function unused(x: number): number {
  return x * RATE;
}

export function outer(flag: boolean): number {
  function inner(n: number): number {
    return n + 1;
  }
  return flag ? inner(1) : 0;
}
`;

const CALC_REFORMATTED = `export   const   RATE=2;
export function add(
    a : number,
    b : number,
) : number { return a+b; }



export function unused( x:number ):number
{
    // reformatted, with a comment
    return x*RATE;
}
export function outer(flag:boolean):number{
        function inner(n:number):number{return n+1;}
        return flag?inner(1):0;
}`;

const ANON = `export function total(xs: number[]): number {
  return xs.map((x) => x * 2).reduce((a, b) => a + b, 0);
}

export function positives(xs: number[]): number[] {
  return xs.filter(function (x) {
    return x > 0;
  });
}
`;

const COUNTER = `export class Counter {
  count = 0;
  static created = 0;
  static {
    Counter.created = 1;
  }
  constructor(start = 0) {
    this.count = start;
  }
  increment(): this {
    this.count++;
    return this;
  }
  decrement(): this {
    this.count--;
    return this;
  }
  get double(): number {
    return this.count * 2;
  }
  set double(value: number) {
    this.count = value / 2;
  }
  reset = () => {
    this.count = 0;
  };
  #secret(): number {
    return 42;
  }
  reveal(): number {
    return this.#secret();
  }
}
`;

const API = `export const api = {
  get: (id: number) => ({ id }),
  remove: (id: number) => id > 0,
  describe() {
    return 'api';
  },
};
`;

const SERVICE = `function log(tag: string) {
  return (_target: any, _key: string, descriptor: PropertyDescriptor) => {
    descriptor.value.tag = tag;
    return descriptor;
  };
}

export class Service {
  @log('start')
  start(): number {
    return 1;
  }

  @log('stop')
  stop(): number {
    return 2;
  }
}
`;

const TWINS = `export const handlers = [
  () => {
    return 1;
  },
  () => {
    return 1;
  },
];
`;

const TYPES = `export interface Options {
  verbose: boolean;
}

export type Id = string;

export function greet(name: string): string {
  return 'hi ' + name;
}

export function loud(options: Options): boolean {
  return options.verbose;
}
`;

const JSX = `export function Hello({ name }: { name: string }) {
  return (
    <div className="hello">
      Hello, {name}!
    </div>
  );
}

export function Bye() {
  return <span>bye</span>;
}
`;

const TLA = `const config = await Promise.resolve({ factor: 3 });

export function scale(x: number): number {
  return x * config.factor;
}

export function shout(s: string): string {
  return s.toUpperCase();
}
`;

const CJS = `'use strict';
function add(a, b) {
  return a + b;
}
function unused(x) {
  return x * 2;
}
module.exports = { add, unused };
`;

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

const cases: Case[] = [
  // Plain edits.
  { name: 'edit in a covered function', before: CALC, run: (m) => m.add(1, 2), after: edit(CALC, 'a + b', 'a - b'), affected: true },
  { name: 'edit in an uncovered function', before: CALC, run: (m) => m.add(1, 2), after: edit(CALC, 'x * RATE', 'x * RATE * 2'), affected: false },
  {
    name: 'comments only, in a covered function',
    before: CALC,
    run: (m) => m.add(1, 2),
    after: edit(CALC, '  return a + b;', '  // sum\n  return /* both */ a + b; // done'),
    affected: false,
  },
  { name: 'whitespace only', before: CALC, run: (m) => m.add(1, 2), after: edit(CALC, 'return a + b;', '\n\n   return   a+b ;'), affected: false },
  { name: 'reformatting the whole file', before: CALC, run: (m) => [m.add(1, 2), m.outer(true)], after: CALC_REFORMATTED, affected: false },
  { name: 'a module-level constant', before: CALC, run: (m) => m.add(1, 2), after: edit(CALC, 'RATE = 2', 'RATE = 3'), affected: true },
  {
    name: 'a new function declaration at the end',
    before: CALC,
    run: (m) => m.add(1, 2),
    after: `${CALC}\nexport function extra(): number {\n  return 1;\n}\n`,
    affected: false,
  },
  {
    name: 'a new function declaration at the top (every line moves)',
    before: CALC,
    run: (m) => [m.add(1, 2), m.outer(true)],
    after: `function helper(): number {\n  return 0;\n}\n\n${CALC}`,
    affected: false,
  },
  {
    name: 'a new const arrow at module level (module code: affected)',
    before: CALC,
    run: (m) => m.add(1, 2),
    after: `${CALC}\nexport const extra = () => 1;\n`,
    affected: true,
  },
  {
    name: 'a new function named like a global it may shadow',
    before: CALC,
    run: (m) => m.add(1, 2),
    after: `${CALC}\nfunction parseInt(s: string): number {\n  return 0;\n}\n`,
    affected: true,
  },
  {
    name: 'a removed function that was called',
    before: CALC,
    run: (m) => m.add(1, 2),
    after: edit(CALC, 'export function add(a: number, b: number): number {\n  return a + b;\n}\n', ''),
    affected: true,
  },
  {
    name: 'a removed function that was not called',
    before: CALC,
    run: (m) => m.add(1, 2),
    after: edit(CALC, 'export function unused(x: number): number {\n  return x * RATE;\n}\n', ''),
    affected: false,
  },
  { name: 'renaming a called function', before: CALC, run: (m) => m.add(1, 2), after: edit(CALC, 'function add(', 'function plus('), affected: true },

  // Nested and anonymous functions.
  { name: 'nested function not called', before: CALC, run: (m) => m.outer(false), after: edit(CALC, 'n + 1', 'n + 2'), affected: false },
  { name: 'nested function called', before: CALC, run: (m) => m.outer(true), after: edit(CALC, 'n + 1', 'n + 2'), affected: true },
  { name: 'renaming an uncalled nested function shows in its parent', before: CALC, run: (m) => m.outer(false), after: edit(edit(CALC, 'function inner(', 'function inner2('), 'inner(1)', 'inner2(1)'), affected: true },
  { name: 'anonymous arrow callback that ran', before: ANON, run: (m) => m.total([1, 2]), after: edit(ANON, 'x * 2', 'x * 3'), affected: true },
  { name: 'anonymous function expression that did not run', before: ANON, run: (m) => m.total([1, 2]), after: edit(ANON, 'x > 0', 'x >= 0'), affected: false },
  { name: 'callback of a called function that was never invoked', before: ANON, run: (m) => m.positives([]), after: edit(ANON, 'x > 0', 'x >= 0'), affected: false },

  // Classes.
  { name: 'class method called', before: COUNTER, run: (m) => new m.Counter(1).increment(), after: edit(COUNTER, 'this.count++', 'this.count += 2'), affected: true },
  { name: 'class method not called', before: COUNTER, run: (m) => new m.Counter(1).increment(), after: edit(COUNTER, 'this.count--', 'this.count -= 2'), affected: false },
  { name: 'getter not read', before: COUNTER, run: (m) => new m.Counter(1).increment(), after: edit(COUNTER, 'this.count * 2', 'this.count * 3'), affected: false },
  { name: 'getter read', before: COUNTER, run: (m) => new m.Counter(1).double, after: edit(COUNTER, 'this.count * 2', 'this.count * 3'), affected: true },
  { name: 'setter not used', before: COUNTER, run: (m) => new m.Counter(1).double, after: edit(COUNTER, 'value / 2', 'value / 4'), affected: false },
  {
    name: 'setter used',
    before: COUNTER,
    run: (m) => {
      new m.Counter(1).double = 4;
    },
    after: edit(COUNTER, 'value / 2', 'value / 4'),
    affected: true,
  },
  { name: 'constructor of an instantiated class', before: COUNTER, run: (m) => new m.Counter(1), after: edit(COUNTER, 'start = 0', 'start = 1'), affected: true },
  { name: 'constructor of a class never instantiated', before: COUNTER, run: () => undefined, after: edit(COUNTER, 'start = 0', 'start = 1'), affected: false },
  { name: 'class field initializer (belongs to the enclosing block)', before: COUNTER, run: () => undefined, after: edit(COUNTER, 'count = 0;', 'count = 5;'), affected: true },
  { name: 'static block (runs with its class)', before: COUNTER, run: () => undefined, after: edit(COUNTER, 'Counter.created = 1', 'Counter.created = 2'), affected: true },
  { name: 'arrow property not called', before: COUNTER, run: (m) => new m.Counter(1), after: edit(COUNTER, 'this.count = 0;\n  };', 'this.count = -1;\n  };'), affected: false },
  { name: 'arrow property called', before: COUNTER, run: (m) => new m.Counter(1).reset(), after: edit(COUNTER, 'this.count = 0;\n  };', 'this.count = -1;\n  };'), affected: true },
  { name: 'private method called', before: COUNTER, run: (m) => new m.Counter(1).reveal(), after: edit(COUNTER, 'return 42', 'return 43'), affected: true },
  { name: 'private method not called', before: COUNTER, run: (m) => new m.Counter(1), after: edit(COUNTER, 'return 42', 'return 43'), affected: false },
  { name: 'object arrow property called', before: API, run: (m) => m.api.get(1), after: edit(API, '({ id })', '({ id, ok: true })'), affected: true },
  { name: 'object arrow property not called', before: API, run: (m) => m.api.get(1), after: edit(API, 'id > 0', 'id >= 0'), affected: false },
  { name: 'object method not called', before: API, run: (m) => m.api.get(1), after: edit(API, "'api'", "'API'"), affected: false },
  { name: 'decorated method called', before: SERVICE, run: (m) => new m.Service().start(), after: edit(SERVICE, 'return 1;', 'return 10;'), affected: true },
  { name: 'decorated method not called', before: SERVICE, run: (m) => new m.Service().start(), after: edit(SERVICE, 'return 2;', 'return 20;'), affected: false },
  { name: 'decorator arguments (run at class definition)', before: SERVICE, run: () => undefined, after: edit(SERVICE, "@log('stop')", "@log('halt')"), affected: true },

  // Identical functions must not mask each other.
  { name: 'edit the second of two identical functions, second ran', before: TWINS, run: (m) => m.handlers[1](), after: edit(TWINS, '  () => {\n    return 1;\n  },\n];', '  () => {\n    return 2;\n  },\n];'), affected: true },
  { name: 'edit the first of two identical functions, second ran', before: TWINS, run: (m) => m.handlers[1](), after: edit(TWINS, 'return 1', 'return 2'), affected: false },
  { name: 'edit the first of two identical functions, first ran', before: TWINS, run: (m) => m.handlers[0](), after: edit(TWINS, 'return 1', 'return 2'), affected: true },

  // TypeScript types: type-only declarations live in the module block.
  { name: 'interface change (module block: affected)', before: TYPES, run: (m) => m.greet('a'), after: edit(TYPES, 'verbose: boolean;', 'verbose: boolean;\n  quiet?: boolean;'), affected: true },
  { name: 'parameter type of an uncalled function', before: TYPES, run: (m) => m.greet('a'), after: edit(TYPES, 'options: Options', 'options: Readonly<Options>'), affected: false },
  { name: 'return type of a called function', before: TYPES, run: (m) => m.greet('a'), after: edit(TYPES, 'name: string): string', 'name: string): String'), affected: true },

  // JSX.
  { name: 'JSX text of a rendered component', file: 'view.tsx', before: JSX, run: (m) => m.Hello({ name: 'x' }), after: edit(JSX, 'Hello, {name}!', 'Hi, {name}!'), affected: true },
  {
    name: 'JSX re-indented and re-wrapped',
    file: 'view.tsx',
    before: JSX,
    run: (m) => m.Hello({ name: 'x' }),
    after: edit(JSX, '    <div className="hello">\n      Hello, {name}!\n    </div>', '        <div className="hello">\n\n              Hello, {name}!\n        </div>'),
    affected: false,
  },
  {
    name: 'JSX joined onto one line',
    file: 'view.tsx',
    before: JSX,
    run: (m) => m.Hello({ name: 'x' }),
    after: edit(JSX, '(\n    <div className="hello">\n      Hello, {name}!\n    </div>\n  )', '(<div className="hello">Hello, {name}!</div>)'),
    affected: false,
  },
  {
    name: 'JSX text spacing inside a line (a different string)',
    file: 'view.tsx',
    before: JSX,
    run: (m) => m.Hello({ name: 'x' }),
    after: edit(JSX, 'Hello, {name}', 'Hello,  {name}'),
    affected: true,
  },
  { name: 'JSX of a component not rendered', file: 'view.tsx', before: JSX, run: (m) => m.Hello({ name: 'x' }), after: edit(JSX, '<span>bye</span>', '<b>bye</b>'), affected: false },
  {
    name: 'JSX in a .jsx file',
    file: 'view.jsx',
    before: 'export function Bye() {\n  return <span>bye</span>;\n}\nexport function Hi() {\n  return <span>hi</span>;\n}\n',
    run: (m) => m.Hi(),
    after: 'export function Bye() {\n  return <b>bye</b>;\n}\nexport function Hi() {\n  return <span>hi</span>;\n}\n',
    affected: false,
  },

  // Line endings and module flavours.
  { name: 'CRLF to LF', before: crlf(CALC), run: (m) => m.add(1, 2), after: CALC, affected: false },
  { name: 'CRLF file, edit in an uncovered function', before: crlf(CALC), run: (m) => m.add(1, 2), after: crlf(edit(CALC, 'x * RATE', 'x + RATE')), affected: false },
  { name: 'CRLF file, edit in a covered function', before: crlf(CALC), run: (m) => m.add(1, 2), after: crlf(edit(CALC, 'a + b', 'b + a')), affected: true },
  { name: '.mts with top-level await, uncalled edit', file: 'config.mts', before: TLA, run: (m) => m.scale(2), after: edit(TLA, 'toUpperCase', 'toLowerCase'), affected: false },
  { name: '.mts with top-level await, called edit', file: 'config.mts', before: TLA, run: (m) => m.scale(2), after: edit(TLA, 'x * config', 'config.factor * x + 0 * config'), affected: true },
  { name: 'top-level await value', file: 'config.ts', before: TLA, run: (m) => m.shout('a'), after: edit(TLA, 'factor: 3', 'factor: 4'), affected: true },
  { name: '.cts, uncalled edit', file: 'calc.cts', before: CALC, run: (m) => m.add(1, 2), after: edit(CALC, 'x * RATE', 'x / RATE'), affected: false },
  { name: '.cjs CommonJS, uncalled edit', file: 'calc.cjs', before: CJS, run: (m) => m.add(1, 2), after: edit(CJS, 'x * 2', 'x * 3'), affected: false },
  { name: '.cjs CommonJS, called edit', file: 'calc.cjs', before: CJS, run: (m) => m.add(1, 2), after: edit(CJS, 'a + b', 'a + b + 0'), affected: true },
  {
    name: '.js, a new function exported through module.exports (module code: affected)',
    file: 'calc.js',
    before: CJS,
    run: (m) => m.add(1, 2),
    after: edit(CJS, 'module.exports = { add, unused };', 'function more() {\n  return 1;\n}\nmodule.exports = { add, unused, more };'),
    affected: true,
  },

  // Syntax errors: a file that does not parse is one raw block.
  { name: 'syntax error after the edit, in an uncalled function', before: CALC, run: (m) => m.add(1, 2), after: edit(CALC, 'return x * RATE;', 'return x * ;'), affected: true },
];

describe.each<Pipeline>(['babel', 'transformed'])('round trip, %s coverage', (pipeline) => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const hasher = await getHasher();
    const file = c.file ?? 'calc.ts';
    const coverage = await cover(c.before, file, c.run, pipeline);
    const before = splitBlocks(c.before, file, hasher);
    expect(before.parseError).toBeUndefined();
    const mapper = pipeline === 'transformed' ? createPositionMapper(coverage.inputSourceMap as object) : undefined;
    const fingerprint = fingerprintFromIstanbul(before, coverage, mapper);
    expect(fingerprint).toContain(before.blocks[0]!.checksum);
    const after = splitBlocks(c.after, file, hasher);
    const current = new Set(after.blocks.map((b) => b.checksum));
    const unaffected = isUnaffected(fingerprint, current);
    if (unaffected === c.affected) {
      // Say which blocks made the difference.
      const names = (checksums: readonly bigint[]): string[] =>
        checksums.map((x) => before.blocks.find((b) => b.checksum === x)?.name ?? String(x));
      throw new Error(
        `expected ${c.affected ? 'affected' : 'unaffected'}; fingerprint: ${names(fingerprint).join(', ')}; missing: ${names(missingChecksums(fingerprint, current)).join(', ')}`,
      );
    }
  });
});

describe('a file that did not parse before', () => {
  const broken = edit(CALC, 'return x * RATE;', 'return x * ;');
  // Nothing could run it: its fingerprint is its raw block.
  const fingerprintOf = async (text: string): Promise<bigint[]> => {
    const blocks = splitBlocks(text, 'calc.ts', await getHasher());
    return fingerprintFromIstanbul(blocks, { statementMap: {}, s: {}, fnMap: {}, f: {} });
  };
  const verdict = async (after: string): Promise<boolean> => {
    const blocks = splitBlocks(after, 'calc.ts', await getHasher());
    return isUnaffected(await fingerprintOf(broken), new Set(blocks.blocks.map((b) => b.checksum)));
  };

  test('fixed: affected', async () => {
    expect(await verdict(CALC)).toBe(false);
  });
  test('still broken, edited elsewhere: affected (raw text changed)', async () => {
    expect(await verdict(edit(broken, 'a + b', 'a - b'))).toBe(false);
  });
  test('unchanged: unaffected', async () => {
    expect(await verdict(broken)).toBe(true);
  });
});

describe('fingerprints name the blocks that ran', () => {
  const ran = async (source: string, file: string, run: (m: Exports) => unknown, pipeline: Pipeline): Promise<string[]> => {
    const hasher = await getHasher();
    const coverage = await cover(source, file, run, pipeline);
    const blocks = splitBlocks(source, file, hasher);
    const mapper = pipeline === 'transformed' ? createPositionMapper(coverage.inputSourceMap as object) : undefined;
    const fp = new Set(fingerprintFromIstanbul(blocks, coverage, mapper));
    return blocks.blocks.filter((b) => fp.has(b.checksum)).map((b) => b.name);
  };

  test.each<Pipeline>(['babel', 'transformed'])('class members (%s)', async (pipeline) => {
    expect(await ran(COUNTER, 'counter.ts', (m) => new m.Counter(2).increment().reveal(), pipeline)).toEqual([
      '<module>',
      'Counter.<static>',
      'Counter.constructor',
      'Counter.increment',
      'Counter.#secret',
      'Counter.reveal',
    ]);
  });

  test.each<Pipeline>(['babel', 'transformed'])('nested and anonymous (%s)', async (pipeline) => {
    expect(await ran(CALC, 'calc.ts', (m) => m.outer(true), pipeline)).toEqual(['<module>', 'outer', 'outer.inner']);
    expect(await ran(ANON, 'anon.ts', (m) => m.total([1]), pipeline)).toEqual([
      '<module>',
      'total',
      'total.<anonymous:2>',
      'total.<anonymous:2>',
    ]);
  });

  test('an uncovered file through a transform without a mapper counts whole', async () => {
    const hasher = await getHasher();
    const coverage = await cover(CALC, 'calc.ts', (m) => m.add(1, 2), 'transformed');
    const blocks = splitBlocks(CALC, 'calc.ts', hasher);
    expect(fingerprintFromIstanbul(blocks, coverage)).toEqual([...blocks.blocks.map((b) => b.checksum)].sort((a, b) => (a < b ? -1 : 1)));
  });
});
