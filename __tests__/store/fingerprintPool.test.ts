import { FingerprintPool } from '../../src/store/fingerprintPool';

describe('FingerprintPool', () => {
  it('hands back the fingerprint it took first for an equal one, from another test', () => {
    const pool = new FingerprintPool();
    const first = pool.intern({ file: 'src/a.ts', fileHash: 7n, checksums: [1n, 2n] });
    const again = pool.intern({ file: 'src/a.ts', fileHash: 7n, checksums: [1n, 2n] });
    expect(again).toBe(first);
  });

  it('keeps fingerprints apart that differ in file, file hash, checksums or their number', () => {
    const pool = new FingerprintPool();
    const base = pool.intern({ file: 'src/a.ts', fileHash: 7n, checksums: [1n, 2n] });
    const others = [
      { file: 'src/b.ts', fileHash: 7n, checksums: [1n, 2n] },
      { file: 'src/a.ts', fileHash: 8n, checksums: [1n, 2n] },
      { file: 'src/a.ts', fileHash: 7n, checksums: [1n, 3n] },
      { file: 'src/a.ts', fileHash: 7n, checksums: [1n] },
      { file: 'src/a.ts', fileHash: 7n, checksums: [] },
    ];
    for (const fingerprint of others) {
      const kept = pool.intern(fingerprint);
      expect(kept).toBe(fingerprint);
      expect(kept).not.toBe(base);
      // Each is kept in turn: the same one again comes back as the first of its kind.
      expect(pool.intern({ ...fingerprint, checksums: [...fingerprint.checksums] })).toBe(fingerprint);
    }
  });
});
