import type { Config } from '@jest/types';
import { resolveOptions, type DiffTestOptions } from './options';
import * as path from 'path';
import { setConfigSeen } from './runState';
import { INNER_ENVIRONMENT } from './environment';
import { OWN_COVERAGE } from './ranCoverage';

/**
 * Adds jest-difftest to a Jest config: the sequencer, the reporter beside the existing reporters, an
 * environment wrapping the configured one (it records the files tests read with `fs`),
 * coverage collection without printing or writing a report (unless the config already collected
 * coverage; the environment then keeps Jest from copying coverage it would not use), and `passWithNoTests` so that "nothing affected" exits 0.
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
  setConfigSeen({ options, rootDir: configDir && path.resolve(configDir, config.rootDir ?? '.') });
  const askedForCoverage = config.collectCoverage === true;
  const result: Config.InitialOptions = {
    ...withEnvironment(config, !askedForCoverage),
    testSequencer: require.resolve('./sequencer'),
    reporters: [...(config.reporters ?? ['default']), [require.resolve('./reporter'), { ...options }]],
    collectCoverage: true,
    passWithNoTests: config.passWithNoTests ?? true,
  };
  if (!askedForCoverage) {
    // Coverage is on for recording only: no report, and no thresholds checked against a partial run.
    result.coverageReporters = ['none'];
    delete result.coverageThreshold;
  }
  return result as T;
}

type ProjectEntry = NonNullable<Config.InitialOptions['projects']>[number];

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
