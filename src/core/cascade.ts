import { blocksOf, fileHash } from './blocks';
import type { BlockTables, Checksum, FileBlocks, Hasher } from './types';
import type { FileState } from '../store/types';

/** What the cascade needs to know of a file on disk: `undefined` when it does not exist. */
export interface FileStat {
  mtimeMs: number;
  size: number;
}

/**
 * File access reaches the core through this interface; paths are the store's relative paths.
 * The real one is in `src/jest/fileSource.ts`; tests use an in-memory one.
 */
export interface FileSource {
  stat(path: string): FileStat | undefined;
  read(path: string): Uint8Array | undefined;
  /**
   * The file's mtime, to the millisecond, and size as a crawl at the start of the run saw them,
   * without a system call (Jest stats every file of its roots when it starts); `undefined` when the
   * crawl did not see the file. See {@link unchangedSinceCrawl} for when it stands in for `stat`.
   */
  crawled?(path: string): FileStat | undefined;
}

/** The current state of a file that exists, with its block checksums as a set for matching. */
export interface CurrentFile {
  state: FileState;
  checksums: ReadonlySet<Checksum>;
  /** The content differs from the last seen state (or there was none). */
  changed: boolean;
  parseError?: string;
  /** The whole block table, positions included, when this read split the content. */
  blocks?: FileBlocks;
}

/**
 * An mtime this close to the moment the state was read may hide a later edit of the same size
 * within the file system's timestamp granularity ("racy" mtimes, as git calls them): re-hash.
 */
export const RACY_MTIME_MS = 2000;

const decoder = new TextDecoder();

/**
 * The change-detection cascade, cheapest check first: mtime and size against the last seen state,
 * then the content hash, and only for content never seen before, parsing into blocks.
 *
 * @returns path → current state, or `null` for a file that no longer exists.
 */
export function detectChanges(
  paths: Iterable<string>,
  known: ReadonlyMap<string, FileState>,
  source: FileSource,
  hasher: Hasher,
  now: number,
  tables?: BlockTables,
): Map<string, CurrentFile | null> {
  const result = new Map<string, CurrentFile | null>();
  for (const path of paths) {
    if (result.has(path)) continue;
    result.set(path, currentFile(path, known.get(path), source, hasher, now, tables));
  }
  return result;
}

function currentFile(
  path: string,
  last: FileState | undefined,
  source: FileSource,
  hasher: Hasher,
  now: number,
  tables: BlockTables | undefined,
): CurrentFile | null {
  if (last && unchangedSinceCrawl(last, source.crawled?.(path))) return withChecksums(last, false);
  const stat = source.stat(path);
  if (!stat) return null;
  if (last && unchangedSince(last, stat)) return withChecksums(last, false);
  const bytes = source.read(path);
  if (!bytes) return null;
  return readState(path, bytes, stat, last, hasher, now, tables);
}

/**
 * The cascade's first rung: a file whose mtime and size are those seen when it was last read, with an
 * mtime old enough then to be trusted, has the content it had.
 */
export function unchangedSince(last: Pick<FileState, 'mtimeMs' | 'size' | 'checkedAt'>, stat: FileStat): boolean {
  return last.mtimeMs === stat.mtimeMs && last.size === stat.size && stat.mtimeMs < last.checkedAt - RACY_MTIME_MS;
}

/** Whether a millisecond mtime (Node's `Stats.mtime` rounds, watchman cuts) is `mtimeMs`'s. */
export function sameMillisecond(mtimeMs: number, milliseconds: number): boolean {
  return milliseconds === Math.round(mtimeMs) || milliseconds === Math.floor(mtimeMs);
}

/**
 * The first rung from the run's crawl instead of a stat: the crawl's mtime the millisecond of the
 * one last seen, the same size, and {@link unchangedSince}'s age. Only for an mtime last seen with a
 * part below the millisecond, as writes leave it: a crawl keeps a file's old size while its
 * millisecond mtime stays, and tools that set mtimes (tar, unzip, `touch -d`, reproducible
 * archives) set whole seconds or milliseconds, under which two contents could differ in size alone.
 * Those files get a stat. `false` is no verdict: the caller stats the file.
 */
export function unchangedSinceCrawl(last: Pick<FileState, 'mtimeMs' | 'size' | 'checkedAt'>, crawled: FileStat | undefined): boolean {
  return (
    crawled !== undefined &&
    !Number.isInteger(last.mtimeMs) &&
    sameMillisecond(last.mtimeMs, crawled.mtimeMs) &&
    crawled.size === last.size &&
    last.mtimeMs < last.checkedAt - RACY_MTIME_MS
  );
}

/**
 * The state of a file whose bytes are at hand: reuses the last block table when the content hash
 * is unchanged, splits it otherwise (through `tables` when given).
 */
export function readState(
  path: string,
  bytes: Uint8Array,
  stat: FileStat,
  last: FileState | undefined,
  hasher: Hasher,
  now: number,
  tables?: BlockTables,
): CurrentFile {
  const hash = fileHash(bytes, hasher);
  if (last && last.hash === hash) {
    return withChecksums({ ...last, mtimeMs: stat.mtimeMs, size: stat.size, checkedAt: now }, false);
  }
  const parsed = blocksOf(() => decoder.decode(bytes), path, hash, hasher, tables);
  const state: FileState = {
    path,
    mtimeMs: stat.mtimeMs,
    size: stat.size,
    hash,
    blocks: parsed.blocks.map((b) => ({ name: b.name, checksum: b.checksum })),
    checkedAt: now,
  };
  const current = withChecksums(state, true);
  current.blocks = parsed;
  if (parsed.parseError !== undefined) current.parseError = parsed.parseError;
  return current;
}

/**
 * The set is made when first read: the selection matches checksums only against fingerprints taken
 * from other content than the file's current one, and for an unchanged file that is rare, while
 * building it for every file forced each stored block table to be decoded.
 */
function withChecksums(state: FileState, changed: boolean): CurrentFile {
  let checksums: ReadonlySet<Checksum> | undefined;
  return {
    state,
    get checksums(): ReadonlySet<Checksum> {
      return (checksums ??= new Set(state.blocks.map((b) => b.checksum)));
    },
    changed,
  };
}
