import type { CurrentFile } from '../../src/core/cascade';
import type { FileState } from '../../src/store/types';

/** A file's last seen state with its block table, `[name, checksum]` per block. */
export const state = (path: string, hash: bigint, blocks: Array<[string, bigint]>): FileState => ({
  path,
  mtimeMs: 1,
  size: 1,
  hash,
  blocks: blocks.map(([name, checksum]) => ({ name, checksum })),
  checkedAt: 1,
});

/** What the cascade says of a file now: that state, changed or not. */
export const current = (s: FileState, changed = true): CurrentFile => ({ state: s, checksums: new Set(s.blocks.map((b) => b.checksum)), changed });
