/**
 * Function-level selection through each way Jest can see TypeScript and coverage: babel-jest,
 * ts-jest (type checking), and the v8 provider, on Jest 29.7 and 30.
 */
import * as path from 'path';
import { Fixture, JESTS, REPO, difftestConfig, type RunResult } from './fixture';

const resolve = (id: string): string => require.resolve(id, { paths: [REPO] });

const SOURCES: Record<string, string> = {
  'package.json': '{ "name": "transforms", "private": true }\n',
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      target: 'ES2020',
      module: 'commonjs',
      strict: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      typeRoots: [path.join(REPO, 'node_modules', '@types')],
      types: ['jest', 'node'],
    },
  }),
  'src/calc.ts': `export interface Options {
  precision: number;
}

export function add(a: number, b: number): number {
  return a + b;
}

export const sub = (a: number, b: number): number => a - b;

export class Calc {
  constructor(private readonly options: Options) {}

  mul(a: number, b: number): number {
    return Number((a * b).toFixed(this.options.precision));
  }

  get precision(): number {
    return this.options.precision;
  }
}
`,
  // A default import of JSON: the transform adds an interop helper that runs when the module loads,
  // in every test file (through the barrel), and maps to no line of the source.
  'src/rates.json': '{ "base": 2 }\n',
  'src/rates.ts': "import rates from './rates.json';\n\nexport function rate(x: number): number {\n  return x * rates.base;\n}\n",
  'src/index.ts': "export * from './calc';\nexport * from './rates';\n",
  '__tests__/add.test.ts': "import { add } from '../src';\ntest('add', () => expect(add(1, 2)).toBe(3));\n",
  '__tests__/sub.test.ts': "import { sub } from '../src';\ntest('sub', () => expect(sub(3, 2)).toBe(1));\n",
  '__tests__/calc.test.ts': "import { Calc } from '../src';\ntest('mul', () => expect(new Calc({ precision: 1 }).mul(1.5, 3)).toBe(4.5));\n",
  '__tests__/rate.test.ts': "import { rate } from '../src';\ntest('rate', () => expect(rate(3)).toBe(6));\n",
};

const babelConfig = `module.exports = { presets: [${JSON.stringify(resolve('@babel/preset-typescript'))}], plugins: [${JSON.stringify(resolve('@babel/plugin-transform-modules-commonjs'))}] };\n`;
const tsJest = { '^.+\\.ts$': [resolve('ts-jest'), { tsconfig: '<rootDir>/tsconfig.json' }] };

const SETUPS: Array<{ name: string; files: Record<string, string>; config: Record<string, unknown> }> = [
  { name: 'babel-jest', files: { 'babel.config.js': babelConfig }, config: {} },
  { name: 'ts-jest', files: {}, config: { transform: tsJest } },
  { name: 'ts-jest with the v8 provider', files: {}, config: { transform: tsJest, coverageProvider: 'v8' } },
  { name: 'babel-jest with the v8 provider', files: { 'babel.config.js': babelConfig }, config: { coverageProvider: 'v8' } },
];

describe.each(JESTS)('$name', ({ bin }) => {
  describe.each(SETUPS)('$name', ({ files, config }) => {
    let fixture: Fixture;
    const jest = (): RunResult => fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });

    beforeAll(() => {
      fixture = new Fixture({ ...SOURCES, ...files, 'jest.config.js': difftestConfig({ moduleFileExtensions: ['ts', 'js', 'json'], ...config }) });
    });
    afterAll(() => fixture.cleanup());

    test('records, then runs only the tests of the edited function', () => {
      const first = jest();
      expect(first.ran).toEqual(['__tests__/add.test.ts', '__tests__/calc.test.ts', '__tests__/rate.test.ts', '__tests__/sub.test.ts']);
      expect(first.status).toBe(0);
      expect(jest().ran).toEqual([]);

      fixture.edit('src/calc.ts', 'a - b;', '-(b - a);');
      const sub = jest();
      expect(sub.ran).toEqual(['__tests__/sub.test.ts']);
      expect(sub.ours).toContain('  __tests__/sub.test.ts ← src/calc.ts: sub() changed');

      fixture.edit('src/calc.ts', 'return Number((a * b)', 'return Number((b * a)');
      const mul = jest();
      expect(mul.ran).toEqual(['__tests__/calc.test.ts']);
      expect(mul.ours).toContain('  __tests__/calc.test.ts ← src/calc.ts: Calc.mul() changed');

      fixture.edit('src/calc.ts', 'export function add(', '/** Adds. */\nexport   function add(');
      expect(jest().ran).toEqual([]);

      // Every test file loaded rates.ts (and ran its interop helper); one called rate().
      fixture.edit('src/rates.ts', 'return x * rates.base;', 'return rates.base * x;');
      const rate = jest();
      expect(rate.ran).toEqual(['__tests__/rate.test.ts']);
      expect(rate.ours).toContain('  __tests__/rate.test.ts ← src/rates.ts: rate() changed');
    });

    test('a broken function fails the tests that ran it', () => {
      fixture.edit('src/calc.ts', 'return a + b;', 'return a + b + 1;');
      const broken = jest();
      expect(broken.ran).toEqual(['__tests__/add.test.ts']);
      expect(broken.failed).toEqual(['__tests__/add.test.ts']);
    });
  });
});
