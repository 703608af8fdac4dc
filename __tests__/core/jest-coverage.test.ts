/**
 * The core on what Jest really hands over: a tiny project in a temporary directory runs under the
 * real Jest 30 and Jest 29 CLIs, babel and v8 coverage providers, babel-jest for JavaScript and
 * ts-jest for TypeScript. A reporter in the fixture dumps `testResult.coverage` and
 * `testResult.v8Coverage`; the fingerprints built from them must hold exactly the blocks that ran.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { splitBlocks } from '../../src/core/blocks';
import { fingerprintFromIstanbul, type IstanbulFileCoverage } from '../../src/core/coverage';
import { fingerprintFromV8, type V8FunctionCoverage } from '../../src/core/coverage-v8';
import type { FileBlocks } from '../../src/core/types';
import { createOffsetMapper, createPositionMapper } from '../../src/jest/sourcemap';
import { getHasher } from './harness';

const REPO = path.resolve(__dirname, '..', '..');
const NM = path.join(REPO, 'node_modules');

const JESTS = [
  { name: 'jest 30', bin: path.join(NM, 'jest', 'bin', 'jest.js'), babelJest: path.join(NM, 'babel-jest') },
  { name: 'jest 29', bin: path.join(NM, 'jest29', 'bin', 'jest.js'), babelJest: path.join(NM, 'babel-jest29') },
] as const;
const PROVIDERS = ['babel', 'v8'] as const;

const FILES: Record<string, string> = {
  'src/math.js': `const LIMIT = 10; // é😀€: offsets count UTF-16 units
function add(a, b) {
  return a + b;
}
function unused(a) {
  return a * LIMIT;
}
class Calc {
  constructor() {
    this.total = 0;
  }
  plus(n) {
    this.total = add(this.total, n);
    return this;
  }
  minus(n) {
    this.total -= n;
    return this;
  }
  static {
    Calc.made = true;
  }
}
const twice = (x) => add(x, x);
const never = (x) => x;
module.exports = { add, unused, Calc, twice, never, LIMIT };
`,
  'src/util.ts': `export interface Shape {
  area(): number;
}
export const SCALE: number = 2;
export function scale(n: number): number {
  return n * SCALE;
}
export function notCalled(s: Shape): number {
  return s.area();
}
export class Box implements Shape {
  constructor(private readonly w: number, private readonly h: number) {}
  area(): number {
    return this.w * this.h;
  }
  perimeter(): number {
    return 2 * (this.w + this.h);
  }
}
export const viaArrow = async (n: number): Promise<number> => {
  await null;
  return scale(n);
};
`,
  'src/view.tsx': `const React = { createElement: (...args: unknown[]) => args };
export function Hello({ name }: { name: string }) {
  return (
    <div className="hello">
      Hello, {name}!
    </div>
  );
}
export function Bye() {
  return <span>bye</span>;
}
`,
  'src/math.test.js': `const { add, Calc, twice } = require('./math');
test('adds', () => {
  expect(add(1, 2)).toBe(3);
  expect(new Calc().plus(2).total).toBe(2);
  expect(twice(2)).toBe(4);
});
`,
  'src/util.test.ts': `import { scale, Box, viaArrow } from './util';
test('scales', async () => {
  expect(scale(2)).toBe(4);
  expect(new Box(2, 3).area()).toBe(6);
  expect(await viaArrow(1)).toBe(2);
});
`,
  'src/view.test.tsx': `import { Hello } from './view';
test('renders', () => {
  expect(Hello({ name: 'x' })[0]).toBe('div');
});
`,
  'dump-reporter.js': `const fs = require('fs');
const path = require('path');
module.exports = class DumpReporter {
  constructor(globalConfig, options) {
    this.out = options.out;
    this.dump = {};
  }
  onTestFileResult(test, result) {
    this.dump[path.basename(test.path)] = { coverage: result.coverage, v8Coverage: result.v8Coverage, failure: result.failureMessage };
  }
  onRunComplete() {
    fs.writeFileSync(this.out, JSON.stringify(this.dump));
  }
};
`,
};

/** What each source file's fingerprint must hold, whatever the provider. */
const EXPECTED: Record<string, string[]> = {
  'math.js': ['<module>', 'add', 'Calc.constructor', 'Calc.plus', 'Calc.<static>', 'twice'],
  'util.ts': ['<module>', 'scale', 'Box.constructor', 'Box.area', 'viaArrow'],
  'view.tsx': ['<module>', 'React.createElement', 'Hello'],
};

interface Dump {
  [testFile: string]: {
    coverage?: Record<string, IstanbulFileCoverage>;
    v8Coverage?: Array<{
      codeTransformResult?: { code: string; originalCode?: string; sourceMapPath?: string | null; wrapperLength?: number };
      result: { url: string; functions: V8FunctionCoverage[] };
    }>;
    failure?: string;
  };
}

