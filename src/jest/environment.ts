import * as path from 'path';
import type { EnvironmentContext, JestEnvironment, JestEnvironmentConfig } from '@jest/environment';
import { ReadTracker } from './readTracker';

/** The key in `testEnvironmentOptions` naming the environment this one wraps. */
export const INNER_ENVIRONMENT = 'jestDifftestEnvironment';

const SHORT_NAMES: Record<string, string> = { node: 'jest-environment-node', jsdom: 'jest-environment-jsdom' };

type EnvironmentClass = new (config: JestEnvironmentConfig, context: EnvironmentContext) => JestEnvironment;

/**
 * A test environment that wraps the project's own (`node`, `jsdom` or any other, named in
 * `testEnvironmentOptions.jestDifftestEnvironment`, which `withDiffTest` sets) and records the project
 * files each test file reads through `fs`, so that editing a fixture reruns exactly its readers.
 *
 * @example
 * // jest.config.js, without withDiffTest
 * module.exports = {
 *   testEnvironment: 'jest-difftest/environment',
 *   testEnvironmentOptions: { jestDifftestEnvironment: 'jsdom' },
 * };
 */
export default class DiffTestEnvironment {
  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    const { [INNER_ENVIRONMENT]: inner = 'node', ...options } = config.projectConfig.testEnvironmentOptions as Record<string, unknown>;
    const projectConfig = { ...config.projectConfig, testEnvironmentOptions: options };
    const Inner = loadEnvironment(String(inner), projectConfig.rootDir);
    const environment = new Inner({ ...config, projectConfig }, context);
    const tracker = new ReadTracker(projectConfig.rootDir, projectConfig.cacheDirectory);
    const { setup, teardown } = environment;
    environment.setup = async function (this: JestEnvironment) {
      await setup.call(this);
      tracker.start();
    };
    environment.teardown = async function (this: JestEnvironment) {
      tracker.finish(context.testPath);
      await teardown.call(this);
    };
    // A constructor may hand `new` another object: Jest gets the real environment, instrumented.
    return environment as unknown as DiffTestEnvironment;
  }
}

function loadEnvironment(name: string, rootDir: string): EnvironmentClass {
  const id = SHORT_NAMES[name] ?? name;
  const jestRunner = Object.keys(require.cache).find((file) => file.includes(`${path.sep}jest-runner${path.sep}build${path.sep}`));
  const paths = [rootDir, ...(jestRunner ? [path.dirname(jestRunner)] : []), __dirname];
  const loaded = require(require.resolve(id, { paths })) as { default?: EnvironmentClass; TestEnvironment?: EnvironmentClass } & EnvironmentClass;
  return loaded.TestEnvironment ?? loaded.default ?? loaded;
}

module.exports = DiffTestEnvironment;
module.exports.default = DiffTestEnvironment;
module.exports.INNER_ENVIRONMENT = INNER_ENVIRONMENT;
