import type { Config } from '@jest/types';
import { resolveOptions, type DiffTestOptions } from './options';
import * as path from 'path';
import { setConfigSeen } from './runState';
import { INNER_ENVIRONMENT } from './environment';
import { OWN_COVERAGE } from './ranCoverage';
import type { CountingTransformerConfig } from './transform';
import { COUNTING_TRANSFORMER } from './typeCheck';

/**
 * Adds jest-difftest to a Jest config: the sequencer, the reporter beside the existing reporters, an
 * environment wrapping the configured one (it records the files tests read with `fs`), and
 * `passWithNoTests` so that "nothing affected" exits 0. What ran is counted by the project's own
 * transformers wrapped in `jest-difftest/transform` (a counter per function, see `transform.ts`);
 * where that cannot be set up for sure (a project given by path, `transformIgnorePatterns` that skip
 * more than installed packages, a transformer that does not resolve), by Jest's coverage without a
 * report, which the environment keeps Jest from copying. A config that collects coverage keeps it.
 *
 * @throws {TypeError} for an unknown option or a value of the wrong type.
 * @example
 * // jest.config.js
 * const { withDiffTest } = require('jest-difftest');
 * module.exports = withDiffTest({ testEnvironment: 'node' }, { env: process.env.CI ? 'ci' : 'local' });
 */
export function withDiffTest<T extends Config.InitialOptions>(config: T, options: DiffTestOptions = {}): T {
  resolveOptions(options);
  const configDir = callerDirectory();
  const rootDir = configDir && path.resolve(configDir, config.rootDir ?? '.');
  setConfigSeen({ options, rootDir });
  const askedForCoverage = config.collectCoverage === true;
  const counting = askedForCoverage || !rootDir ? undefined : withCounters(config, rootDir);
  const result: Config.InitialOptions = {
    ...withEnvironment(counting ?? config, !counting && !askedForCoverage),
    testSequencer: require.resolve('./sequencer'),
    reporters: [...(config.reporters ?? ['default']), [require.resolve('./reporter'), { ...options }]],
    passWithNoTests: config.passWithNoTests ?? true,
  };
  if (!counting) {
    result.collectCoverage = true;
    if (!askedForCoverage) {
      // Coverage is on for recording only: no report, and no thresholds checked against a partial run.
      result.coverageReporters = ['none'];
      delete result.coverageThreshold;
    }
  }
  return result as T;
}

type ProjectEntry = NonNullable<Config.InitialOptions['projects']>[number];

/** Files no transform pattern matches are counted too, as they are: Jest would run them untransformed. */
const UNTRANSFORMED = '\\.[cm]?[jt]sx?$';

/** Jest's default when a config has no `transform`. */
const DEFAULT_TRANSFORM = { '\\.[jt]sx?$': 'babel-jest' };

/**
 * The config (and its inline projects) with every transformer wrapped in the counting one, or
 * `undefined` when some loaded file might escape the counters.
 */
function withCounters<T extends Config.InitialOptions>(config: T, rootDir: string): T | undefined {
  if (!ignoresOnlyPackages(config.transformIgnorePatterns)) return undefined;
  const projects: ProjectEntry[] = [];
  for (const project of config.projects ?? []) {
    // A project given by path is read by Jest alone: its transforms stay out of reach.
    if (typeof project !== 'object' || project === null) return undefined;
    const own = project as Config.InitialOptions;
    const counted = withCounters(own, path.resolve(rootDir, own.rootDir ?? '.'));
    if (!counted) return undefined;
    projects.push(counted);
  }
  const version = packageVersion();
  const transform: Record<string, [string, CountingTransformerConfig]> = {};
  for (const [pattern, entry] of Object.entries(config.transform ?? DEFAULT_TRANSFORM)) {
    const [name, options] = Array.isArray(entry) ? entry : [entry, undefined];
    const transformer = resolveTransformer(String(name), rootDir);
    if (!transformer) return undefined;
    transform[pattern] = [COUNTING_TRANSFORMER, { transformer, ...(options !== undefined ? { options } : {}), version }];
  }
  transform[UNTRANSFORMED] ??= [COUNTING_TRANSFORMER, { version }];
  return { ...config, transform, ...(config.projects ? { projects } : {}) };
}

/**
 * Whether `transformIgnorePatterns` leave every project file to the transform: none given (Jest skips
 * installed packages), or each pattern a `node_modules/` path with only alternatives inside groups
 * (`/node_modules/(?!(a|b)/)`), or Yarn PnP's own files.
 */
function ignoresOnlyPackages(patterns: readonly string[] | undefined): boolean {
  return (patterns ?? []).every((pattern) => {
    if (pattern === '\\.pnp\\.[^\\/]+$') return true;
    let outside = pattern;
    for (let previous = ''; previous !== outside; ) {
      previous = outside;
      outside = outside.replace(/\([^()]*\)/g, '');
    }
    return /^(<rootDir>)?\/?node_modules\//.test(pattern) && !outside.includes('|');
  });
}

/** A transformer's module path as Jest resolves it: from the root, or from Jest's own packages (babel-jest). */
function resolveTransformer(name: string, rootDir: string): string | undefined {
  const id = name.replace(/^<rootDir>/, rootDir);
  const jestConfig = Object.keys(require.cache).find((file) => file.includes(`${path.sep}jest-config${path.sep}build${path.sep}`));
  for (const paths of [[rootDir], jestConfig ? [path.dirname(jestConfig)] : []]) {
    if (paths.length === 0) continue;
    try {
      return require.resolve(id, { paths });
    } catch {
      // Next place.
    }
  }
  return undefined;
}

/** Our version, which keys Jest's transform cache of counted files. */
function packageVersion(): string {
  try {
    return (require(path.resolve(__dirname, '..', '..', '..', 'package.json')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * Wraps a config's test environment in ours, which records the files tests read with `fs`; inline
 * `projects` too. A project given as a path keeps its own environment: set
 * `testEnvironment: 'jest-difftest/environment'` in it (see docs/recipes.md).
 */
function withEnvironment<T extends Config.InitialOptions>(config: T, ownCoverage: boolean): T {
  const projects = config.projects?.map((project: ProjectEntry) =>
    typeof project === 'object' && project !== null ? withEnvironment(project as Config.InitialOptions, ownCoverage) : project,
  );
  return {
    ...config,
    ...(projects ? { projects } : {}),
    testEnvironment: require.resolve('./environment'),
    testEnvironmentOptions: {
      ...config.testEnvironmentOptions,
      [INNER_ENVIRONMENT]: config.testEnvironment ?? 'node',
      ...(ownCoverage ? { [OWN_COVERAGE]: true } : {}),
    },
  };
}

/** The directory of the file that called `withDiffTest` (the Jest config), from the call stack. */
function callerDirectory(): string | undefined {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  for (const frame of frames) {
    const file = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):\d+:\d+\)?$/.exec(frame.trim())?.[1];
    if (!file || file.startsWith(__dirname) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
    return path.dirname(file.replace(/^file:\/\//, ''));
  }
  return undefined;
}
