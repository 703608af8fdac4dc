/**
 * A selection that found no file changed leaves a summary; the next run selects from it with a
 * `stat` of each file, without opening the data file, and must select exactly what the full
 * selection would.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Fixture, JESTS, difftestConfig } from './fixture';

const FILES: Record<string, string> = {
  'package.json': '{ "name": "summary", "private": true }\n',
  'jest.config.js': difftestConfig(),
  'src/math.js': 'exports.add = (a, b) => a + b;\nexports.mul = (a, b) => a * b;\n',
  '__tests__/add.test.js': "const { add } = require('../src/math');\ntest('add', () => expect(add(1, 2)).toBe(3));\n",
  '__tests__/mul.test.js': "const { mul } = require('../src/math');\ntest('mul', () => expect(mul(2, 3)).toBe(6));\n",
};

const FROM_SUMMARY = 'from the summary of the last selection';

/**
 * Backdates every file of the fixture, so that no mtime is too recent to trust; with `fraction`, to
 * a whole second plus that fraction of one (0: as tar or unzip leave mtimes; below a millisecond:
 * as writes leave them).
 */
function backdate(dir: string, fraction?: number): void {
  const old = fraction === undefined ? new Date(Date.now() - 60_000) : Math.floor(Date.now() / 1000) - 60 + fraction;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const abs = path.join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    if (entry.isFile() && !abs.includes(`${path.sep}.jest-cache${path.sep}`) && !entry.name.startsWith('.difftestdata')) fs.utimesSync(abs, old, old);
  }
}

describe.each(JESTS)('$name', ({ bin }) => {
  let fixture: Fixture;
  beforeEach(() => {
    fixture = new Fixture(FILES);
    backdate(fixture.dir);
    expect(fixture.run(bin).ran).toEqual(['__tests__/add.test.js', '__tests__/mul.test.js']);
  });
  afterEach(() => fixture.cleanup());

  const explain = { JEST_DIFFTEST_EXPLAIN: '1' };
  const fromSummary = (ours: string[]): boolean => ours.some((line) => line.includes(FROM_SUMMARY));
  /** How the last selection looked at the files, from `explain`'s last line. */
  const looked = (ours: string[]): string | undefined => ours.find((line) => line.startsWith('jest-difftest: selection took'))?.replace(/.*ms, /, '');

  test('no change: the second selection comes from the summary, an edit is still seen', () => {
    const first = fixture.run(bin, [], explain);
    expect(first.ran).toEqual([]);
    expect(fromSummary(first.ours)).toBe(false);
    const second = fixture.run(bin, [], explain);
    expect(second.ran).toEqual([]);
    expect(fromSummary(second.ours)).toBe(true);
    expect(second.ours).toContain('jest-difftest: no changed files → 0 of 2 test files selected, 2 skipped');

    // Same size, so only the mtime tells: the summary no longer holds.
    fixture.edit('src/math.js', 'a * b', 'b * a');
    const edited = fixture.run(bin, [], explain);
    expect(edited.ran).toEqual(['__tests__/mul.test.js']);
    expect(fromSummary(edited.ours)).toBe(false);
  });

  test("mtimes with a part below the millisecond are taken from Jest's crawl, without a stat; an edit is still seen", () => {
    backdate(fixture.dir, 0.000_437_5);
    expect(fixture.run(bin, [], { JEST_DIFFTEST_SELECT: '0' }).ran).toEqual(['__tests__/add.test.js', '__tests__/mul.test.js']);

    const full = fixture.run(bin, [], explain);
    expect(full.ran).toEqual([]);
    expect(looked(full.ours)).toBe("3 files known unchanged from Jest's crawl, 0 stat'ed)");
    const replayed = fixture.run(bin, [], explain);
    expect(replayed.ran).toEqual([]);
    expect(looked(replayed.ours)).toBe("3 files known unchanged from Jest's crawl, 0 stat'ed, from the summary of the last selection: no file changed since)");

    fixture.edit('src/math.js', 'a * b', 'b * a');
    const edited = fixture.run(bin, [], explain);
    expect(edited.ran).toEqual(['__tests__/mul.test.js']);
    expect(fromSummary(edited.ours)).toBe(false);
    expect(looked(edited.ours)).toBe("2 files known unchanged from Jest's crawl, 1 stat'ed)");
  });

  test('mtimes of whole seconds are stat-ed: the crawl cannot tell two sizes under one such mtime apart', () => {
    backdate(fixture.dir, 0);
    expect(fixture.run(bin, [], { JEST_DIFFTEST_SELECT: '0' }).ran).toEqual(['__tests__/add.test.js', '__tests__/mul.test.js']);
    const run = fixture.run(bin, [], explain);
    expect(run.ran).toEqual([]);
    expect(looked(run.ours)).toBe("0 files known unchanged from Jest's crawl, 3 stat'ed)");
  });

  test('replays what the full selection found, also a test whose recorded data is behind its file', () => {
    // mul.test.js is left behind: a run of add.test.js alone records the edited math.js as seen.
    fixture.edit('src/math.js', 'a * b', 'b * a');
    expect(fixture.run(bin, ['__tests__/add.test.js'], { JEST_DIFFTEST_SELECT: '0' }).ran).toEqual(['__tests__/add.test.js']);
    backdate(fixture.dir);

    const collectOff = { ...explain, JEST_DIFFTEST_COLLECT: '0' };
    const full = fixture.run(bin, [], collectOff);
    expect(full.ran).toEqual(['__tests__/mul.test.js']);
    expect(fromSummary(full.ours)).toBe(false);
    const replayed = fixture.run(bin, [], collectOff);
    expect(replayed.ran).toEqual(['__tests__/mul.test.js']);
    expect(fromSummary(replayed.ours)).toBe(true);
    const reasons = (ours: string[]): string[] => ours.filter((line) => line.startsWith('  '));
    expect(reasons(replayed.ours)).toEqual(reasons(full.ours));
    expect(reasons(replayed.ours)).toEqual(['  __tests__/mul.test.js ← src/math.js: code changed']);
  });

  test('a new test file and a changed config are seen through the summary', () => {
    fixture.run(bin);
    fixture.write('__tests__/new.test.js', "test('new', () => expect(1).toBe(1));\n");
    const added = fixture.run(bin, [], explain);
    expect(added.ran).toEqual(['__tests__/new.test.js']);
    expect(fromSummary(added.ours)).toBe(true);

    // The save changed the data file: a full selection, which leaves a new summary.
    expect(fixture.run(bin).ran).toEqual([]);
    fixture.write('jest.config.js', difftestConfig({ testTimeout: 7000 }));
    const config = fixture.run(bin, [], explain);
    expect(config.ran).toEqual(['__tests__/add.test.js', '__tests__/mul.test.js', '__tests__/new.test.js']);
    expect(config.ours.some((line) => /^jest-difftest: .*jest\.config\.js changed: running all 3 test files$/.test(line))).toBe(true);
  });
});
