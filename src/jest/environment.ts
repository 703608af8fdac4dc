import * as path from 'path';
import type { EnvironmentContext, JestEnvironment, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { CaseTracker, caseName, type CaseLog, type StackFormatting } from './caseTracker';
import { readCasePlan } from './casePlan';
import { writeLog } from './environmentLog';
import { EnabledStores } from './asyncStores';
import { ReadTracker } from './readTracker';
import { COUNTERS_GLOBAL, liveCounters, OWN_COVERAGE, ownsCoverage, shelfDirectory, SourceMapShelf, takeCounters, takeRanCoverage, type RanCoverage } from './ranCoverage';

/** The key in `testEnvironmentOptions` naming the environment this one wraps. */
export const INNER_ENVIRONMENT = 'jestDifftestEnvironment';

const SHORT_NAMES: Record<string, string> = { node: 'jest-environment-node', jsdom: 'jest-environment-jsdom' };

type EnvironmentClass = new (config: JestEnvironmentConfig, context: EnvironmentContext) => JestEnvironment;

/**
 * A test environment that wraps the project's own (`node`, `jsdom` or any other, named in
 * `testEnvironmentOptions.jestDifftestEnvironment`, which `withDiffTest` sets) and records the project
 * files each test file reads through `fs`, so that editing a fixture reruns exactly its readers. With
 * the `testCases` option it also splits coverage by test case and skips unaffected cases. Where
 * coverage is on for recording only (`withDiffTest` without `collectCoverage`), it hands the reporter
 * what ran and keeps Jest from copying and merging the whole coverage of every test file. When a test
 * file ends, it disables the `AsyncLocalStorage` instances the file enabled (see `asyncStores.ts`),
 * which would otherwise slow down every later test file in the process.
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
    const { [INNER_ENVIRONMENT]: inner = 'node', [OWN_COVERAGE]: owned, ...options } = config.projectConfig.testEnvironmentOptions as Record<string, unknown>;
    const projectConfig = { ...config.projectConfig, testEnvironmentOptions: options };
    const Inner = loadEnvironment(String(inner), projectConfig.rootDir);
    const environment = new Inner({ ...config, projectConfig }, context);
    // The test file's own counters, before any module registers: a module Jest loaded outside the test
    // realm (this environment, through the project's transform) may have left the name on Node's
    // global, which jest-environment-node would otherwise hand every test realm to share.
    Object.defineProperty(environment.global, COUNTERS_GLOBAL, { value: liveCounters(), writable: true, configurable: true, enumerable: false });
    const reads = new ReadTracker(projectConfig.rootDir, projectConfig.cacheDirectory);
    const stores = new EnabledStores();
    const cases = caseTracking(environment, config, context.testPath);
    const shelf = ownsCoverage(config.globalConfig, owned) ? new SourceMapShelf(shelfDirectory(projectConfig.cacheDirectory)) : undefined;
    let caseLog: CaseLog | undefined;
    let coverage: RanCoverage | undefined;
    if (cases || shelf) {
      listen(environment, (event) => {
        if (event.name !== 'run_finish') cases?.handle(event);
        else if (shelf) {
          // After the last hook, before Jest copies the coverage out: what ran goes to the reporter.
          caseLog = cases?.tracker.finish();
          coverage = takeRanCoverage(environment.global.__coverage__ as never, shelf);
          (environment.global as { __coverage__?: unknown }).__coverage__ = undefined;
        }
      });
    }
    const { setup, teardown } = environment;
    environment.setup = async function (this: JestEnvironment) {
      await setup.call(this);
      reads.start();
      stores.start();
    };
    environment.teardown = async function (this: JestEnvironment) {
      caseLog ??= cases?.tracker.finish();
      const counters = (environment.global as Record<string, unknown>)[COUNTERS_GLOBAL];
      if (counters) coverage = { ...coverage, ...takeCounters(counters as never) };
      writeLog(projectConfig.cacheDirectory, context.testPath, { reads: reads.finish(), ...(caseLog ? { cases: caseLog } : {}), ...(coverage ? { coverage } : {}) });
      try {
        await teardown.call(this);
      } finally {
        stores.finish();
      }
    };
    // A constructor may hand `new` another object: Jest gets the real environment, instrumented.
    return environment as unknown as DiffTestEnvironment;
  }
}

type TestEvent = Circus.AsyncEvent | Circus.SyncEvent;

/** Runs `handle` on each jest-circus event, before the environment's own handler if it has one. */
function listen(environment: JestEnvironment, handle: (event: TestEvent) => void): void {
  const own = environment.handleTestEvent?.bind(environment);
  environment.handleTestEvent = async (event: TestEvent, state: Circus.State) => {
    handle(event);
    await own?.(event as Circus.AsyncEvent, state);
  };
}

/**
 * In a per-test-case run (the sequencer published a plan) with istanbul coverage, splits coverage by
 * case and skips the cases the plan names.
 */
function caseTracking(environment: JestEnvironment, config: JestEnvironmentConfig, testPath: string): { tracker: CaseTracker; handle(event: TestEvent): void } | undefined {
  const plan = readCasePlan();
  const { collectCoverage, coverageProvider } = config.globalConfig;
  if (!plan || (collectCoverage && coverageProvider === 'v8')) return undefined;
  // Our transform's counters, and istanbul's for the files Jest instrumented instead (`--coverage`).
  const live = (): Record<string, unknown> => environment.global as Record<string, unknown>;
  const tracker = new CaseTracker(() => ({ ...(live().__coverage__ as object), ...(live()[COUNTERS_GLOBAL] as object) }) as never, testPath, live().Error as StackFormatting);
  const listed = plan.skip[testPath];
  const skip = new Set(Array.isArray(listed) ? listed.filter((name) => typeof name === 'string') : []);
  const handle = (event: TestEvent): void => {
    switch (event.name) {
      case 'test_start':
        if (skip.has(caseName(event.test))) event.test.mode = 'skip';
        tracker.testStart(event.test);
        break;
      case 'test_skip':
      case 'test_todo':
        tracker.testSkipped(event.test);
        break;
      case 'test_done':
        tracker.testDone(event.test);
        break;
      case 'test_retry':
        tracker.testRetry();
        break;
    }
  };
  return { tracker, handle };
}

/** Environments loaded, by name and project: a worker sets one up for each of its test files. */
const loadedEnvironments = new Map<string, EnvironmentClass>();

function loadEnvironment(name: string, rootDir: string): EnvironmentClass {
  const key = `${name}\0${rootDir}`;
  let loaded = loadedEnvironments.get(key);
  if (!loaded) {
    loaded = resolveEnvironment(name, rootDir);
    loadedEnvironments.set(key, loaded);
  }
  return loaded;
}

function resolveEnvironment(name: string, rootDir: string): EnvironmentClass {
  const id = SHORT_NAMES[name] ?? name;
  const jestRunner = Object.keys(require.cache).find((file) => file.includes(`${path.sep}jest-runner${path.sep}build${path.sep}`));
  const paths = [rootDir, ...(jestRunner ? [path.dirname(jestRunner)] : []), __dirname];
  const loaded = require(require.resolve(id, { paths })) as { default?: EnvironmentClass; TestEnvironment?: EnvironmentClass } & EnvironmentClass;
  return loaded.TestEnvironment ?? loaded.default ?? loaded;
}

module.exports = DiffTestEnvironment;
module.exports.default = DiffTestEnvironment;
module.exports.INNER_ENVIRONMENT = INNER_ENVIRONMENT;
