import * as path from 'path';
import type TestSequencer from '@jest/test-sequencer';

/**
 * Jest's own sequencer class, taken from the Jest that is running when it can be found (its
 * `@jest/core` is already loaded), so that Jest 29 and 30 each get their own; our dependency otherwise.
 */
export function loadBaseSequencer(): typeof TestSequencer {
  const jestCore = runningJestCoreDir();
  const id = require.resolve('@jest/test-sequencer', { paths: jestCore ? [jestCore, __dirname] : [__dirname] });
  const loaded = require(id) as { default?: typeof TestSequencer } & typeof TestSequencer;
  return loaded.default ?? loaded;
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
