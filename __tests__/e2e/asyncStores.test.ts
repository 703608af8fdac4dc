/**
 * An `AsyncLocalStorage` a test file enabled (jest-circus's own in Jest 30, a library's) is disabled
 * when the file ends: under Node's async_hooks implementation each enabled store is copied onto every
 * later promise of the process, so a long in-band run slows down file after file.
 */
import { AsyncLocalStorage } from 'async_hooks';
import * as path from 'path';
import { Fixture, JESTS, difftestConfig } from './fixture';

const TEST_FILES = ['a', 'b', 'c', 'd', 'e', 'f'].map((name) => `__tests__/${name}.test.js`);

/** Each test file enables a store of its own, as a request-context library would, and counts the stores a new promise carries. */
const TEST = `const { AsyncLocalStorage } = require('async_hooks');
const fs = require('fs');
const path = require('path');
const context = new AsyncLocalStorage();
test('counts the enabled stores', async () => {
  await context.run({ request: 1 }, async () => {
    await null;
    expect(context.getStore()).toEqual({ request: 1 });
  });
  const stores = Object.getOwnPropertySymbols(new Promise(() => {})).filter((symbol) => symbol.description === 'kResourceStore');
  fs.mkdirSync(path.join(__dirname, '..', 'stores'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, '..', 'stores', path.basename(__filename)), String(stores.length));
});
`;

const FILES: Record<string, string> = {
  'package.json': '{ "name": "async-stores", "private": true }\n',
  'jest.config.js': difftestConfig(),
  'plain.config.js': "module.exports = { testEnvironment: 'node', cacheDirectory: '<rootDir>/.jest-cache' };\n",
  ...Object.fromEntries(TEST_FILES.map((file) => [file, TEST])),
};

/** Node before 24 keeps enabled stores in a list that every new async resource walks. */
const STORES_ACCUMULATE = typeof (AsyncLocalStorage.prototype as unknown as { _propagate?: unknown })._propagate === 'function';

describe.each(JESTS)('$name', ({ bin }) => {
  let fixture: Fixture;
  beforeAll(() => {
    fixture = new Fixture(FILES);
  });
  afterAll(() => fixture.cleanup());

  const counts = (): number[] => TEST_FILES.map((file) => Number(fixture.read(path.posix.join('stores', path.basename(file)))));

  test('each test file of an in-band run sees only its own stores', () => {
    const result = fixture.run(bin, ['--runInBand']);
    expect(result.failed).toEqual([]);
    expect(result.ran).toEqual(TEST_FILES);
    const seen = counts();
    // Its own and, in Jest 30, jest-circus's; none where Node keeps no list.
    expect(Math.max(...seen)).toBeLessThanOrEqual(STORES_ACCUMULATE ? 2 : 0);
  });

  (STORES_ACCUMULATE ? test : test.skip)('without jest-difftest, the stores of earlier test files pile up', () => {
    fixture.remove('stores');
    const result = fixture.run(bin, ['--runInBand', '--config', 'plain.config.js']);
    expect(result.failed).toEqual([]);
    expect(result.ran).toEqual(TEST_FILES);
    // The last of the six test files carries the stores of all six.
    expect(Math.max(...counts())).toBeGreaterThanOrEqual(TEST_FILES.length);
  });
});
