import type { Config } from '@jest/types';
import { resolveOptions, type DiffTestOptions } from './options';
import { setConfigOptions } from './runState';
import { INNER_ENVIRONMENT } from './environment';

/**
 * Adds jest-difftest to a Jest config: the sequencer, the reporter beside the existing reporters, an
 * environment wrapping the configured one (it records the files tests read with `fs`),
 * coverage collection without printing or writing a report (unless the config already collected
 * coverage), and `passWithNoTests` so that "nothing affected" exits 0.
 *
 * @throws {TypeError} for an unknown option or a value of the wrong type.
 * @example
 * // jest.config.js
 * const { withDiffTest } = require('jest-difftest');
 * module.exports = withDiffTest({ testEnvironment: 'node' }, { env: process.env.CI ? 'ci' : 'local' });
 */
export function withDiffTest<T extends Config.InitialOptions>(config: T, options: DiffTestOptions = {}): T {
  resolveOptions(options);
  setConfigOptions(options);
  const askedForCoverage = config.collectCoverage === true;
  const result: Config.InitialOptions = {
    ...config,
    testSequencer: require.resolve('./sequencer'),
    // Wraps the project's environment to record the files tests read with fs.
    testEnvironment: require.resolve('./environment'),
    testEnvironmentOptions: { ...config.testEnvironmentOptions, [INNER_ENVIRONMENT]: config.testEnvironment ?? 'node' },
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
