// `import * as` compiles to a getter per member; `stat` runs per file on every selection.
import fs = require('fs');
import type { FileSource, FileStat } from '../core/cascade';
import type { Crawl } from './crawl';
import { fromStorePath } from './paths';

/** The real file system, with how the files were looked at (for `explain`). */
export interface DiskFileSource extends FileSource {
  /** Files asked of the crawl, and files stat'ed. */
  readonly looked: { crawl: number; stat: number };
}

/**
 * The real file system under `root`, for the core's cascade. Unreadable files count as missing.
 * With `crawl` (of the same root), the core may take a file's mtime and size from Jest's crawl
 * instead of a stat.
 */
export function diskFileSource(root: string, crawl?: Crawl): DiskFileSource {
  const looked = { crawl: 0, stat: 0 };
  return {
    looked,
    stat(relative: string): FileStat | undefined {
      looked.stat++;
      try {
        const stat = fs.statSync(fromStorePath(root, relative), { throwIfNoEntry: false });
        return stat?.isFile() ? { mtimeMs: stat.mtimeMs, size: stat.size } : undefined;
      } catch {
        return undefined;
      }
    },
    read(relative: string): Uint8Array | undefined {
      try {
        return fs.readFileSync(fromStorePath(root, relative));
      } catch {
        return undefined;
      }
    },
    ...(crawl
      ? {
          crawled(relative: string): FileStat | undefined {
            looked.crawl++;
            return crawl(relative);
          },
        }
      : {}),
  };
}
