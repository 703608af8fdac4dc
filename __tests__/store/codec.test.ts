import { decodeBlocks, decodeChecksum, decodeChecksums, decodeIds, encodeBlocks, encodeChecksum, encodeChecksums, encodeIds } from '../../src/store/codec';
import { checkHeader } from '../../src/store/dataFile';

const MAX = (1n << 64n) - 1n;

describe('checksums', () => {
  it.each([[0n], [1n], [(1n << 63n) - 1n], [1n << 63n], [MAX]])('%s survives 8 bytes', (value) => {
    const bytes = encodeChecksum(value);
    expect(bytes).toHaveLength(8);
    expect(decodeChecksum(bytes)).toBe(value);
  });

  it.each([[-1n], [1n << 64n], [5 as unknown as bigint]])('%s is refused', (value) => {
    expect(() => encodeChecksum(value, 'hash of a.ts')).toThrow(/^jest-difftest: hash of a\.ts must be a bigint in 0 … 2\^64-1/);
  });

  it('lists are stored sorted and unique, so equal sets encode equally', () => {
    const list = [MAX, 3n, 1n << 63n, 3n, 0n];
    expect(decodeChecksums(encodeChecksums(list))).toEqual([0n, 3n, 1n << 63n, MAX]);
    expect(encodeChecksums(list)).toEqual(encodeChecksums([0n, 3n, 1n << 63n, MAX]));
    expect(decodeChecksums(encodeChecksums([]))).toEqual([]);
  });

  it('a list of the wrong length is damage', () => {
    expect(() => decodeChecksums(new Uint8Array(9))).toThrow(RangeError);
  });
});

describe('fingerprint ids', () => {
  it.each([
    [[], 0],
    [[1], 1],
    [[127], 1],
    [[128], 2],
    [[5, 3, 1, 3], 3],
    [[1, 2, 3, 1000, 1001, 2 ** 32 - 1], 11],
  ])('%j takes %i bytes and comes back sorted and unique', (ids, size) => {
    const bytes = encodeIds(ids);
    expect(bytes).toHaveLength(size);
    expect(decodeIds(bytes)).toEqual([...new Set(ids)].sort((a, b) => a - b));
  });

  it('a cut varint is damage', () => {
    expect(() => decodeIds(Uint8Array.of(0x81))).toThrow(/truncated/);
  });
});

describe('block tables', () => {
  it.each([
    [[]],
    [[{ name: '<module>', checksum: MAX }]],
    [[{ name: '<module>', checksum: 1n }, { name: 'Calc.get total', checksum: 1n << 63n }, { name: '', checksum: 0n }, { name: 'ünï 名前', checksum: 2n }]],
    [[{ name: 'has\0nul', checksum: 9n }, { name: 'x', checksum: 8n }]],
  ])('%j round-trips', (blocks) => {
    expect(decodeBlocks(encodeBlocks(blocks))).toEqual(blocks);
  });

  it('a damaged table is refused', () => {
    const bytes = encodeBlocks([{ name: 'a', checksum: 1n }, { name: 'b', checksum: 2n }]);
    expect(() => decodeBlocks(bytes.subarray(0, 10))).toThrow(RangeError);
    expect(() => decodeBlocks(Uint8Array.of(9, 0, 0, 0, 0))).toThrow(/damaged/);
  });
});

describe('header check', () => {
  it.each([
    ['empty', new Uint8Array(0), 'the file is empty'],
    ['SQLite magic cut short', Buffer.from('SQLite format'), 'the file is truncated'],
    ['not SQLite', Buffer.alloc(200, 1), 'it is not a SQLite database'],
  ])('%s', (_name, bytes, reason) => {
    expect(checkHeader(bytes)).toBe(reason);
  });
});
