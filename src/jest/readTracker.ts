// The module object itself, not a namespace copy: its methods are what test code calls.
import fs = require('fs');
import * as path from 'path';
import { isCodeFile } from '../core/blocks';
import { isInstalledPackage, resolvePath } from './paths';

type Patched = Array<[target: object, name: string, original: unknown]>;

/**
 * Records the project files a test reads through `fs` at run time (fixtures, templates, JSON read
 * with `readFileSync`): coverage and the import graph cannot see them. Jest reads modules through its
 * own copy of `fs` (graceful-fs), so what is seen here is the test's doing; code files are left out
 * all the same, since coverage already fingerprints them by function.
 */
export class ReadTracker {
  private readonly reads = new Set<string>();
  private patched: Patched = [];

  private readonly rootPrefix: string;
  private readonly cachePrefix: string;

  constructor(rootDir: string, cacheDirectory: string) {
    this.rootPrefix = rootDir + path.sep;
    this.cachePrefix = cacheDirectory + path.sep;
  }

  start(): void {
    if (this.patched.length > 0) return;
    const note = (file: unknown): void => this.note(file);
    const wrap = (target: Record<string, unknown>, name: string): void => {
      const original = target[name];
      if (typeof original !== 'function') return;
      this.patched.push([target, name, original]);
      target[name] = function (this: unknown, ...args: unknown[]) {
        note(args[0]);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
    };
    const api = fs as unknown as Record<string, unknown>;
    for (const name of ['readFileSync', 'readFile', 'createReadStream', 'openSync', 'open']) wrap(api, name);
    for (const name of ['readFile', 'open']) wrap(fs.promises as unknown as Record<string, unknown>, name);
  }

  /** Stops recording; the existing project files that were read. */
  finish(): string[] {
    for (const [target, name, original] of this.patched.reverse()) (target as Record<string, unknown>)[name] = original;
    this.patched = [];
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
