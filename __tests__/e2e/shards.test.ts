/**
 * Sharded CI: every shard selects the same set and runs its slice; the shards' data files merge into
 * one that selects exactly what an unsharded run's data selects. And a data file recorded in one
 * checkout serves another (other absolute path, fresh mtimes).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DIST, Fixture, JESTS, difftestConfig } from './fixture';

const BIN = path.join(DIST, 'cli', 'bin.js');
const jest30 = JESTS[0].bin;

const FILES: Record<string, string> = { 'package.json': '{ "name": "shards", "private": true }\n', 'jest.config.js': difftestConfig() };
const NAMES = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta'];
FILES['src/lib.js'] = NAMES.map((name, i) => `exports.${name} = () => ${i};\n`).join('');
for (const [i, name] of NAMES.entries()) {
  FILES[`__tests__/${name}.test.js`] = `const { ${name} } = require('../src/lib');\ntest('${name}', () => expect(${name}()).toBe(${i}));\n`;
}
const ALL = NAMES.map((name) => `__tests__/${name}.test.js`).sort();

/** What jest-difftest would select with a data file, without running or recording anything. */
function selected(fixture: Fixture, dataFile: string): string[] {
  const out = path.join(fixture.dir, 'list.json');
  spawnSync(process.execPath, [jest30, '--listTests', '--json', `--outputFile=${out}`], {
    cwd: fixture.dir,
    env: { ...process.env, CI: '', JEST_DIFFTEST_DATAFILE: dataFile, JEST_DIFFTEST_COLLECT: '0' },
  });
  return (JSON.parse(fs.readFileSync(out, 'utf8')) as string[]).map((file) => path.relative(fixture.dir, file).split(path.sep).join('/')).sort();
}

describe('sharded runs', () => {
  let fixture: Fixture;
  beforeAll(() => {
    fixture = new Fixture(FILES);
  });
  afterAll(() => fixture.cleanup());

  test('3 shards run every test once; their merged data selects like one unsharded run', () => {
    const shards = [1, 2, 3].map((i) => fixture.run(jest30, [`--shard=${i}/3`], { JEST_DIFFTEST_DATAFILE: `shard-${i}.db` }));
    const ran = shards.flatMap((shard) => shard.ran);
    expect([...ran].sort()).toEqual(ALL);
    expect(new Set(ran).size).toBe(ALL.length);
    for (const shard of shards) expect(shard.ran.length).toBeGreaterThanOrEqual(2);

    const merge = spawnSync(process.execPath, [BIN, 'merge', 'merged.db', 'shard-1.db', 'shard-2.db', 'shard-3.db'], { cwd: fixture.dir, encoding: 'utf8' });
    expect(merge.stderr).toContain('jest-difftest: merged 3 data files into merged.db');
    expect(merge.status).toBe(0);

    expect(fixture.run(jest30, [], { JEST_DIFFTEST_DATAFILE: 'single.db' }).ran).toEqual(ALL);
    fixture.edit('src/lib.js', 'exports.gamma = () => 2;', 'exports.gamma = () => 1 + 1;');
    fixture.edit('src/lib.js', 'exports.eta = () => 6;', 'exports.eta = () => 3 * 2;');
    expect(selected(fixture, 'merged.db')).toEqual(['__tests__/eta.test.js', '__tests__/gamma.test.js']);
    expect(selected(fixture, 'merged.db')).toEqual(selected(fixture, 'single.db'));

    // After the edit, sharded selection: each shard runs part of the same two tests, none twice.
    const next = [1, 2, 3].flatMap((i) => fixture.run(jest30, [`--shard=${i}/3`], { JEST_DIFFTEST_DATAFILE: 'merged.db', JEST_DIFFTEST_COLLECT: '0' }).ran);
    expect(next.sort()).toEqual(['__tests__/eta.test.js', '__tests__/gamma.test.js']);
  });

  test('merge refuses what is not a data file, writing nothing', () => {
    fs.writeFileSync(path.join(fixture.dir, 'junk.db'), 'not a database');
    const merge = spawnSync(process.execPath, [BIN, 'merge', 'out.db', 'shard-1.db', 'junk.db'], { cwd: fixture.dir, encoding: 'utf8' });
    expect(merge.status).toBe(1);
    expect(merge.stderr).toContain('junk.db');
    expect(fixture.exists('out.db')).toBe(false);
  });
});

describe.each(JESTS)('a data file from another checkout ($name)', ({ bin }) => {
  test('selects correctly where absolute paths and mtimes differ', () => {
    const ci = new Fixture(FILES);
    const laptop = new Fixture({});
    try {
      expect(ci.run(bin).ran).toEqual(ALL);
      // Another machine: the same files written afresh (new mtimes) at another path, and the data file copied over.
      for (const [file, content] of Object.entries(FILES)) laptop.write(file, content);
      fs.copyFileSync(path.join(ci.dir, '.difftestdata'), path.join(laptop.dir, '.difftestdata'));
      const moved = laptop.run(bin);
      expect({ ran: moved.ran, header: moved.ours[0] }).toEqual({ ran: [], header: expect.stringContaining('no changed files') });
      laptop.edit('src/lib.js', 'exports.beta = () => 1;', 'exports.beta = () => 2 - 1;');
      expect(laptop.run(bin).ran).toEqual(['__tests__/beta.test.js']);
    } finally {
      ci.cleanup();
      laptop.cleanup();
    }
  });
});

describe('--diff-baseline', () => {
  test('a developer starts from the data file CI recorded, kept outside the project', () => {
    const ci = new Fixture(FILES);
    const laptop = new Fixture({});
    try {
      const git = (...args: string[]): string =>
        spawnSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], { cwd: ci.dir, encoding: 'utf8' }).stdout.trim();
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'ci');
      const commit = git('rev-parse', 'HEAD');
      expect(commit).toMatch(/^[0-9a-f]{40}$/);
      expect(ci.run(jest30).ran).toEqual(ALL);
      for (const [file, content] of Object.entries(FILES)) laptop.write(file, content);
      const artifact = path.join(laptop.dir, 'ci-artifact.db');
      fs.copyFileSync(path.join(ci.dir, '.difftestdata'), artifact);
      laptop.edit('src/lib.js', 'exports.zeta = () => 5;', 'exports.zeta = () => 10 / 2;');
      const first = laptop.run(BIN, ['--diff-baseline', artifact]);
      expect(first.ran).toEqual(['__tests__/zeta.test.js']);
      expect(first.ours[0]).toBe(`jest-difftest: baseline ${artifact} saved less than a minute ago at commit ${commit.slice(0, 10)}`);
      // The baseline went into the local data file, which now selects on its own.
      expect(laptop.run(BIN).ran).toEqual([]);
      const missing = laptop.run(BIN, ['--diff-baseline', 'nowhere.db']);
      expect(missing.ran).toEqual([]);
      expect(missing.ours[0]).toMatch(/baseline .*nowhere\.db does not exist/);
    } finally {
      ci.cleanup();
      laptop.cleanup();
    }
  });
});
