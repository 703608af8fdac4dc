import { splitBlocks } from '../../src/core/blocks';
import { fingerprintFromIstanbul, type PositionMapper } from '../../src/core/coverage';
import type { FileBlocks, Position } from '../../src/core/types';
import { cover, getHasher } from './harness';

const SOURCE = `export const make = () => {
  return () => 1;
};
export const curried = (a: number) => (b: number) => a + b;
export function outer(): number {
  const inner = (n: number) => n + 1;
  return 1;
}
export class A {
  handler = () => 2;
  @dec()
  method(): number {
    return 3;
  }
}
function dec() {
  return (_t: unknown, _k: string, d: PropertyDescriptor) => d;
}
`;

const ran = (blocks: FileBlocks, fingerprint: readonly bigint[]): string[] =>
  blocks.blocks.filter((b) => fingerprint.includes(b.checksum)).map((b) => b.name);

describe('istanbul: which blocks a test ran', () => {
  test('creating a function is not running it', async () => {
    const blocks = splitBlocks(SOURCE, 'a.ts', await getHasher());
    const coverage = await cover(SOURCE, 'a.ts', (m) => [m.make(), m.curried(1), m.outer(), new m.A()]);
    // make() returned its inner arrow without calling it; curried(1) likewise; outer() created inner;
    // new A() created handler. Decorators (dec and its arrow) ran when the class was defined.
    expect(ran(blocks, fingerprintFromIstanbul(blocks, coverage))).toEqual([
      '<module>',
      'make',
      'curried',
      'outer',
      'dec',
      'dec.<anonymous:17>',
    ]);
  });

  test('one block table placing the coverage of several test files gives each its own blocks', async () => {
    // The reporter keeps a file's table for the run and places every test file's coverage in it.
    const hasher = await getHasher();
    const shared = splitBlocks(SOURCE, 'a.ts', hasher);
    const runs = [
      await cover(SOURCE, 'a.ts', (m) => [m.make()(), m.outer()]),
      await cover(SOURCE, 'a.ts', (m) => [m.curried(1)(2)]),
      await cover(SOURCE, 'a.ts', (m) => [new m.A().method()]),
    ];
    const onShared = runs.map((coverage) => ran(shared, fingerprintFromIstanbul(shared, coverage)));
    const onFresh = runs.map((coverage) => {
      const fresh = splitBlocks(SOURCE, 'a.ts', hasher);
      return ran(fresh, fingerprintFromIstanbul(fresh, coverage));
    });
    expect(onShared).toEqual(onFresh);
    expect(onShared[1]).toEqual(['<module>', 'curried', 'curried.<anonymous:4>', 'dec', 'dec.<anonymous:17>']);

    // The same blocks give the same array (kept by the table), other blocks another.
    const again = fingerprintFromIstanbul(shared, runs[1]!);
    expect(fingerprintFromIstanbul(shared, await cover(SOURCE, 'a.ts', (m) => [m.curried(3)(4)]))).toBe(again);
    expect(fingerprintFromIstanbul(shared, runs[2]!)).not.toEqual(again);
  });

  test('calling them', async () => {
    const blocks = splitBlocks(SOURCE, 'a.ts', await getHasher());
    const coverage = await cover(SOURCE, 'a.ts', (m) => [m.make()(), m.curried(1)(2), new m.A().handler(), new m.A().method()]);
    expect(ran(blocks, fingerprintFromIstanbul(blocks, coverage))).toEqual([
      '<module>',
      'make',
      'make.<anonymous:2>',
      'curried',
      'curried.<anonymous:4>',
      'A.handler',
      'A.method',
      'dec',
      'dec.<anonymous:17>',
    ]);
  });

  test('positions a column off (a coarse source map) still count the function', async () => {
    const blocks = splitBlocks(SOURCE, 'a.ts', await getHasher());
    const coverage = await cover(SOURCE, 'a.ts', (m) => new m.A().method());
    // Every position lands one column early: a body's `{` becomes the space before it.
    const early: PositionMapper = (p: Position) => ({ line: p.line, column: Math.max(0, p.column - 1) });
    expect(ran(blocks, fingerprintFromIstanbul(blocks, coverage, early))).toEqual(expect.arrayContaining(['<module>', 'A.method', 'dec']));
  });

  test('coverage of which nothing maps counts the whole file', async () => {
    const blocks = splitBlocks(SOURCE, 'a.ts', await getHasher());
    const coverage = await cover(SOURCE, 'a.ts', (m) => m.outer());
    expect(fingerprintFromIstanbul(blocks, coverage, () => null)).toHaveLength(blocks.blocks.length);
  });

  test('no coverage at all is the module block alone', async () => {
    const blocks = splitBlocks(SOURCE, 'a.ts', await getHasher());
    expect(fingerprintFromIstanbul(blocks, { statementMap: {}, s: {}, fnMap: {}, f: {} })).toEqual([blocks.blocks[0]!.checksum]);
  });

  test('a raw file is its raw block', async () => {
    const blocks = splitBlocks('not code', 'notes.txt', await getHasher());
    expect(fingerprintFromIstanbul(blocks, { statementMap: {}, s: {}, fnMap: {}, f: {} })).toEqual([blocks.blocks[0]!.checksum]);
  });
});
