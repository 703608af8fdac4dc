/**
 * Compile-aware selection: under a type-checking transform (ts-jest), an edit can make a module fail
 * to compile and so fail tests that never ran the edited code. Those tests must be selected.
 */
import * as path from 'path';
import { Fixture, JESTS, REPO, difftestConfig, type RunResult } from './fixture';

const resolve = (id: string): string => require.resolve(id, { paths: [REPO] });

const tsconfig = (isolatedModules: boolean): string =>
  JSON.stringify({
    compilerOptions: {
      target: 'ES2020',
      module: 'commonjs',
      strict: true,
      isolatedModules,
      typeRoots: [path.join(REPO, 'node_modules', '@types')],
      types: ['jest', 'node'],
    },
  });

const FILES: Record<string, string> = {
  'package.json': '{ "name": "compile", "private": true }\n',
  'src/shape.ts': `export type Shape = { kind: 'circle'; r: number } | { kind: 'square'; side: number };

export function area(s: Shape): number {
  if (s.kind === 'circle') return 3 * s.r * s.r;
  return s.side * s.side;
}

export function label(s: Shape): string {
  return s.kind.toUpperCase();
}
`,
  'src/util.ts': 'export function fmt(n: number): string {\n  return n.toFixed(1);\n}\n',
  'src/units.ts': "export type Unit = 'cm' | 'in';\n",
  'src/report.ts': `import { fmt } from './util';
import type { Unit } from './units';

export function unitLabel(unit: Unit = 'cm'): string {
  return unit;
}

export function report(n: number): string {
  return 'total ' + fmt(n);
}

export function title(): string {
  return 'Report';
}
`,
  '__tests__/area.test.ts': "import { area } from '../src/shape';\ntest('area', () => expect(area({ kind: 'square', side: 2 })).toBe(4));\n",
  '__tests__/label.test.ts': "import { label } from '../src/shape';\ntest('label', () => expect(label({ kind: 'circle', r: 1 })).toBe('CIRCLE'));\n",
  '__tests__/title.test.ts': "import { title } from '../src/report';\ntest('title', () => expect(title()).toBe('Report'));\n",
  '__tests__/fmt.test.ts': "import { fmt } from '../src/util';\ntest('fmt', () => expect(fmt(1)).toBe('1.0'));\n",
};

/** Valid JavaScript, but TypeScript can no longer narrow `s` to the square on the last line. */
const NARROWING = ["if (s.kind === 'circle') return", "if (s.kind === 'circle' && s.r > 0) return"] as const;
/** A new required parameter: report.ts, which calls fmt(n), no longer compiles. */
const SIGNATURE = ['export function fmt(n: number): string {\n  return n.toFixed(1);', 'export function fmt(n: number, digits: number): string {\n  return n.toFixed(digits);'] as const;

describe.each(JESTS)('$name', ({ bin }) => {
  const config = difftestConfig({ transform: { '^.+\\.ts$': [resolve('ts-jest'), { tsconfig: '<rootDir>/tsconfig.json' }] }, moduleFileExtensions: ['ts', 'js'] });

  describe('ts-jest with type checking', () => {
    let fixture: Fixture;
    const jest = (): RunResult => fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    beforeAll(() => {
      fixture = new Fixture({ ...FILES, 'tsconfig.json': tsconfig(false), 'jest.config.js': config });
      expect(jest().ran).toHaveLength(4);
    });
    afterAll(() => fixture.cleanup());

    test('a narrowing change fails every test that loads the module, also one that never called the function', () => {
      fixture.edit('src/shape.ts', ...NARROWING);
      const result = jest();
      expect(result.ran).toEqual(['__tests__/area.test.ts', '__tests__/label.test.ts']);
      expect(result.failed).toEqual(['__tests__/area.test.ts', '__tests__/label.test.ts']);
      expect(result.ours).toContain('jest-difftest: src/shape.ts does not compile → 2 test files');
      expect(result.ours.join('\n')).toMatch(/__tests__\/label\.test\.ts ← src\/shape\.ts does not compile: .*TS2339/);
      fixture.edit('src/shape.ts', NARROWING[1], NARROWING[0]);
      expect(jest().ran).toEqual(['__tests__/area.test.ts', '__tests__/label.test.ts']);
    });

    test('an edit to a type-only module (erased at run time) runs the tests whose modules it breaks', () => {
      fixture.edit('src/units.ts', "'cm' | 'in'", "'mm' | 'in'");
      const result = jest();
      expect(result.ran).toEqual(['__tests__/title.test.ts']);
      expect(result.failed).toEqual(['__tests__/title.test.ts']);
      fixture.edit('src/units.ts', "'mm' | 'in'", "'cm' | 'in'");
      expect(jest().ran).toEqual(['__tests__/title.test.ts']);
    });

    test("a changed signature in a util runs the tests that load its importer", () => {
      fixture.edit('src/util.ts', ...SIGNATURE);
      const result = jest();
      expect(result.ran).toEqual(['__tests__/fmt.test.ts', '__tests__/title.test.ts']);
      expect(result.failed).toEqual(['__tests__/fmt.test.ts', '__tests__/title.test.ts']);
      expect(result.ours).toContain('jest-difftest: src/report.ts does not compile → 1 test file');
    });
  });

  describe('ts-jest with isolatedModules', () => {
    let fixture: Fixture;
    const jest = (): RunResult => fixture.run(bin);
    beforeAll(() => {
      fixture = new Fixture({ ...FILES, 'tsconfig.json': tsconfig(true), 'jest.config.js': config });
      expect(jest().ran).toHaveLength(4);
    });
    afterAll(() => fixture.cleanup());

    test('the same changes run only the tests that ran the changed function', () => {
      fixture.edit('src/shape.ts', ...NARROWING);
      expect(jest().ran).toEqual(['__tests__/area.test.ts']);
      fixture.edit('src/util.ts', ...SIGNATURE);
      expect(jest().ran).toEqual(['__tests__/fmt.test.ts']);
    });
  });

  describe('babel-jest', () => {
    let fixture: Fixture;
    beforeAll(() => {
      fixture = new Fixture({
        'package.json': '{ "name": "syntax", "private": true }\n',
        'jest.config.js': difftestConfig(),
        'src/a.js': 'exports.one = () => 1;\nexports.two = () => 2;\n',
        'src/b.js': 'exports.three = () => 3;\n',
        '__tests__/one.test.js': "const { one } = require('../src/a');\ntest('one', () => expect(one()).toBe(1));\n",
        '__tests__/two.test.js': "const { two } = require('../src/a');\ntest('two', () => expect(two()).toBe(2));\n",
        '__tests__/three.test.js': "const { three } = require('../src/b');\ntest('three', () => expect(three()).toBe(3));\n",
      });
      expect(fixture.run(bin).ran).toHaveLength(3);
    });
    afterAll(() => fixture.cleanup());

    test('a syntax error runs every test that loaded the file', () => {
      fixture.edit('src/a.js', '() => 2;', '() => (2;');
      const result = fixture.run(bin);
      expect(result.ran).toEqual(['__tests__/one.test.js', '__tests__/two.test.js']);
      expect(result.failed).toEqual(['__tests__/one.test.js', '__tests__/two.test.js']);
    });
  });
});
