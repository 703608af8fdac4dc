import type { Checksum } from '../core/types';
import type { Fingerprint } from './types';

/**
 * One object per distinct fingerprint: the same file, file hash and checksums. A full run links each
 * test file to hundreds of fingerprints, most of them shared with other test files (at the large
 * benchmark size, a million links to 24 thousand fingerprints); kept once, the records a run
 * gathers stay small while the run goes on, and the store encodes each fingerprint once.
 */
export class FingerprintPool {
  private readonly byFile = new Map<string, Map<Checksum, Fingerprint[]>>();

  /** `fingerprint`, or the equal one this pool took before. */
  intern(fingerprint: Fingerprint): Fingerprint {
    let byHash = this.byFile.get(fingerprint.file);
    if (!byHash) this.byFile.set(fingerprint.file, (byHash = new Map()));
    let same = byHash.get(fingerprint.fileHash);
    if (!same) byHash.set(fingerprint.fileHash, (same = []));
    for (const known of same) if (sameChecksums(known.checksums, fingerprint.checksums)) return known;
    same.push(fingerprint);
    return fingerprint;
  }
}

function sameChecksums(a: readonly Checksum[], b: readonly Checksum[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
