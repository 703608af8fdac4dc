/**
 * Jest's crawl as a source of mtimes and sizes: read from a real haste map, checked once against a
 * stat, and off for the run when it disagrees.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readConfigs } from 'jest-config';
import Runtime from 'jest-runtime';
import { crawlOf } from '../../src/jest/crawl';
import { diskFileSource } from '../../src/jest/fileSource';

describe('crawlOf', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-crawl-')));
    const files: Record<string, string> = {
      'jest.config.js': 'module.exports = {};\n',
      'src/a.js': 'exports.a = 1;\n',
      'src/data.json': '{"n": 1}\n',
      'src/notes.txt': 'not a module\n',
      'a.test.js': "test('a', () => {});\n",
    };
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function hasteFS(): Promise<unknown> {
    const { configs } = await readConfigs({ _: [], $0: 'jest' }, [root]);
    const map = await Runtime.createHasteMap(configs[0]!, { maxWorkers: 1, resetCache: true, watch: false, watchman: false });
    return (await map.build()).hasteFS;
  }

  test("a real haste map's mtimes and sizes are the files' own, to the millisecond", async () => {
    const map = await hasteFS();
    // Rooted at the store's root, the map is read by store path; under it, through Jest's own look-up.
    const up = path.basename(root);
    for (const [crawl, prefix] of [[crawlOf([map], root)!, ''], [crawlOf([map], path.dirname(root))!, `${up}/`]] as const) {
      for (const file of ['src/a.js', 'src/data.json', 'a.test.js']) {
        const stat = fs.statSync(path.join(root, file));
        const crawled = crawl(prefix + file)!;
        expect([Math.round(stat.mtimeMs), Math.floor(stat.mtimeMs)]).toContain(crawled.mtimeMs);
        expect(crawled.size).toBe(stat.size);
      }
      // Not a module file extension, or not crawled at all: a stat is needed.
      expect(crawl(`${prefix}src/notes.txt`)).toBeUndefined();
      expect(crawl(`${prefix}../elsewhere.js`)).toBeUndefined();
    }
  });

  test('the disk file source asks the crawl first, and counts what it looked at', async () => {
    const source = diskFileSource(root, crawlOf([await hasteFS()], root));
    expect(source.crawled!('src/a.js')).toEqual(expect.objectContaining({ size: fs.statSync(path.join(root, 'src/a.js')).size }));
    expect(source.stat('src/notes.txt')).toEqual(expect.objectContaining({ size: 13 }));
    expect(source.looked).toEqual({ crawl: 1, stat: 1 });
    expect(diskFileSource(root).crawled).toBeUndefined();
  });

  test('a map of another layout, or one that disagrees with the disk, gives no crawl for the run', async () => {
    const real = (await hasteFS()) as { _getFileData(file: string): unknown[] };
    // A Jest that kept other fields at these places: the first answer is checked against a stat.
    const shifted = { _getFileData: (file: string) => real._getFileData(file)?.slice(1) };
    const crawl = crawlOf([shifted], root)!;
    expect(crawl('src/a.js')).toBeUndefined();
    expect(crawl('a.test.js')).toBeUndefined();

    // Edited after the crawl: the first answer is stale, and so might the others be.
    const stale = crawlOf([real], root)!;
    fs.appendFileSync(path.join(root, 'src/a.js'), '// more\n');
    expect(stale('src/a.js')).toBeUndefined();
    expect(stale('a.test.js')).toBeUndefined();

    expect(crawlOf([{}, undefined, { _getFileData: 'no' }], root)).toBeUndefined();
  });
});
