// `import * as` compiles to a getter per member; a lookup runs per file on every selection.
import fs = require('fs');
import path = require('path');
import { sameMillisecond, type FileStat } from '../core/cascade';
import { fromStorePath } from './paths';

/** Where jest-haste-map keeps a file's mtime and size in its tuple (its constants `H.MTIME`, `H.SIZE`). */
const MTIME = 1;
const SIZE = 2;

/** Store path → the file's mtime (milliseconds) and size as Jest's crawl saw them at start-up. */
export type Crawl = (relative: string) => FileStat | undefined;

interface HasteFiles {
  _getFileData(file: string): unknown;
  _rootDir?: unknown;
  _files?: unknown;
}

/**
 * What Jest's haste maps (one per project) know of the files. Jest stats every file under its
 * roots when it starts (or asks watchman), moments before the sequencer runs; reading those
 * figures spares the selection a second stat of each. Jest has no public call for a file's mtime:
 * a map without `_getFileData`, or whose first answer disagrees with a stat of that file (another
 * tuple layout, or a file edited since the crawl), gives no crawl for the run, and every file gets
 * a stat as before.
 */
export function crawlOf(hasteFSs: Iterable<unknown>, root: string): Crawl | undefined {
  const maps = [...hasteFSs].filter((map): map is HasteFiles => typeof (map as Partial<HasteFiles> | undefined)?._getFileData === 'function');
  if (maps.length === 0) return undefined;
  // A haste map rooted at the store's root keys its files by the store's own relative paths (with `/`
  // separators): looked up as they are, without building an absolute path and cutting it again.
  const lookups = maps.map((map): ((relative: string) => unknown) => {
    const files = map._files;
    if (map._rootDir === root && path.sep === '/' && files instanceof Map) return (relative) => files.get(relative);
    return (relative) => map._getFileData(fromStorePath(root, relative));
  });
  let trusted: boolean | undefined;
  return (relative) => {
    if (trusted === false) return undefined;
    for (const lookup of lookups) {
      const data = lookup(relative);
      if (!Array.isArray(data)) continue;
      const mtimeMs: unknown = data[MTIME];
      const size: unknown = data[SIZE];
      if (typeof mtimeMs !== 'number' || typeof size !== 'number') return undefined;
      trusted ??= agreesWithStat(fromStorePath(root, relative), mtimeMs, size);
      return trusted ? { mtimeMs, size } : undefined;
    }
    return undefined;
  };
}

function agreesWithStat(absolute: string, mtimeMs: number, size: number): boolean {
  const stat = fs.statSync(absolute, { throwIfNoEntry: false });
  return stat !== undefined && sameMillisecond(stat.mtimeMs, mtimeMs) && stat.size === size;
}
