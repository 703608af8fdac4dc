/**
 * The `jest-difftest` command, `status`, and bad input: what a user types and what they see.
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { DIST, Fixture, difftestConfig } from './fixture';

const BIN = path.join(DIST, 'cli', 'bin.js');

const FILES: Record<string, string> = {
  'package.json': '{ "name": "cli", "private": true }\n',
  'jest.config.js': difftestConfig(),
  'src/a.js': 'exports.one = () => 1;\nexports.two = () => 2;\n',
  '__tests__/one.test.js': "const { one } = require('../src/a');\ntest('one', () => expect(one()).toBe(1));\n",
  '__tests__/two.test.js': "const { two } = require('../src/a');\ntest('two', () => expect(two()).toBe(2));\n",
};

describe('jest-difftest command', () => {
  let fixture: Fixture;
  const command = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [BIN, ...args], { cwd: fixture.dir, encoding: 'utf8', env: { ...process.env, CI: '', FORCE_COLOR: '0', ...env } });

  beforeAll(() => {
    fixture = new Fixture(FILES);
  });
  afterAll(() => fixture.cleanup());

  test('passes Jest arguments through and takes its own flags', () => {
    const first = fixture.run(BIN, ['--diff-env', 'cli']);
    expect(first.ran).toEqual(['__tests__/one.test.js', '__tests__/two.test.js']);
    expect(first.ours[0]).toBe('jest-difftest: new data file: running all 2 test files');

    fixture.edit('src/a.js', '() => 2', '() => 1 + 1');
    const second = fixture.run(BIN, ['--diff-env=cli', '--diff-explain']);
    expect(second.ran).toEqual(['__tests__/two.test.js']);
    expect(second.ours).toContain('  __tests__/two.test.js ← src/a.js: exports.two() changed');
    expect(second.status).toBe(0);
  });

  test('environments keep their data apart', () => {
    const other = fixture.run(BIN, ['--diff-env', 'other']);
    expect(other.ran).toEqual(['__tests__/one.test.js', '__tests__/two.test.js']);
    expect(other.ours[0]).toBe('jest-difftest: no data for environment "other" yet: running all 2 test files');
    expect(fixture.run(BIN, ['--diff-env', 'cli']).ran).toEqual([]);
  });

  test('nothing affected exits 0 through the command', () => {
    const result = fixture.run(BIN, ['--diff-env', 'cli']);
    expect(result.ran).toEqual([]);
    expect(result.status).toBe(0);
  });

  test('status tells what would run and why, and runs nothing', () => {
    fixture.edit('src/a.js', '() => 1;', '() => 2 - 1;');
    const status = command(['status', '--diff-env', 'cli']);
    expect(status.status).toBe(0);
    expect(status.stderr).toContain('jest-difftest: 1 changed file (src/a.js) → 1 of 2 test files selected, 1 skipped');
    expect(status.stderr).toContain('  __tests__/one.test.js ← src/a.js: exports.one() changed');
    expect(status.stderr).not.toMatch(/PASS|FAIL/);
    // status recorded nothing: the real run still selects the same test.
    expect(fixture.run(BIN, ['--diff-env', 'cli']).ran).toEqual(['__tests__/one.test.js']);
  });

  test('--diff-noselect runs everything and records', () => {
    expect(fixture.run(BIN, ['--diff-env', 'cli', '--diff-noselect']).ran).toEqual(['__tests__/one.test.js', '__tests__/two.test.js']);
    expect(fixture.run(BIN, ['--diff-env', 'cli']).ran).toEqual([]);
  });

  test('tests named on the command line all run unless --diff-forceselect', () => {
    const named = fixture.run(BIN, ['--diff-env', 'cli', 'one']);
    expect(named.ran).toEqual(['__tests__/one.test.js']);
    expect(named.ours[0]).toMatch(/tests named on the command line/);
    expect(fixture.run(BIN, ['--diff-env', 'cli', '--diff-forceselect', 'one']).ran).toEqual([]);
  });

  test('an unknown --diff flag is an error that lists the valid ones', () => {
    const result = command(['--diff-bogus']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('jest-difftest: unknown flag --diff-bogus. Valid flags: --diff-rebuild, --diff-noselect');
    expect(result.stdout).toBe('');
  });

  test('a flag without its value is an error', () => {
    const result = command(['--diff-env']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('jest-difftest: --diff-env needs a value');
  });

  test('a bad option in the config fails at construction, naming the option and value', () => {
    fixture.write('bad/jest.config.js', difftestConfig({}, { explain: 'yes' }));
    const result = command(['--config', 'bad/jest.config.js']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('jest-difftest: option "explain" must be a boolean, got "yes"');
  });

  test('a bad environment variable names the variable', () => {
    const result = fixture.run(BIN, [], { JEST_DIFFTEST_EXPLAIN: 'maybe' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('jest-difftest: option "JEST_DIFFTEST_EXPLAIN" must be 1 or 0 (true or false), got "maybe"');
  });
});

describe('a run with -t', () => {
  let fixture: Fixture;
  beforeAll(() => {
    fixture = new Fixture({
      'package.json': '{ "name": "pattern", "private": true }\n',
      'jest.config.js': difftestConfig(),
      'src/a.js': 'exports.one = () => 1;\nexports.two = () => 2;\n',
      '__tests__/both.test.js': "const a = require('../src/a');\ntest('alpha', () => expect(a.one()).toBe(1));\ntest('beta', () => expect(a.two()).toBe(2));\n",
    });
  });
  afterAll(() => fixture.cleanup());

  test('records what the file ran as incomplete: the tests it left out were not watched', () => {
    expect(fixture.run(BIN, ['-t', 'alpha']).ran).toEqual(['__tests__/both.test.js']);
    fixture.edit('src/a.js', '() => 2', '() => 3');
    const next = fixture.run(BIN, ['--diff-explain']);
    expect(next.ran).toEqual(['__tests__/both.test.js']);
    expect(next.failed).toEqual(['__tests__/both.test.js']);
  });
});
