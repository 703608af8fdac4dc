/**
 * Recording with function counters: `withDiffTest` wraps the project's transformers in
 * `jest-difftest/transform`, Jest collects no coverage, and the selection stays as precise as with
 * istanbul: with Jest's workers, for files no transform matches, and where the config falls back to
 * Jest's coverage.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Fixture, JESTS, REPO, difftestConfig } from './fixture';

/** Four test files, each using a different module; `shared.js` is loaded by all, one function each. */
function files(config: Record<string, unknown> = {}): Record<string, string> {
  const out: Record<string, string> = {
    'package.json': '{ "name": "counters", "private": true }\n',
    'jest.config.js': difftestConfig(config),
    'src/shared.js': ['one', 'two', 'three', 'four'].map((name, i) => `exports.${name} = () => ${i + 1};`).join('\n') + '\n',
  };
  for (const [i, name] of ['one', 'two', 'three', 'four'].entries()) {
    out[`src/${name}.js`] = `const shared = require('./shared');\nexports.${name} = () => shared.${name}() * 10;\n`;
    out[`__tests__/${name}.test.js`] = `const { ${name} } = require('../src/${name}');\ntest('${name}', () => expect(${name}()).toBe(${(i + 1) * 10}));\n`;
  }
  return out;
}

const ALL = ['__tests__/four.test.js', '__tests__/one.test.js', '__tests__/three.test.js', '__tests__/two.test.js'];

/** The same project as native ES modules (`"type": "module"`, run with `--experimental-vm-modules`). */
function esmFiles(): Record<string, string> {
  const out: Record<string, string> = {
    'package.json': '{ "name": "counters-esm", "private": true, "type": "module" }\n',
    'jest.config.cjs': difftestConfig({ transform: {} }),
    'src/shared.js': ['one', 'two', 'three', 'four'].map((name, i) => `export const ${name} = () => ${i + 1};`).join('\n') + '\n',
  };
  for (const [i, name] of ['one', 'two', 'three', 'four'].entries()) {
    out[`src/${name}.js`] = `import * as shared from './shared.js';\nexport function ${name}() {\n  return shared.${name}() * 10;\n}\n`;
    out[`__tests__/${name}.test.js`] = `import { ${name} } from '../src/${name}.js';\ntest('${name}', () => expect(${name}()).toBe(${(i + 1) * 10}));\n`;
  }
  return out;
}
const ESM = { NODE_OPTIONS: '--experimental-vm-modules --no-warnings' };

/** The jsdom environment of each Jest major, named by path as a project would install its own. */
const JSDOM: Record<string, string> = {
  'jest 30': require.resolve('jest-environment-jsdom', { paths: [REPO] }),
  'jest 29': require.resolve('jest-environment-jsdom29', { paths: [REPO] }),
};

/** Two test files in jsdom, each calling one function of a module that uses the DOM. */
function jsdomFiles(environment: string): Record<string, string> {
  return {
    'package.json': '{ "name": "counters-jsdom", "private": true }\n',
    'jest.config.js': difftestConfig({ testEnvironment: environment }),
    'src/dom.js': [
      "exports.title = (text) => {\n  const h = document.createElement('h1');\n  h.textContent = text;\n  return h.outerHTML;\n};",
      'exports.width = () => window.innerWidth;',
    ].join('\n') + '\n',
    '__tests__/title.test.js': "const { title } = require('../src/dom');\ntest('title', () => expect(title('a')).toBe('<h1>a</h1>'));\n",
    '__tests__/width.test.js': "const { width } = require('../src/dom');\ntest('width', () => expect(width()).toBe(1024));\n",
  };
}

