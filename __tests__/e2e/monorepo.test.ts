/**
 * Jest `projects` in a workspace: one data file at the root, paths relative to it, and a change in
 * one package selecting the tests of another package that ran it.
 */
import { Fixture, JESTS, difftestConfig } from './fixture';

const project = (name: string): string => `module.exports = { displayName: '${name}', testEnvironment: 'node' };\n`;

const FILES: Record<string, string> = {
  'package.json': '{ "name": "workspace", "private": true, "workspaces": ["packages/*"] }\n',
  'package-lock.json': '{ "name": "workspace", "lockfileVersion": 3, "packages": {} }\n',
  'jest.config.js': difftestConfig({ projects: ['<rootDir>/packages/core', '<rootDir>/packages/app'] }),
  'packages/core/package.json': '{ "name": "core" }\n',
  'packages/core/jest.config.js': project('core'),
  'packages/core/src/math.js': 'exports.double = (n) => n * 2;\nexports.half = (n) => n / 2;\n',
  'packages/core/__tests__/half.test.js': "const { half } = require('../src/math');\ntest('half', () => expect(half(4)).toBe(2));\n",
  'packages/app/package.json': '{ "name": "app" }\n',
  'packages/app/jest.config.js': project('app'),
  'packages/app/src/price.js': "const { double } = require('../../core/src/math');\nexports.price = (n) => double(n) + 1;\n",
  'packages/app/__tests__/price.test.js': "const { price } = require('../src/price');\ntest('price', () => expect(price(2)).toBe(5));\n",
  'packages/app/__tests__/plain.test.js': "test('plain', () => expect(1).toBe(1));\n",
};

describe.each(JESTS)('$name', ({ bin }) => {
  let fixture: Fixture;

  beforeAll(() => {
    fixture = new Fixture(FILES);
  });
  afterAll(() => fixture.cleanup());

  test('one data file at the root selects across packages', () => {
    const first = fixture.run(bin);
    expect(first.ran).toEqual(['packages/app/__tests__/plain.test.js', 'packages/app/__tests__/price.test.js', 'packages/core/__tests__/half.test.js']);
    expect(fixture.exists('.difftestdata')).toBe(true);
    expect(fixture.exists('packages/core/.difftestdata') || fixture.exists('packages/.difftestdata')).toBe(false);

    fixture.edit('packages/core/src/math.js', 'n * 2', 'n + n');
    const second = fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    expect(second.ran).toEqual(['packages/app/__tests__/price.test.js']);
    expect(second.ours).toContain('  packages/app/__tests__/price.test.js ← packages/core/src/math.js: exports.double() changed');
    expect(fixture.run(bin).ran).toEqual([]);
  });

  test('a run of one project keeps the data of the others', () => {
    fixture.edit('packages/core/src/math.js', 'n / 2', 'n * 0.5');
    const core = fixture.run(bin, ['--selectProjects', 'core']);
    expect(core.ran).toEqual(['packages/core/__tests__/half.test.js']);
    expect(core.ours[0]).toMatch(/^jest-difftest: 1 changed file/);
    expect(fixture.run(bin).ran).toEqual([]);
  });

  test("a package's own config is a run-wide input", () => {
    fixture.write('packages/app/jest.config.js', project('app').replace("'node'", "'node', clearMocks: true"));
    const result = fixture.run(bin);
    expect(result.ran).toHaveLength(3);
    expect(result.ours[0]).toMatch(/^jest-difftest: .*changed: running all 3 test files$/);
  });
});
