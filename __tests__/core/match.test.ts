import { isUnaffected, missingChecksums, sortUnique } from '../../src/core/match';

describe('matching a fingerprint against the current checksums', () => {
  const current = new Set([1n, 2n, 3n]);

  test.each([
    [[], true, []],
    [[1n], true, []],
    [[1n, 2n, 3n], true, []],
    [[1n, 4n], false, [4n]],
    [[5n, 2n, 6n], false, [5n, 6n]],
  ] as Array<[bigint[], boolean, bigint[]]>)('%p', (fingerprint, unaffected, missing) => {
    expect(isUnaffected(fingerprint, current)).toBe(unaffected);
    expect(missingChecksums(fingerprint, current)).toEqual(missing);
  });

  test('sortUnique orders bigints numerically, beyond 2^53, without duplicates', () => {
    const big = 2n ** 63n + 5n;
    expect(sortUnique([3n, big, 1n, 3n, 2n ** 53n + 1n, 2n ** 53n])).toEqual([1n, 3n, 2n ** 53n, 2n ** 53n + 1n, big]);
  });
});
