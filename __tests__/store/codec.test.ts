import { decodeIds, encodeBlockChecksums, encodeChecksum, encodeChecksums, encodeIds, markIds } from '../../src/store/codec';
import { checkHeader } from '../../src/store/dataFile';

const MAX = (1n << 64n) - 1n;

/** Reads back 8-byte big-endian values. */
function values(bytes: Uint8Array): bigint[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 8 }, (_, i) => view.getBigUint64(i * 8));
}

describe('checksums', () => {
  it.each([[0n], [1n], [(1n << 63n) - 1n], [1n << 63n], [MAX]])('%s is kept as 8 big-endian bytes', (value) => {
    const bytes = encodeChecksum(value);
    expect(bytes).toHaveLength(8);
    expect(values(bytes)).toEqual([value]);
  });

  it('big-endian', () => {
    expect([...encodeChecksum(0x0102030405060708n)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it.each([[-1n], [1n << 64n], [5 as unknown as bigint]])('%s is refused', (value) => {
    expect(() => encodeChecksum(value, 'hash of a.ts')).toThrow(/^jest-difftest: hash of a\.ts must be a bigint in 0 … 2\^64-1/);
  });

  it('lists are stored sorted and unique, so equal sets encode equally', () => {
    const list = [MAX, 3n, 1n << 63n, 3n, 0n];
    expect(values(encodeChecksums(list))).toEqual([0n, 3n, 1n << 63n, MAX]);
    expect(encodeChecksums(list)).toEqual(encodeChecksums([0n, 3n, 1n << 63n, MAX]));
    expect(encodeChecksums([])).toHaveLength(0);
  });

  it('block checksums keep the block order', () => {
    const blocks = [{ name: 'b', checksum: MAX }, { name: 'a', checksum: 1n }];
    expect(values(encodeBlockChecksums(blocks, 'x.ts'))).toEqual([MAX, 1n]);
    expect(() => encodeBlockChecksums([{ name: 'f', checksum: -2n }], 'x.ts')).toThrow(/the checksum of block f of x\.ts must be a bigint/);
  });
});

describe('fingerprint ids', () => {
  it.each([
    [[], 0],
    [[0], 1],
    [[1], 1],
    [[127], 1],
    [[128], 2],
    [[5, 3, 1, 3], 3],
    [[0, 1, 2, 3, 1000, 1001, 2 ** 32 - 1], 12],
  ])('%j takes %i bytes and comes back sorted and unique', (ids, size) => {
    const bytes = encodeIds(ids);
    expect(bytes).toHaveLength(size);
    const expected = [...new Set(ids)].sort((a, b) => a - b);
    expect(decodeIds(bytes)).toEqual(expected);
    const marks = new Uint8Array(2000);
    markIds(bytes, marks);
    expect([...marks.keys()].filter((id) => marks[id] === 1)).toEqual(expected.filter((id) => id < 2000));
  });

  it.each([[-1], [1.5], [2 ** 32]])('id %s is refused', (id) => {
    expect(() => encodeIds([id])).toThrow(RangeError);
  });

  it('a cut varint is damage', () => {
    expect(() => decodeIds(Uint8Array.of(0x81))).toThrow(/truncated/);
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
