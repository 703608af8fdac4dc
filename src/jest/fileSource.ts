// `import * as` compiles to a getter per member; `stat` runs per file on every selection.
import fs = require('fs');
import type { FileSource, FileStat } from '../core/cascade';
import { fromStorePath } from './paths';

/** The real file system under `root`, for the core's cascade. Unreadable files count as missing. */
export function diskFileSource(root: string): FileSource {
  return {
    stat(relative: string): FileStat | undefined {
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
  };
}
