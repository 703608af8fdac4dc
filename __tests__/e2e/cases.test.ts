/**
 * Per-test-case selection (`testCases: true`) through real Jest: in a selected file only the cases
 * that ran what changed run, the others show as skipped; whatever the cases share, and every case
 * that cannot be told apart, runs the whole file. The test file itself is split too: each case owns
 * the function passed to its `test()` call.
 */
import { Fixture, JESTS, difftestConfig } from './fixture';

const functions = Array.from({ length: 10 }, (_, i) => `exports.f${i} = function (x) {\n  return x + ${i};\n};\n`).join('');
const tests = Array.from({ length: 10 }, (_, i) => `  test('f${i}', () => expect(m.f${i}(1)).toBe(${1 + i}));\n`).join('');

const FILES: Record<string, string> = {
  'package.json': '{ "name": "cases", "private": true }\n',
  'jest.config.js': difftestConfig({}, { testCases: true }),
  'src/math.js': `const SCALE = 1;\nexports.scale = () => SCALE;\n${functions}`,
  'src/setup.js': 'exports.init = function () {\n  return true;\n};\n',
  'src/three.js': 'exports.a = (x) => x + 1;\nexports.b = (x) => x + 2;\nexports.c = (x) => x + 3;\n',
  '__tests__/math.test.js': `const m = require('../src/math');
const setup = require('../src/setup');
describe('math', () => {
  beforeAll(() => expect(setup.init()).toBe(true));
${tests}});
`,
  '__tests__/other.test.js': "const m = require('../src/math');\ntest('other', () => expect(m.f0(0)).toBe(0));\n",
  '__tests__/concurrent.test.js': `const t = require('../src/three');
test.concurrent('a', async () => expect(t.a(0)).toBe(1));
test.concurrent('b', async () => expect(t.b(0)).toBe(2));
test.concurrent('c', async () => expect(t.c(0)).toBe(3));
`,
  '__tests__/retry.test.js': `const t = require('../src/three');
jest.retryTimes(1);
let attempts = 0;
test('flaky once', () => expect(++attempts).toBe(2));
test('a', () => expect(t.a(0)).toBe(1));
test('b', () => expect(t.b(0)).toBe(2));
`,
  '__tests__/snap.test.js': `const t = require('../src/three');
test('a', () => expect({ a: t.a(0) }).toMatchSnapshot());
test('b', () => expect({ b: t.b(0) }).toMatchSnapshot());
test('c', () => expect({ c: t.c(0) }).toMatchSnapshot());
`,
};

const ALL = [
  '__tests__/concurrent.test.js',
  '__tests__/math.test.js',
  '__tests__/other.test.js',
  '__tests__/retry.test.js',
  '__tests__/snap.test.js',
];
const mathCases = (...numbers: number[]): string[] => numbers.map((i) => `__tests__/math.test.js: math › f${i}`).sort();
const allBut = (...numbers: number[]): number[] => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].filter((i) => !numbers.includes(i));

