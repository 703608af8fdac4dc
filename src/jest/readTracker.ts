import * as crypto from 'crypto';
// The module object itself, not a namespace copy: its methods are what test code calls.
import fs = require('fs');
import * as path from 'path';
import { isCodeFile } from '../core/blocks';
import { isInstalledPackage } from './paths';

/**
 * Where the environment leaves the files a test file read, for the reporter in Jest's main process:
 * one small JSON file per test file in Jest's cache directory.
 */
export function readsFile(cacheDirectory: string, testPath: string): string {
  const key = crypto.createHash('sha1').update(testPath).digest('hex');
  return path.join(cacheDirectory, 'jest-difftest', 'reads', `${key}.json`);
}

/** The files a test file read (written by the environment), taken once; `[]` when there are none. */
export function takeReads(cacheDirectory: string, testPath: string): string[] {
  const file = readsFile(cacheDirectory, testPath);
  try {
    const reads = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    fs.rmSync(file, { force: true });
    return Array.isArray(reads) ? reads.filter((r): r is string => typeof r === 'string') : [];
  } catch {
    return [];
  }
}

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

  constructor(
    private readonly rootDir: string,
    private readonly cacheDirectory: string,
  ) {}

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

  /** Stops recording and writes what was read for the reporter. */
  finish(testPath: string): void {
    for (const [target, name, original] of this.patched.reverse()) (target as Record<string, unknown>)[name] = original;
    this.patched = [];
    const files = [...this.reads].filter((file) => fs.existsSync(file)).sort();
    this.reads.clear();
    const out = readsFile(this.cacheDirectory, testPath);
    try {
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify(files));
    } catch {
      // Without the list the reporter records the test without these files; it cannot do better.
    }
  }

  private note(file: unknown): void {
    let absolute: string;
    if (typeof file === 'string') absolute = path.resolve(file);
    else if (file instanceof URL && file.protocol === 'file:') absolute = path.resolve(decodeURIComponent(file.pathname));
    else if (Buffer.isBuffer(file)) absolute = path.resolve(file.toString());
    else return;
    if (!absolute.startsWith(this.rootDir + path.sep) || isInstalledPackage(absolute) || isCodeFile(absolute)) return;
    if (absolute.startsWith(this.cacheDirectory + path.sep)) return;
    this.reads.add(absolute);
  }
}
