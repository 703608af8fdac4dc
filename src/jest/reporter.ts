import type { AggregatedResult, Test, TestContext, TestResult } from '@jest/test-result';
import type { Config } from '@jest/types';
import { saveRun } from '../store';
import type { Provenance, TestRun } from '../store/types';
import { currentCommit } from './git';
import { loadHasher } from '../../wasm/hasher';
import { formatOutsideEnvironment, formatSaved } from './messages';
import { resolveOptions, type DiffTestOptions, type ResolvedOptions } from './options';
import { mergeRuns } from './mergeRuns';
import { Recorder } from './record';
import { takeRunState, type RunState } from './runState';
import { withdrawCasePlan } from './casePlan';
import { receiveLogs } from './environmentLog';

/**
 * Jest reporter that records, for each test file that ran, the checksums of the code blocks its
 * coverage executed, and saves them to the data file when the run completes. It never fails the
 * user's run unless `strict` is set; problems are printed as `jest-difftest:` warnings.
 *
 * @example
 * // jest.config.js
 * module.exports = { reporters: ['default', ['jest-difftest/reporter', { env: 'ci' }]] };
 */
export default class DiffTestReporter {
  private readonly options: ResolvedOptions;
  private state: RunState | undefined;
  private recorder: Promise<Recorder> | undefined;
  private runs: TestRun[] = [];
  private lastError: Error | undefined;

  /** `-t`: the tests it leaves out run nothing, so what a test file ran is not all it depends on. */
  private readonly namePattern: boolean;

  /** @throws {TypeError} for an unknown option or a value of the wrong type. */
  constructor(globalConfig: Config.GlobalConfig, options?: DiffTestOptions) {
    this.options = resolveOptions(options, process.env);
    this.namePattern = Boolean(globalConfig?.testNamePattern);
  }

  onRunStart(): void {
    this.state = takeRunState();
    this.recorder = undefined;
    this.runs = [];
    this.lastError = undefined;
    receiveLogs(this.state?.options.collect === true);
  }

  async onTestFileResult(test: Test, result: TestResult): Promise<void> {
    const { state } = this;
    if (!state || !state.options.collect) return;
    try {
      this.recorder ??= loadHasher().then((hasher) => new Recorder(state, hasher));
      const run = (await this.recorder).record(test, result);
      // The next run without -t runs the file again, and records all of it.
      if (this.namePattern) run.forced = true;
      this.runs.push(run);
    } catch (error) {
      this.problem(`could not record ${test.path}: ${(error as Error).message}. It will run again next time.`, error);
    }
  }

  async onRunComplete(_contexts?: Set<TestContext>, _results?: AggregatedResult): Promise<void> {
    const { state } = this;
    withdrawCasePlan();
    receiveLogs(false);
    if (!this.options.enabled) return;
    if (!state) {
      this.problem('the reporter ran without the sequencer, so nothing was recorded. Set testSequencer: "jest-difftest/sequencer" (or use withDiffTest) in your Jest config.');
      return;
    }
    const saved = formatSaved(state.skippedCount, state.skippedMs);
    if (state.options.collect && (this.runs.length > 0 || state.removedTests.length > 0)) {
      try {
        const recorder = await this.recorder;
        const result = await saveRun(state.dataFile, {
          environment: state.environment,
          tests: mergeRuns(this.runs),
          files: recorder ? recorder.fileStates() : [...state.current.values()].flatMap((c) => (c ? [c.state] : [])),
          removedTests: state.removedTests,
          resetEnvironment: state.resetEnvironment,
          provenance: provenance(state.root),
        });
        for (const warning of result.warnings) this.problem(warning);
      } catch (error) {
        this.problem(`could not save ${state.dataFile}: ${(error as Error).message}. The next run selects from the previous data.`, error);
      }
    }
    const outside = (await this.recorder)?.outsideEnvironment ?? [];
    if (outside.length > 0) process.stderr.write(`${formatOutsideEnvironment(outside)}\n`);
    if (saved) process.stderr.write(`${saved}\n`);
  }

  /** A returned error fails the run: only in strict mode. */
  getLastError(): Error | undefined {
    return this.options.strict ? this.lastError : undefined;
  }

  private problem(message: string, cause?: unknown): void {
    const text = message.startsWith('jest-difftest:') ? message : `jest-difftest: ${message}`;
    process.stderr.write(`${text}\n`);
    this.lastError ??= cause instanceof Error ? cause : new Error(text);
  }
}

function provenance(root: string): Provenance {
  const commit = currentCommit(root);
  return commit ? { savedAt: Date.now(), commit } : { savedAt: Date.now() };
}

module.exports = DiffTestReporter;
module.exports.default = DiffTestReporter;
