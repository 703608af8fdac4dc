import type { Test, TestContext } from '@jest/test-result';
import type { ShardOptions } from '@jest/test-sequencer';
import type { Config } from '@jest/types';
import { loadBaseSequencer } from './baseSequencer';
import { readOptions } from './configOptions';
import type { ResolvedOptions } from './options';
import { planRun, type Plan } from './selection';
import { toStorePath } from './paths';
import { setRunState } from './runState';
import { shardSlice } from './shard';
import { publishCasePlan, withdrawCasePlan } from './casePlan';

const BaseSequencer = loadBaseSequencer();

/**
 * Jest's test sequencer with selection: `sort()` (or `shard()`, which Jest calls first when
 * `--shard` is given) returns only the test files whose result can have changed since they last ran;
 * Jest's own ordering (failed first, then slowest first) applies to what is left.
 *
 * @example
 * // jest.config.js
 * module.exports = { testSequencer: 'jest-difftest/sequencer', reporters: ['default', 'jest-difftest/reporter'] };
 */
export default class DiffTestSequencer extends BaseSequencer {
  private readonly options: ResolvedOptions;
  private readonly globalConfig: Config.GlobalConfig | undefined;
  private selectedAtShard = false;

  /** Jest 30 passes `{contexts, globalConfig}`; Jest 29 passes nothing. */
  constructor(init?: { contexts: ReadonlyArray<TestContext>; globalConfig: Config.GlobalConfig }) {
    super(init as ConstructorParameters<typeof BaseSequencer>[0]);
    this.globalConfig = init?.globalConfig;
    this.options = readOptions(this.globalConfig);
  }

  /** Selects first, then takes this shard's deterministic, duration-balanced slice of the selection. */
  override async shard(tests: Array<Test>, options: ShardOptions): Promise<Array<Test>> {
    this.selectedAtShard = true;
    const plan = await this.select(tests);
    if (!plan) return super.shard(tests, options);
    // Durations from the data file, not Jest's per-machine cache: every shard must split alike.
    const { root } = plan.state;
    return shardSlice(plan.tests, options, (test) => toStorePath(root, test.path), (test) => plan.durationOf(test));
  }

  override async sort(tests: Array<Test>): Promise<Array<Test>> {
    if (this.selectedAtShard) return super.sort(tests);
    const plan = await this.select(tests);
    return super.sort(plan ? plan.tests : tests);
  }

  /** The plan, or `undefined` when off or when selection failed (then every test runs). */
  private async select(tests: Array<Test>): Promise<Plan | undefined> {
    withdrawCasePlan();
    if (!this.options.enabled || tests.length === 0) return undefined;
    try {
      const plan = await planRun(tests, this.options, this.globalConfig);
      setRunState(plan.state);
      if (this.options.testCases) publishCasePlan({ skip: plan.skipCases });
      process.stderr.write(`${plan.lines.join('\n')}\n`);
      return plan;
    } catch (error) {
      // Selection must never break the user's run: when it cannot decide, everything runs.
      process.stderr.write(
        `jest-difftest: selection failed, running all ${tests.length} test files (${(error as Error).message ?? String(error)}). Run with --diff-rebuild if this persists, and report it.\n`,
      );
      return undefined;
    }
  }
}

module.exports = DiffTestSequencer;
module.exports.default = DiffTestSequencer;
