/**
 * The whole story on a plain JavaScript project, through the real Jest CLI (29.7 and 30): record,
 * edit, select, and what must never be skipped.
 */
import { Fixture, JESTS, difftestConfig, type RunResult } from './fixture';

const FILES: Record<string, string> = {
  'package.json': '{ "name": "story", "private": true }\n',
  'package-lock.json': '{ "name": "story", "lockfileVersion": 3, "packages": {} }\n',
  'jest.config.js': difftestConfig(),
  'src/math.js': `const FACTOR = 1;

function add(a, b) {
  return (a + b) * FACTOR;
}

function sub(a, b) {
  return a - b;
}

module.exports = { add, sub };
`,
  'src/strings.js': `exports.upper = (s) => s.toUpperCase();
exports.lower = (s) => s.toLowerCase();
`,
  'src/config.json': '{ "greeting": "hello" }\n',
  '__tests__/add.test.js': `const { add } = require('../src/math');
test('add', () => expect(add(1, 2)).toBe(3));
`,
  '__tests__/sub.test.js': `const { sub } = require('../src/math');
test('sub', () => expect(sub(3, 2)).toBe(1));
`,
  '__tests__/upper.test.js': `const { upper } = require('../src/strings');
test('upper', () => expect(upper('a')).toBe('A'));
`,
  '__tests__/greeting.test.js': `const config = require('../src/config.json');
test('greeting', () => expect(config.greeting).toBe('hello'));
`,
  '__tests__/snap.test.js': `const { lower } = require('../src/strings');
test('snap', () => expect(lower('ABC')).toMatchSnapshot());
`,
};

const ALL = ['__tests__/add.test.js', '__tests__/greeting.test.js', '__tests__/snap.test.js', '__tests__/sub.test.js', '__tests__/upper.test.js'];

describe.each(JESTS)('$name', ({ bin }) => {
  let fixture: Fixture;
  const jest = (env: Record<string, string> = {}, args: string[] = []): RunResult => fixture.run(bin, args, env);
  const expectRan = (result: RunResult, ran: string[]): void => {
    expect({ ran: result.ran, status: result.status }).toEqual({ ran: [...ran].sort(), status: ran.some((t) => result.failed.includes(t)) ? 1 : 0 });
  };

  beforeAll(() => {
    fixture = new Fixture(FILES);
  });
  afterAll(() => fixture.cleanup());

  test('the first run records every test file', () => {
    const result = jest();
    expectRan(result, ALL);
    expect(result.ours[0]).toMatch(/^jest-difftest: new data file: running all 5 test files$/);
    expect(fixture.exists('.difftestdata')).toBe(true);
  });

  test('nothing changed: nothing runs, exit 0', () => {
    const result = jest();
    expectRan(result, []);
    expect(result.ours[0]).toBe('jest-difftest: no changed files → 0 of 5 test files selected, 5 skipped');
  });

  test('an edited function runs exactly the tests that executed it', () => {
    fixture.edit('src/math.js', 'return a - b;', 'return -(b - a);');
    const result = jest({ JEST_DIFFTEST_EXPLAIN: '1' });
    expectRan(result, ['__tests__/sub.test.js']);
    expect(result.ours).toContain('  __tests__/sub.test.js ← src/math.js: sub() changed');
    expect(result.stderr).toMatch(/jest-difftest: skipped 4 unaffected test files, saving about/);
  });

  test('a comment or whitespace edit runs nothing', () => {
    fixture.edit('src/math.js', 'function add(a, b) {', '// adds\nfunction   add(a,\n  b) {');
    expectRan(jest(), []);
  });

  test('a module-level constant runs every test that loaded the module', () => {
    fixture.edit('src/math.js', 'const FACTOR = 1;', 'const FACTOR = 2 - 1;');
    expectRan(jest(), ['__tests__/add.test.js', '__tests__/sub.test.js']);
  });

  test('an edited JSON file runs its readers; a failing test reruns until fixed', () => {
    fixture.write('src/config.json', '{ "greeting": "hi" }\n');
    const broken = jest();
    expectRan(broken, ['__tests__/greeting.test.js']);
    expect(broken.failed).toEqual(['__tests__/greeting.test.js']);
    const again = jest({ JEST_DIFFTEST_EXPLAIN: '1' });
    expectRan(again, ['__tests__/greeting.test.js']);
    expect(again.ours).toContain('  __tests__/greeting.test.js ← failed last run');
    fixture.write('src/config.json', '{ "greeting": "hello" }\n');
    expectRan(jest(), ['__tests__/greeting.test.js']);
    expectRan(jest(), []);
  });

  test('a changed snapshot file runs its test', () => {
    fixture.edit('__tests__/__snapshots__/snap.test.js.snap', /^\/\/ Jest Snapshot v1/, '//  Jest Snapshot v1');
    expectRan(jest(), ['__tests__/snap.test.js']);
  });

  test('a changed lockfile runs everything and says so', () => {
    fixture.write('package-lock.json', '{ "name": "story", "lockfileVersion": 3, "packages": { "": {} } }\n');
    const result = jest();
    expectRan(result, ALL);
    expect(result.ours[0]).toBe('jest-difftest: package-lock.json changed: running all 5 test files');
    expectRan(jest(), []);
  });

  test('a new test file runs; a deleted one is pruned', () => {
    fixture.write('__tests__/mul.test.js', "const { add } = require('../src/math');\ntest('twice', () => expect(add(2, 2)).toBe(4));\n");
    const added = jest({ JEST_DIFFTEST_EXPLAIN: '1' });
    expectRan(added, ['__tests__/mul.test.js']);
    expect(added.ours).toContain('  __tests__/mul.test.js ← new test file');
    fixture.remove('__tests__/mul.test.js');
    expectRan(jest(), []);
    // Brought back, it is new again: its record was pruned.
    fixture.write('__tests__/mul.test.js', "const { add } = require('../src/math');\ntest('twice', () => expect(add(2, 2)).toBe(4));\n");
    const back = jest({ JEST_DIFFTEST_EXPLAIN: '1' });
    expectRan(back, ['__tests__/mul.test.js']);
    expect(back.ours).toContain('  __tests__/mul.test.js ← new test file');
  });

  test('rebuild runs all; nocollect selects but records nothing', () => {
    expectRan(jest({ JEST_DIFFTEST_REBUILD: '1' }), [...ALL, '__tests__/mul.test.js']);
    expectRan(jest(), []);
    fixture.edit('src/strings.js', 's.toUpperCase()', 's.toLocaleUpperCase()');
    expectRan(jest({ JEST_DIFFTEST_COLLECT: '0' }), ['__tests__/upper.test.js']);
    expectRan(jest(), ['__tests__/upper.test.js']);
    expectRan(jest(), []);
  });

  test('off: plain Jest runs everything', () => {
    const result = jest({ JEST_DIFFTEST: '0' });
    expectRan(result, [...ALL, '__tests__/mul.test.js']);
    expect(result.ours).toEqual([]);
  });
});