describe.each(JESTS)('$name', ({ name, bin }) => {
  let fixture: Fixture;
  afterEach(() => fixture.cleanup());

  test('with two workers, each test file records only the functions it ran', () => {
    fixture = new Fixture(files());
    expect(fixture.run(bin, ['--maxWorkers=2']).ran).toEqual(ALL);
    // The workers' environments handed their logs over through files, each taken by the reporter.
    expect(fs.readdirSync(path.join(fixture.dir, '.jest-cache/jest-difftest/log'))).toEqual([]);
    const config = fixture.run(bin, ['--showConfig']).stdout;
    expect(config).toContain('"collectCoverage": false');
    expect(config).toMatch(/dist\/src\/jest\/transform\.js/);

    fixture.edit('src/shared.js', '() => 3', '() => 3 + 0');
    const result = fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    expect(result.ran).toEqual(['__tests__/three.test.js']);
    expect(result.ours).toContain('  __tests__/three.test.js ← src/shared.js: exports.three() changed');
  });

  test('in band, the environment hands its log to the reporter in memory: no log file, the same precision', () => {
    fixture = new Fixture(files());
    expect(fixture.run(bin, ['--runInBand']).ran).toEqual(ALL);
    expect(fixture.exists('.jest-cache/jest-difftest/log')).toBe(false);

    fixture.edit('src/shared.js', '() => 2', '() => 2 + 0');
    fixture.edit('src/four.js', '* 10', '* 10 + 0');
    expect(fixture.run(bin, ['--runInBand']).ran).toEqual(['__tests__/four.test.js', '__tests__/two.test.js']);
  });

  test('a test file whose docblock names another environment, out of reach of the counters, runs every time', () => {
    fixture = new Fixture(files());
    // A module it loads by a computed name: no static import shows it.
    fixture.write('__tests__/one.test.js', "/**\n * @jest-environment node\n */\nconst name = ['o', 'n', 'e'].join('');\nconst m = require('../src/' + name);\ntest('one', () => expect(m.one()).toBe(10));\n");
    expect(fixture.run(bin).ran).toEqual(ALL);
    fixture.edit('src/one.js', '* 10', '* 5 * 2');
    const next = fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    expect(next.ran).toEqual(['__tests__/one.test.js']);
    expect(next.ours.join('\n')).toContain('@jest-environment-options');
    // Named with ours in the docblock, it is recorded as any other.
    fixture.write('__tests__/one.test.js', `/**\n * @jest-environment ${require.resolve('../../dist/src/jest/environment')}\n * @jest-environment-options {"jestDifftestEnvironment": "node"}\n */\nconst name = ['o', 'n', 'e'].join('');\nconst m = require('../src/' + name);\ntest('one', () => expect(m.one()).toBe(10));\n`);
    expect(fixture.run(bin).ran).toEqual(['__tests__/one.test.js']);
    expect(fixture.run(bin).ran).toEqual([]);
    fixture.edit('src/one.js', '* 5 * 2', '* 10');
    expect(fixture.run(bin).ran).toEqual(['__tests__/one.test.js']);
  });

  test('native ES modules are counted as CommonJS ones are', () => {
    fixture = new Fixture(esmFiles());
    const first = fixture.run(bin, [], ESM);
    expect(first.ran).toEqual(ALL);
    expect(first.status).toBe(0);
    expect(fixture.run(bin, ['--showConfig'], ESM).stdout).toContain('"collectCoverage": false');
    expect(fixture.run(bin, [], ESM).ran).toEqual([]);
    fixture.edit('src/shared.js', '() => 3', '() => 3 + 0');
    const result = fixture.run(bin, [], { ...ESM, JEST_DIFFTEST_EXPLAIN: '1' });
    expect(result.ran).toEqual(['__tests__/three.test.js']);
    expect(result.ours).toContain('  __tests__/three.test.js ← src/shared.js: three() changed');
    fixture.edit('src/one.js', '* 10', '* 5 * 2');
    expect(fixture.run(bin, [], ESM).ran).toEqual(['__tests__/one.test.js']);
  });

  test('a function called through an import cycle before its module ran is counted, and placed', () => {
    fixture = new Fixture({
      ...esmFiles(),
      // b.js runs first (the test imports a.js, which imports b.js) and calls a() before a.js's body ran.
      'src/a.js': "import { b } from './b.js';\nexport function a() {\n  return 1;\n}\nexport function unused() {\n  return 9;\n}\nexport const fromB = b;\n",
      'src/b.js': "import { a } from './a.js';\nexport const b = a() + 1;\n",
      '__tests__/cycle.test.js': "import { fromB } from '../src/a.js';\ntest('cycle', () => expect(fromB).toBe(2));\n",
    });
    expect(fixture.run(bin, [], ESM).ran).toEqual(['__tests__/cycle.test.js', ...ALL]);
    fixture.edit('src/a.js', 'return 9;', 'return 8;');
    expect(fixture.run(bin, [], ESM).ran).toEqual([]);
    fixture.edit('src/a.js', 'return 1;', 'return 1 + 0;');
    const result = fixture.run(bin, [], { ...ESM, JEST_DIFFTEST_EXPLAIN: '1' });
    expect(result.ran).toEqual(['__tests__/cycle.test.js']);
    expect(result.ours).toContain('  __tests__/cycle.test.js ← src/a.js: a() changed');
  });

  test('tests in jsdom are recorded function by function', () => {
    fixture = new Fixture(jsdomFiles(JSDOM[name]!));
    const first = fixture.run(bin);
    expect(first.ran).toEqual(['__tests__/title.test.js', '__tests__/width.test.js']);
    expect(first.status).toBe(0);
    expect(fixture.run(bin, ['--showConfig']).stdout).toContain('"collectCoverage": false');
    fixture.edit('src/dom.js', 'h.textContent = text;', 'h.textContent = String(text);');
    const result = fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    expect(result.ran).toEqual(['__tests__/title.test.js']);
    expect(result.ours).toContain('  __tests__/title.test.js ← src/dom.js: exports.title() changed');
    expect(result.status).toBe(0);
  });

  test('files no transform pattern matches are counted as they are', () => {
    fixture = new Fixture(files({ transform: {} }));
    expect(fixture.run(bin, ['--maxWorkers=2']).ran).toEqual(ALL);
    fixture.edit('src/shared.js', '() => 2', '() => 2 + 0');
    expect(fixture.run(bin).ran).toEqual(['__tests__/two.test.js']);
  });

  test('transformIgnorePatterns that skip project files fall back to Jest coverage, as precise', () => {
    fixture = new Fixture(files({ transformIgnorePatterns: ['/node_modules/', '/src/shared'] }));
    expect(fixture.run(bin, ['--showConfig']).stdout).toContain('"collectCoverage": true');
    expect(fixture.run(bin).ran).toEqual(ALL);
    fixture.edit('src/shared.js', '() => 4', '() => 4 + 0');
    expect(fixture.run(bin).ran).toEqual(['__tests__/four.test.js']);
  });

  test('a run with --coverage records from Jest coverage and writes its report', () => {
    fixture = new Fixture(files());
    expect(fixture.run(bin, ['--coverage', '--coverageReporters=json-summary']).ran).toEqual(ALL);
    expect(fixture.exists('coverage/coverage-summary.json')).toBe(true);
    fixture.edit('src/shared.js', '() => 1', '() => 1 + 0');
    expect(fixture.run(bin).ran).toEqual(['__tests__/one.test.js']);
  });
});
