// The module object itself, not a namespace copy: its methods are what test code calls.
import fs = require('fs');
import * as path from 'path';
import { isCodeFile } from '../core/blocks';
import { isInstalledPackage, resolvePath } from './paths';
import { watchMethods } from './watchMethods';

/**
 * Records the project files a test reads through `fs` at run time (fixtures, templates, JSON read
 * with `readFileSync`): coverage and the import graph cannot see them. Jest reads modules through its
 * own copy of `fs` (graceful-fs), so what is seen here is the test's doing; code files are left out
 * all the same, since coverage already fingerprints them by function.
 */
export class ReadTracker {
  private readonly reads = new Set<string>();
  private restore: Array<() => void> = [];

  private readonly rootPrefix: string;
  private readonly cachePrefix: string;

  constructor(rootDir: string, cacheDirectory: string) {
    this.rootPrefix = rootDir + path.sep;
    this.cachePrefix = cacheDirectory + path.sep;
  }

  start(): void {
    if (this.restore.length > 0) return;
    const note = (_self: unknown, args: unknown[]): void => this.note(args[0]);
    this.restore = [
      watchMethods(fs, ['readFileSync', 'readFile', 'createReadStream', 'openSync', 'open'], note),
      watchMethods(fs.promises, ['readFile', 'open'], note),
    ];
  }

  /** Stops recording; the existing project files that were read. */
  finish(): string[] {
    for (const restore of this.restore.reverse()) restore();
    this.restore = [];
    const files = [...this.reads].filter((file) => fs.existsSync(file)).sort();
    this.reads.clear();
    return files;
  }

  private note(file: unknown): void {
    let absolute: string;
    if (typeof file === 'string') absolute = resolvePath(file);
    else if (file instanceof URL && file.protocol === 'file:') absolute = resolvePath(decodeURIComponent(file.pathname));
    else if (Buffer.isBuffer(file)) absolute = resolvePath(file.toString());
    else return;
    // Cheapest first: Jest's own reads (each module and its cached transform, in every test file) pass here.
    if (!absolute.startsWith(this.rootPrefix) || absolute.startsWith(this.cachePrefix) || isCodeFile(absolute) || isInstalledPackage(absolute)) return;
    this.reads.add(absolute);
  }
}