describe.each(JESTS)('$name', ({ bin }) => {
  let fixture: Fixture;
  beforeAll(() => {
    fixture = new Fixture(FILES);
    expect(fixture.run(bin).ran).toEqual(ALL);
    expect(fixture.run(bin).ran).toEqual([]);
  });
  afterAll(() => fixture.cleanup());

  test('editing a function used by one test case of ten runs that case alone', () => {
    fixture.edit('src/math.js', 'return x + 3;', 'return x + 1 + 2;');
    const f3 = fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    expect(f3.ran).toEqual(['__tests__/math.test.js']);
    expect(f3.casesRan).toEqual(mathCases(3));
    expect(f3.casesSkipped).toEqual(mathCases(...allBut(3)));
    expect(f3.ours).toContain('jest-difftest: 1 changed file (src/math.js) → 1 of 5 test files selected (9 unaffected test cases skipped inside them), 4 skipped');
    expect(f3.ours).toContain('  __tests__/math.test.js: 1 of 10 test cases run, 9 skipped (they ran none of what changed)');
    expect(f3.ours).toContain('    math › f3 ← src/math.js: exports.f3() changed');

    // The cases skipped last time kept what they recorded before.
    fixture.edit('src/math.js', 'return x + 5;', 'return 5 + x;');
    const f5 = fixture.run(bin);
    expect(f5.casesRan).toEqual(mathCases(5));
    expect(f5.casesSkipped).toEqual(mathCases(...allBut(5)));
    expect(fixture.run(bin).ran).toEqual([]);
  });

  test('a failing case reruns alone until it passes', () => {
    fixture.edit('src/math.js', 'return x + 7;', 'return x + 70;');
    const broken = fixture.run(bin);
    expect(broken.casesRan).toEqual(mathCases(7));
    expect(broken.failed).toEqual(['__tests__/math.test.js']);
    expect(fixture.run(bin).casesRan).toEqual(mathCases(7));

    fixture.edit('src/math.js', 'return x + 70;', 'return x + 7;');
    const fixed = fixture.run(bin);
    expect(fixed.casesRan).toEqual(mathCases(7));
    expect(fixed.failed).toEqual([]);
    expect(fixture.run(bin).ran).toEqual([]);
  });

  test("editing one test's body runs that test; adding a test runs the file", () => {
    fixture.edit('__tests__/math.test.js', 'toBe(10)', 'toBe(5 + 5)');
    const body = fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    expect(body.casesRan).toEqual(mathCases(9));
    expect(body.casesSkipped).toEqual(mathCases(...allBut(9)));
    expect(body.ours).toContain('    math › f9 ← __tests__/math.test.js: <anonymous:3>.<anonymous:14>() changed');

    fixture.edit('__tests__/math.test.js', '});\n', "  test('f10', () => expect(m.f1(9)).toBe(10));\n});\n");
    const added = fixture.run(bin);
    expect(added.casesRan).toEqual([...mathCases(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), '__tests__/math.test.js: math › f10'].sort());
    expect(added.casesSkipped).toEqual([]);
  });

  test('module-level code, a beforeAll hook and the test file itself run the whole file', () => {
    const whole = [...mathCases(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), '__tests__/math.test.js: math › f10'].sort();
    fixture.edit('src/math.js', 'const SCALE = 1;', 'const SCALE = 2;');
    const moduleLevel = fixture.run(bin);
    expect(moduleLevel.ran).toEqual(['__tests__/math.test.js', '__tests__/other.test.js']);
    expect(moduleLevel.casesRan.filter((c) => c.startsWith('__tests__/math'))).toEqual(whole);
    expect(moduleLevel.casesSkipped).toEqual([]);

    fixture.edit('src/setup.js', 'return true;', 'return !false;');
    expect(fixture.run(bin).casesRan).toEqual(whole);

    fixture.edit('__tests__/math.test.js', "describe('math', () => {", "const unused = 1;\ndescribe('math', () => {");
    const testFile = fixture.run(bin);
    expect(testFile.casesRan).toEqual(whole);
    expect(testFile.casesSkipped).toEqual([]);
  });

  test('test.concurrent and retried tests fall back to the whole file', () => {
    fixture.edit('src/three.js', 'x + 2', '2 + x');
    const result = fixture.run(bin);
    expect(result.ran).toEqual(['__tests__/concurrent.test.js', '__tests__/retry.test.js', '__tests__/snap.test.js']);
    // The snapshot file holds a case the others' fate could not change: it alone is narrowed.
    expect(result.casesSkipped).toEqual(['__tests__/snap.test.js: a', '__tests__/snap.test.js: c']);
    expect(result.casesRan).toEqual([
      '__tests__/concurrent.test.js: a',
      '__tests__/concurrent.test.js: b',
      '__tests__/concurrent.test.js: c',
      '__tests__/retry.test.js: a',
      '__tests__/retry.test.js: b',
      '__tests__/retry.test.js: flaky once',
      '__tests__/snap.test.js: b',
    ]);
    expect(result.failed).toEqual([]);
  });

  test('the snapshots of skipped cases are neither obsolete nor removed', () => {
    const snapshots = fixture.read('__tests__/__snapshots__/snap.test.js.snap');
    fixture.edit('src/three.js', 'x + 1', '1 + x');
    const ci = fixture.run(bin, ['--ci']);
    expect(ci.status).toBe(0);
    expect(ci.casesRan).toContain('__tests__/snap.test.js: a');
    expect(ci.casesSkipped).toEqual(['__tests__/snap.test.js: b', '__tests__/snap.test.js: c']);
    expect(`${ci.stdout}${ci.stderr}`).not.toMatch(/obsolete/i);

    fixture.edit('src/three.js', 'x + 3', '3 + x');
    const update = fixture.run(bin, ['-u']);
    expect(update.status).toBe(0);
    expect(update.casesSkipped).toEqual(['__tests__/snap.test.js: a', '__tests__/snap.test.js: b']);
    expect(fixture.read('__tests__/__snapshots__/snap.test.js.snap')).toBe(snapshots);
  });
});
