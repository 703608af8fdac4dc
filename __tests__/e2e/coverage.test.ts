/**
 * Coverage turned on for recording only: the environment hands the reporter what ran and Jest gets no
 * copy of the coverage, which it would merge into a report nobody reads. A config that asks for
 * coverage keeps Jest's. Either way the selection is the same, and a test file whose environment
 * left no log is run again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Fixture, JESTS, difftestConfig } from './fixture';

/** Notes, per test file, whether Jest's result carried coverage. */
const SPY_REPORTER = `const fs = require('fs');
const path = require('path');
module.exports = class {
  onTestFileResult(test, result) {
    fs.appendFileSync(path.join(__dirname, 'coverage-seen.txt'), path.basename(test.path) + ' ' + (result.coverage ? 'coverage' : 'none') + '\\n');
  }
};
`;

function files(config: Record<string, unknown> = {}): Record<string, string> {
  return {
    'package.json': '{ "name": "coverage", "private": true }\n',
    'jest.config.js': difftestConfig({ reporters: ['default', '<rootDir>/spy-reporter.js'], ...config }),
    'spy-reporter.js': SPY_REPORTER,
    'src/math.js': 'exports.add = (a, b) => a + b;\nexports.mul = (a, b) => a * b;\n',
    '__tests__/add.test.js': "const { add } = require('../src/math');\ntest('add', () => expect(add(1, 2)).toBe(3));\n",
    '__tests__/mul.test.js': "const { mul } = require('../src/math');\ntest('mul', () => expect(mul(2, 3)).toBe(6));\n",
  };
}

describe.each(JESTS)('$name', ({ bin }) => {
  let fixture: Fixture;
  afterEach(() => fixture.cleanup());

  /** What the spy reporter saw since the last call. */
  const seen = (): string[] => {
    const file = path.join(fixture.dir, 'coverage-seen.txt');
    const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').sort() : [];
    fs.rmSync(file, { force: true });
    return lines;
  };

  test('coverage for recording only reaches jest-difftest, not Jest, and selects as precisely', () => {
    fixture = new Fixture(files());
    expect(fixture.run(bin).ran).toEqual(['__tests__/add.test.js', '__tests__/mul.test.js']);
    expect(seen()).toEqual(['add.test.js none', 'mul.test.js none']);

    fixture.edit('src/math.js', 'a * b', 'b * a');
    const result = fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    expect(result.ran).toEqual(['__tests__/mul.test.js']);
    expect(result.ours).toContain('  __tests__/mul.test.js ← src/math.js: exports.mul() changed');
    expect(fixture.run(bin).ran).toEqual([]);
  });

  test('a config that collects coverage keeps Jest\'s coverage and its report', () => {
    fixture = new Fixture(files({ collectCoverage: true, coverageReporters: ['json-summary'] }));
    expect(fixture.run(bin).ran).toEqual(['__tests__/add.test.js', '__tests__/mul.test.js']);
    expect(seen()).toEqual(['add.test.js coverage', 'mul.test.js coverage']);
    expect(fixture.exists('coverage/coverage-summary.json')).toBe(true);

    fixture.edit('src/math.js', 'a + b', 'b + a');
    expect(fixture.run(bin).ran).toEqual(['__tests__/add.test.js']);
  });

  test('a test file whose environment left no log runs again', () => {
    fixture = new Fixture(files());
    expect(fixture.run(bin).ran).toEqual(['__tests__/add.test.js', '__tests__/mul.test.js']);

    // A file where the log directory belongs: an environment in a worker process (a memory limit
    // makes Jest use one) cannot write the edited test's log. In band the log never touches the disk.
    fixture.remove('.jest-cache/jest-difftest/log');
    fixture.write('.jest-cache/jest-difftest/log', '');
    fixture.edit('src/math.js', 'a + b', 'b + a');
    expect(fixture.run(bin, ['--workerIdleMemoryLimit=1GB']).ran).toEqual(['__tests__/add.test.js']);
    fixture.remove('.jest-cache/jest-difftest/log');

    const again = fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    expect(again.ran).toEqual(['__tests__/add.test.js']);
    expect(again.ours.some((line) => line.startsWith('  __tests__/add.test.js ← recorded data incomplete'))).toBe(true);
    expect(fixture.run(bin).ran).toEqual([]);
  });
});
