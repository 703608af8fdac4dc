import type { Checksum } from './types';

/**
 * testmon's matching rule: a test is unaffected by a file while every checksum of its fingerprint is
 * still among the file's current block checksums.
 *
 * @example
 * isUnaffected([1n, 2n], new Set([1n, 2n, 3n])); // => true
 * isUnaffected([1n, 4n], new Set([1n, 2n, 3n])); // => false
 */
export function isUnaffected(fingerprint: readonly Checksum[], current: ReadonlySet<Checksum>): boolean {
  for (const checksum of fingerprint) if (!current.has(checksum)) return false;
  return true;
}

/**
 * The checksums of a fingerprint that are no longer in the file: the blocks that changed or went away
 * (look their names up in the block table the fingerprint was taken from). Empty when unaffected.
 */
export function missingChecksums(fingerprint: readonly Checksum[], current: ReadonlySet<Checksum>): Checksum[] {
  return fingerprint.filter((checksum) => !current.has(checksum));
}

/** Sorted (ascending) and without duplicates: the canonical form of a fingerprint. */
export function sortUnique(checksums: Iterable<Checksum>): Checksum[] {
  return [...new Set(checksums)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
