import * as fs from 'fs';
import * as path from 'path';
import type { TestContext } from '@jest/test-result';
import { isInstalledPackage } from './paths';
import { scanImports } from '../core/imports';

/**
 * A test file's static dependency closure through Jest's own resolver and haste map — what
 * `--findRelatedTests` sees, including manual mocks. Coverage cannot see JSON and other non-code
 * modules, files outside `collectCoverageFrom`, or sources the compiler erases; this can.
 * Installed packages are left out: the lockfile stands for them.
 */
export class DependencyWalker {
  private readonly direct = new Map<string, readonly string[]>();

  /**
   * @param withTypeImports also follow the imports the compiler erases (`import type`), which Jest's
   * haste map leaves out: under a type-checking transform a change to them can break compilation.
   */
  constructor(
    private readonly context: TestContext,
    private readonly withTypeImports = false,
  ) {}

  /** Every project file reachable from `file` by static imports, `file` itself excluded. */
  closure(file: string): Set<string> {
    const seen = new Set<string>([file]);
    const queue = [file];
    while (queue.length > 0) {
      for (const dependency of this.dependencies(queue.pop()!)) {
        if (seen.has(dependency) || isInstalledPackage(dependency)) continue;
        seen.add(dependency);
        queue.push(dependency);
      }
    }
    seen.delete(file);
    return seen;
  }

  private dependencies(file: string): readonly string[] {
    let found = this.direct.get(file);
    if (!found) {
      found = this.resolve(file);
      this.direct.set(file, found);
    }
    return found;
  }

  /** The direct dependencies of one file, resolved as jest-resolve-dependencies does. */
  private resolve(file: string): string[] {
    const { hasteFS, resolver } = this.context;
    const names = [...(hasteFS.getDependencies(file) ?? [])];
    if (this.withTypeImports) names.push(...scannedImports(file));
    const resolved: string[] = [];
    for (const name of names) {
      if (resolver.isCoreModule(name)) continue;
      let target: string | null = null;
      try {
        target = resolver.resolveModule(file, name);
      } catch {
        target = tryOrNull(() => resolver.getMockModule(file, name));
      }
      if (!target) continue;
      resolved.push(target);
      const mock = tryOrNull(() => resolver.getMockModule(target!, path.basename(name)));
      if (mock && path.dirname(path.resolve(mock)) === path.resolve(path.dirname(target), '__mocks__')) {
        resolved.push(path.resolve(mock));
      }
    }
    return resolved;
  }
}

/** The snapshot file Jest would use for a test file, honouring a custom `snapshotResolver`. */
export function snapshotPath(context: TestContext, testPath: string): string {
  const custom = context.config.snapshotResolver;
  if (custom) {
    try {
      const resolver = require(custom) as { resolveSnapshotPath(testPath: string, extension: string): string };
      return resolver.resolveSnapshotPath(testPath, '.snap');
    } catch {
      // fall through to Jest's default layout
    }
  }
  return path.join(path.dirname(testPath), '__snapshots__', `${path.basename(testPath)}.snap`);
}

export function existingFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function scannedImports(file: string): string[] {
  try {
    return scanImports(fs.readFileSync(file, 'utf8')).imports;
  } catch {
    return [];
  }
}

function tryOrNull<T>(get: () => T | null | undefined): T | null {
  try {
    return get() ?? null;
  } catch {
    return null;
  }
}
