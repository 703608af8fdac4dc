/**
 * Files a test reads with fs at run time (fixtures, templates): no import graph and no coverage sees
 * them, the environment does. Editing one reruns exactly its readers.
 */
import * as path from 'path';
import { DEFAULT_DATA_FILE, openStore } from '../../src/store';
import { Fixture, JESTS, difftestConfig } from './fixture';

const FILES: Record<string, string> = {
  'package.json': '{ "name": "reads", "private": true }\n',
  'jest.config.js': difftestConfig({ testEnvironmentOptions: { answer: 42 } }),
  'fixtures/users.json': '[{ "name": "ada" }]\n',
  'fixtures/template.txt': 'Hello, {name}!\n',
  '__tests__/users.test.js': `const fs = require('fs');
const path = require('path');
test('users', () => {
  const users = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'users.json'), 'utf8'));
  expect(users[0].name).toBe('ada');
});
`,
  '__tests__/template.test.js': `const fs = require('fs/promises');
const path = require('path');
test('template', async () => {
  const text = await fs.readFile(path.join(__dirname, '..', 'fixtures', 'template.txt'), 'utf8');
  expect(text.replace('{name}', 'ada')).toBe('Hello, ada!\\n');
});
`,
  '__tests__/plain.test.js': "test('plain', () => expect(answer).toBe(42));\n",
};

describe.each(JESTS)('$name', ({ bin }) => {
  let fixture: Fixture;
  beforeAll(() => {
    fixture = new Fixture(FILES);
  });
  afterAll(() => fixture.cleanup());

  test('editing a fixture runs exactly the tests that read it', () => {
    expect(fixture.run(bin).ran).toEqual(['__tests__/plain.test.js', '__tests__/template.test.js', '__tests__/users.test.js']);
    expect(fixture.run(bin).ran).toEqual([]);

    fixture.write('fixtures/users.json', '[{ "name": "grace" }]\n');
    const users = fixture.run(bin, [], { JEST_DIFFTEST_EXPLAIN: '1' });
    expect(users.ran).toEqual(['__tests__/users.test.js']);
    expect(users.failed).toEqual(['__tests__/users.test.js']);
    expect(users.ours).toContain('  __tests__/users.test.js ← fixtures/users.json: <file> changed');

    fixture.write('fixtures/template.txt', 'Hi, {name}!\n');
    expect(fixture.run(bin).ran).toEqual(['__tests__/template.test.js', '__tests__/users.test.js']);
  });

  test("the wrapped environment keeps the project's own environment options", () => {
    fixture.edit('__tests__/plain.test.js', 'toBe(42)', 'toBe(42 + 0)');
    const result = fixture.run(bin);
    expect(result.ran).toEqual(['__tests__/plain.test.js', '__tests__/template.test.js', '__tests__/users.test.js']);
    expect(result.failed).toEqual(['__tests__/template.test.js', '__tests__/users.test.js']);
  });
});

/** A test file that reads the project's package.json, a run-wide input, with fs. */
const INPUTS: Record<string, string> = {
  'package.json': '{ "name": "reads-inputs", "private": true, "version": "1.0.0" }\n',
  'jest.config.js': difftestConfig(),
  'fixtures/data.json': '{ "n": 1 }\n',
  '__tests__/version.test.js': `const fs = require('fs');
const path = require('path');
const read = (file) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', file), 'utf8'));
test('version', () => {
  expect(read('package.json').version).toBe('1.0.0');
  expect(read('fixtures/data.json').n).toBe(1);
});
`,
  '__tests__/other.test.js': "test('other', () => expect(1).toBe(1));\n",
};

describe.each(JESTS)('$name: reads of run-wide inputs', ({ bin }) => {
  let fixture: Fixture;
  afterEach(() => fixture.cleanup());

  test('are not recorded (a change to one reruns everything), other reads are', async () => {
    fixture = new Fixture(INPUTS);
    expect(fixture.run(bin).ran).toEqual(['__tests__/other.test.js', '__tests__/version.test.js']);
    const { snapshot } = await openStore(path.join(fixture.dir, DEFAULT_DATA_FILE), 'default');
    const record = snapshot.tests.get('__tests__/version.test.js')!;
    const files = record.fingerprintIds.map((id) => snapshot.fingerprints.get(id)!.file);
    expect(files).toContain('fixtures/data.json');
    expect(files).not.toContain('package.json');

    fixture.edit('package.json', '"1.0.0"', '"1.0.1"');
    const result = fixture.run(bin);
    expect(result.ran).toEqual(['__tests__/other.test.js', '__tests__/version.test.js']);
    expect(result.failed).toEqual(['__tests__/version.test.js']);
    expect(result.ours.some((line) => /package\.json changed: running all/.test(line))).toBe(true);
  });
});
