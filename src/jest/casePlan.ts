import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The sequencer's word to the environments in Jest's workers: record per test case, and which cases
 * of which test files to skip. It travels as a file named by an environment variable, which the
 * workers inherit (Jest starts them after the sequencer has run) and which a later, plain `jest`
 * process does not have: a stale plan can never skip a test.
 */
export interface CasePlanFile {
  /** Absolute test file path → names of the cases to skip. */
  skip: Record<string, string[]>;
}

const CASE_PLAN_VARIABLE = 'JEST_DIFFTEST_CASE_PLAN';

/** Writes the plan for this run and points the workers at it. */
export function publishCasePlan(plan: CasePlanFile): void {
  withdrawCasePlan();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-difftest-plan-'));
  const file = path.join(dir, 'plan.json');
  fs.writeFileSync(file, JSON.stringify(plan));
  process.env[CASE_PLAN_VARIABLE] = file;
  // `status` (--listTests) runs no reporter to withdraw it.
  process.once('exit', withdrawCasePlan);
}

/** Removes this run's plan (at the end of the run, or before the next one in watch mode). */
export function withdrawCasePlan(): void {
  process.removeListener('exit', withdrawCasePlan);
  const file = process.env[CASE_PLAN_VARIABLE];
  delete process.env[CASE_PLAN_VARIABLE];
  if (file && path.basename(file) === 'plan.json') fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

let cached: { file: string; plan: CasePlanFile | undefined } | undefined;

/** The plan of the run this worker belongs to; `undefined` outside a per-case run. */
export function readCasePlan(): CasePlanFile | undefined {
  const file = process.env[CASE_PLAN_VARIABLE];
  if (!file) return undefined;
  if (cached?.file !== file) {
    let plan: CasePlanFile | undefined;
    try {
      const value = JSON.parse(fs.readFileSync(file, 'utf8')) as { skip?: unknown };
      if (typeof value.skip === 'object' && value.skip !== null) plan = { skip: value.skip as CasePlanFile['skip'] };
    } catch {
      // No plan that can be read: every case runs and the file is recorded whole, which is safe.
    }
    cached = { file, plan };
  }
  return cached.plan;
}
