import type { CurrentFile } from '../core/cascade';
import type { EnvironmentRecord, Fingerprint } from '../store/types';
import type { ResolvedOptions } from './options';

/**
 * What the sequencer learned before the run, for the reporter that records after it. Both live in
 * Jest's main process; the state hangs off `globalThis` so that two copies of this package (a
 * hoisting accident) still meet.
 */
export interface RunState {
  root: string;
  dataFile: string;
  options: ResolvedOptions;
  environment: EnvironmentRecord;
  /** The environment's inputs changed (or a rebuild was asked): drop its other records on save. */
  resetEnvironment: boolean;
  /** Test files in the data file that no longer exist. */
  removedTests: string[];
  /** Files the cascade looked at, as they were when the run started. */
  current: ReadonlyMap<string, CurrentFile | null>;
  /** Estimated duration of the skipped test files, from their recorded durations. */
  skippedMs: number;
  skippedCount: number;
  /** When selection started (ms since epoch): files modified after it are not trusted. */
  startedAt: number;
  /** Test file → the cases this run skips in it, with what they recorded before (kept on save). */
  skippedCases: ReadonlyMap<string, readonly SkippedCase[]>;
}

/** A test case that a run skipped, as it was recorded when it last ran. */
export interface SkippedCase {
  name: string;
  failed: boolean;
  fingerprints: readonly Fingerprint[];
}

const KEY = Symbol.for('jest-difftest.runState');
const OPTIONS_KEY = Symbol.for('jest-difftest.configOptions');

type Holder = { [KEY]?: RunState; [OPTIONS_KEY]?: unknown };

export function setRunState(state: RunState): void {
  (globalThis as Holder)[KEY] = state;
}

/** The state the sequencer left for this run, taken once so that watch mode's next run starts clean. */
export function takeRunState(): RunState | undefined {
  const holder = globalThis as Holder;
  const state = holder[KEY];
  delete holder[KEY];
  return state;
}

/** What `withDiffTest` saw while Jest loaded the config. */
export interface ConfigSeen {
  options: unknown;
  /** The root config's `rootDir` as far as it can be known (the config file's directory by default). */
  rootDir: string | undefined;
}

/**
 * Options given to `withDiffTest` while the config loaded: Jest 29 constructs sequencers without
 * arguments, so this is how the sequencer learns them (and the root) there. The root config loads
 * first; a project config calling `withDiffTest` again does not move the root.
 */
export function setConfigSeen(seen: ConfigSeen): void {
  const holder = globalThis as Holder;
  const before = holder[OPTIONS_KEY] as ConfigSeen | undefined;
  holder[OPTIONS_KEY] = before ? { options: seen.options, rootDir: before.rootDir ?? seen.rootDir } : seen;
}

export function getConfigSeen(): ConfigSeen | undefined {
  return (globalThis as Holder)[OPTIONS_KEY] as ConfigSeen | undefined;
}