let dir: string;
const dumps = new Map<string, Dump>();

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-core-')));
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  for (const jest of JESTS) {
    for (const provider of PROVIDERS) {
      const key = `${jest.name}/${provider}`;
      const out = path.join(dir, `dump-${jest.name.replace(' ', '')}-${provider}.json`);
      const config = {
        rootDir: dir,
        testEnvironment: 'node',
        collectCoverage: true,
        coverageProvider: provider,
        coverageReporters: ['none'],
        reporters: [[path.join(dir, 'dump-reporter.js'), { out }]],
        cacheDirectory: path.join(dir, `.cache-${jest.name.replace(' ', '')}-${provider}`),
        transform: {
          '\\.jsx?$': require.resolve(jest.babelJest),
          '\\.tsx?$': [
            require.resolve(path.join(NM, 'ts-jest')),
            { tsconfig: { target: 'ES2022', module: 'commonjs', jsx: 'react', esModuleInterop: true, isolatedModules: true } },
          ],
        },
      };
      const run = spawnSync(process.execPath, [jest.bin, '--config', JSON.stringify(config), '--ci', '--no-watchman'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      if (!fs.existsSync(out)) throw new Error(`${key}: no dump (exit ${run.status})\n${run.stderr}`);
      const dump = JSON.parse(fs.readFileSync(out, 'utf8')) as Dump;
      for (const [test, result] of Object.entries(dump)) {
        if (result.failure) throw new Error(`${key}: ${test} failed\n${result.failure}`);
      }
      dumps.set(key, dump);
    }
  }
}, 300_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const names = (blocks: FileBlocks, fingerprint: readonly bigint[]): string[] =>
  blocks.blocks.filter((b) => fingerprint.includes(b.checksum)).map((b) => b.name);

async function blocksOf(file: string): Promise<FileBlocks> {
  return splitBlocks(fs.readFileSync(file, 'utf8'), file, await getHasher());
}

const cases = JESTS.flatMap((jest) => Object.keys(EXPECTED).map((source) => [jest.name, source] as const));

describe('babel provider: testResult.coverage', () => {
  test.each(cases)('%s, %s', async (jestName, source) => {
    const dump = dumps.get(`${jestName}/babel`)!;
    const entries = Object.values(dump).flatMap((r) => Object.entries(r.coverage ?? {}));
    const found = entries.filter(([file]) => path.basename(file) === source);
    expect(found).toHaveLength(1);
    const [file, coverage] = found[0]!;
    const blocks = await blocksOf(file);
    // babel-jest instruments the original; ts-jest's output is instrumented with its map as inputSourceMap.
    expect(coverage.inputSourceMap !== undefined).toBe(!source.endsWith('.js'));
    const mapper = coverage.inputSourceMap ? createPositionMapper(coverage.inputSourceMap as object) : undefined;
    expect(names(blocks, fingerprintFromIstanbul(blocks, coverage, mapper))).toEqual(EXPECTED[source]);
    if (coverage.inputSourceMap) {
      // Without the mapper the positions cannot be trusted: every block counts.
      expect(fingerprintFromIstanbul(blocks, coverage)).toHaveLength(blocks.blocks.length);
    }
  });
});

describe('v8 provider: testResult.v8Coverage', () => {
  test.each(cases)('%s, %s', async (jestName, source) => {
    const dump = dumps.get(`${jestName}/v8`)!;
    const entries = Object.values(dump).flatMap((r) => r.v8Coverage ?? []);
    const found = entries.filter((e) => path.basename(e.result.url) === source);
    expect(found).toHaveLength(1);
    const { codeTransformResult: transform, result } = found[0]!;
    const file = result.url.startsWith('file:') ? new URL(result.url).pathname : result.url;
    const blocks = await blocksOf(file);
    expect(transform).toBeDefined();
    // Jest 29 compiles modules inside a wrapper and says how long it is; Jest 30 does not wrap.
    if (jestName === 'jest 29') expect(transform!.wrapperLength).toBeGreaterThan(0);
    else expect(transform!.wrapperLength ?? 0).toBe(0);
    const sourceMap = transform!.sourceMapPath ? (JSON.parse(fs.readFileSync(transform!.sourceMapPath, 'utf8')) as object) : null;
    const toOriginal = createOffsetMapper(transform!.code, sourceMap, {
      wrapperLength: transform!.wrapperLength ?? 0,
      originalCode: transform!.originalCode,
    });
    expect(names(blocks, fingerprintFromV8(blocks, result.functions, toOriginal))).toEqual(EXPECTED[source]);
  });
});
