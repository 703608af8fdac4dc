/**
 * What must never go wrong for the user: edits during a run, damaged or foreign data files, a data
 * file that cannot be written. The tests run in every case; the message says what happened.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Fixture, JESTS, difftestConfig } from './fixture';

const FILES: Record<string, string> = {
  'package.json': '{ "name": "robust", "private": true }\n',
  'jest.config.js': difftestConfig(),
  'src/a.js': 'exports.value = () => 1;\n',
  '__tests__/a.test.js': "const { value } = require('../src/a');\ntest('value', () => expect(value()).toBe(1));\n",
  '__tests__/b.test.js': "test('b', () => expect(2).toBe(2));\n",
};

describe.each(JESTS)('$name', ({ bin }) => {
  let fixture: Fixture;

  beforeEach(() => {
    fixture = new Fixture(FILES);
  });
  afterEach(() => fixture.cleanup());

  test('a source edited while its test runs is not recorded as tested', () => {
    // The test loads src/a.js, then the file changes under it (as an editor save during a run would).
    fixture.write(
      '__tests__/a.test.js',
      `const fs = require('fs');
const path = require('path');
const { value } = require('../src/a');
test('value', () => {
  expect(value()).toBe(1);
  const marker = path.join(__dirname, '..', 'edited');
  if (!fs.existsSync(marker)) {
    fs.writeFileSync(marker, '');
    fs.writeFileSync(path.join(__dirname, '..', 'src', 'a.js'), 'exports.value = () => 2 - 1;\\n');
  }
});
`,
    );
    expect(fixture.run(bin).ran).toEqual(['__tests__/a.test.js', '__tests__/b.test.js']);
    const next = fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    expect(next.ran).toEqual(['__tests__/a.test.js']);
    expect(next.ours.join('\n')).toMatch(/__tests__\/a\.test\.js ← .*(a dependency changed while it ran|src\/a\.js)/);
    expect(fixture.run(bin).ran).toEqual([]);
  });

  test.each([
    ['random bytes', Buffer.from('this is not a database at all, just some bytes\n'.repeat(20))],
    ['an empty file', Buffer.alloc(0)],
    ['a truncated data file', null],
  ])('a data file of %s: every test runs, the file is moved aside, the next run selects', (_name, content) => {
    expect(fixture.run(bin).ran).toHaveLength(2);
    const dataFile = path.join(fixture.dir, '.difftestdata');
    const bytes = content ?? fs.readFileSync(dataFile).subarray(0, 1000);
    fs.writeFileSync(dataFile, bytes);

    const damaged = fixture.run(bin);
    expect(damaged.ran).toEqual(['__tests__/a.test.js', '__tests__/b.test.js']);
    expect(damaged.status).toBe(0);
    if (bytes.length > 0) {
      expect(damaged.ours.join('\n')).toContain(dataFile);
      const aside = fs.readdirSync(fixture.dir).filter((name) => name.startsWith('.difftestdata.corrupt-'));
      expect(aside).toHaveLength(1);
      expect(fs.readFileSync(path.join(fixture.dir, aside[0]!))).toEqual(bytes);
    }
    expect(fixture.run(bin).ran).toEqual([]);
  });

  test('damaged block tables in the cache are split again: the selection stays exact', () => {
    fixture.write('src/a.js', 'exports.value = () => 1;\nexports.other = () => 2;\n');
    fixture.write('__tests__/b.test.js', "const { other } = require('../src/a');\ntest('b', () => expect(other()).toBe(2));\n");
    expect(fixture.run(bin).ran).toHaveLength(2);
    const tables = path.join(fixture.dir, '.jest-cache', 'jest-difftest', 'blocks');
    const kept = fs.readdirSync(tables, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    // The source and both test files.
    expect(kept).toHaveLength(3);
    for (const entry of kept) fs.writeFileSync(path.join(entry.parentPath ?? entry.path, entry.name), '{"blocks": [');
    fixture.write('src/a.js', 'exports.value = () => 1;\nexports.other = () => 3 - 1;\n');
    expect(fixture.run(bin).ran).toEqual(['__tests__/b.test.js']);
    fixture.write('src/a.js', 'exports.value = () => 2 - 1;\nexports.other = () => 3 - 1;\n');
    expect(fixture.run(bin).ran).toEqual(['__tests__/a.test.js']);
  });

  test('a data file that cannot be written: tests run, a warning, exit 0', () => {
    const result = fixture.run(bin, [], { JEST_DIFFTEST_DATAFILE: 'package.json/data' });
    expect(result.ran).toEqual(['__tests__/a.test.js', '__tests__/b.test.js']);
    expect(result.status).toBe(0);
    expect(result.ours.length).toBeGreaterThan(1);
    expect(result.ours.join('\n')).toContain('package.json/data');
    expect(result.ours.join('\n')).toContain('a parent of it is a file, not a directory; nothing was recorded for this run. Choose another data file');
  });

  test('strict mode fails the run when the data file cannot be written', () => {
    const result = fixture.run(bin, [], { JEST_DIFFTEST_DATAFILE: 'package.json/data', JEST_DIFFTEST_STRICT: '1' });
    expect(result.ran).toEqual(['__tests__/a.test.js', '__tests__/b.test.js']);
    expect(result.status).toBe(1);
  });
});
