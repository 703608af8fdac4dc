import * as fs from 'fs';
import * as path from 'path';
import type { Config } from '@jest/types';
import { getConfigSeen } from './runState';
import { resolveOptions, type ResolvedOptions } from './options';

/** Jest resolves reporter entries to absolute paths: this is how the sequencer finds ours. */
const REPORTER_PATH = path.join(__dirname, 'reporter.js');

/**
 * The options the user configured, seen from the sequencer: the reporter entry's options where Jest
 * hands the global config (Jest 30), or those given to `withDiffTest` while the config loaded;
 * `JEST_DIFFTEST_*` variables on top.
 */
export function readOptions(globalConfig: Config.GlobalConfig | undefined): ResolvedOptions {
  const fromReporter = globalConfig?.reporters?.find(
    (entry): entry is [string, Record<string, unknown>] => Array.isArray(entry) && isOurReporter(entry[0]),
  )?.[1];
  return resolveOptions(fromReporter ?? getConfigSeen()?.options, process.env);
}

function isOurReporter(entry: unknown): boolean {
  if (typeof entry !== 'string') return false;
  if (entry === REPORTER_PATH) return true;
  try {
    return fs.realpathSync(entry) === fs.realpathSync(REPORTER_PATH);
  } catch {
    return false;
  }
}
