import * as path from 'path';

/**
 * Loads a Jest package from the Jest that is running (its `@jest/core` is already loaded), so that
 * Jest 29 and 30 each get their own copy; from our own dependencies otherwise.
 */
export function requireFromJest<T>(id: string): T {
  const jestCore = runningJestCoreDir();
  const resolved = require.resolve(id, { paths: jestCore ? [jestCore, __dirname] : [__dirname] });
  return require(resolved) as T;
}

/** The running Jest's version (that of `@jest/core`), or `unknown`. */
export function runningJestVersion(): string {
  const jestCore = runningJestCoreDir();
  if (!jestCore) return 'unknown';
  try {
    return (require(path.join(jestCore, 'package.json')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function runningJestCoreDir(): string | undefined {
  const marker = `${path.sep}@jest${path.sep}core${path.sep}build${path.sep}`;
  const loaded = Object.keys(require.cache).find((id) => id.includes(marker));
  return loaded ? loaded.slice(0, loaded.indexOf(marker) + marker.length - 'build/'.length) : undefined;
}
