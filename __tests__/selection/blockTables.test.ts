import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileHash, splitBlocks } from '../../src/core/blocks';
import { DiskBlockTables } from '../../src/jest/blockTables';
import { getHasher } from '../core/harness';

const TEXT = `export class Calc {
  add(a: number, b: number) { return a + b; }
  get zero() { return 0; }
}
export const twice = (n: number) => n * 2;
`;

describe('DiskBlockTables', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-tables-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const storedFiles = (): string[] => {
    const root = path.join(dir, 'jest-difftest', 'blocks');
    return fs.existsSync(root) ? fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name)) : [];
  };

  test('a table read back is the table stored, 64-bit checksums and positions included', async () => {
    const hasher = await getHasher();
    const table = splitBlocks(TEXT, 'src/calc.ts', hasher);
    const hash = fileHash(TEXT, hasher);
    new DiskBlockTables(dir).set('src/calc.ts', hash, table);
    expect(storedFiles()).toHaveLength(1);
    // Another run (another instance) reads it.
    expect(new DiskBlockTables(dir).get('src/calc.ts', hash)).toEqual(table);
  });

  test('tables are by content and file name: another content or another name is not found', async () => {
    const hasher = await getHasher();
    const tables = new DiskBlockTables(dir);
    const hash = fileHash(TEXT, hasher);
    tables.set('src/calc.ts', hash, splitBlocks(TEXT, 'src/calc.ts', hasher));
    expect(tables.get('src/calc.ts', fileHash(`${TEXT}\n`, hasher))).toBeUndefined();
    // The same bytes as JavaScript, or as a declaration file, parse otherwise.
    expect(tables.get('src/calc.js', hash)).toBeUndefined();
    expect(tables.get('src/calc.d.ts', hash)).toBeUndefined();
    // The directory does not matter: the content does.
    expect(tables.get('lib/calc.ts', hash)).toBeDefined();
  });

  test('a damaged or foreign file is not a table', async () => {
    const hasher = await getHasher();
    const tables = new DiskBlockTables(dir);
    const hash = fileHash(TEXT, hasher);
    tables.set('src/calc.ts', hash, splitBlocks(TEXT, 'src/calc.ts', hasher));
    const [file] = storedFiles();
    const good = fs.readFileSync(file!, 'utf8');
    for (const bad of [good.slice(0, good.length / 2), '{}', '{"blocks":[]}', '{"blocks":[{"checksum":"xyz","start":{"line":1,"column":0},"end":{"line":1,"column":0}}]}', '{"blocks":[{"checksum":"12","start":{"line":1},"end":{"line":1,"column":0}}]}', 'null']) {
      fs.writeFileSync(file!, bad);
      expect(tables.get('src/calc.ts', hash)).toBeUndefined();
    }
  });

  test('a cache directory that cannot be written leaves nothing kept and throws nothing', async () => {
    const hasher = await getHasher();
    const blocked = path.join(dir, 'file');
    fs.writeFileSync(blocked, '');
    const tables = new DiskBlockTables(blocked);
    const hash = fileHash(TEXT, hasher);
    expect(() => tables.set('src/calc.ts', hash, splitBlocks(TEXT, 'src/calc.ts', hasher))).not.toThrow();
    expect(tables.get('src/calc.ts', hash)).toBeUndefined();
  });
});
