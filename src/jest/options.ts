import { InvalidOptionError } from './errors';

/**
 * Options of jest-difftest. Give them to the reporter entry
 * (`['jest-difftest/reporter', { env: 'ci' }]`) or to `withDiffTest(config, options)`; the
 * `JEST_DIFFTEST_*` environment variables (and the `jest-difftest` command's `--diff-*` flags, which
 * set them) take precedence.
 */
export interface DiffTestOptions {
  /**
   * Turn jest-difftest off: every test runs, nothing is recorded. Env: `JEST_DIFFTEST=0`; flag `--no-diff`.
   * @default true
   */
  enabled?: boolean;
  /**
   * The data file, relative to Jest's `rootDir` (or absolute). Env: `JEST_DIFFTEST_DATAFILE`.
   * @default '.difftestdata'
   */
  dataFile?: string;
  /**
   * A data file recorded elsewhere (a CI artifact or cache), relative to `rootDir` or absolute: merged
   * into the data file before selecting, newest record of each test winning. Content hashes make it
   * valid on another machine. Env: `JEST_DIFFTEST_BASELINE`; flag `--diff-baseline PATH`.
   * @default '' (none)
   */
  baseline?: string;
  /**
   * Name of the environment the data belongs to: data of one environment never selects tests in
   * another (one per Node version or CI job, say). Env: `JEST_DIFFTEST_ENV`; flag `--diff-env NAME`.
   * @default 'default'
   */
  env?: string;
  /**
   * Select the affected tests. `false` runs every test and still records. Env:
   * `JEST_DIFFTEST_SELECT=0`; flag `--diff-noselect`.
   * @default true
   */
  select?: boolean;
  /**
   * Record what the tests executed. `false` selects but records nothing. Env:
   * `JEST_DIFFTEST_COLLECT=0`; flag `--diff-nocollect`.
   * @default true
   */
  collect?: boolean;
  /**
   * Forget the recorded data of this environment, run every test and record afresh. Env:
   * `JEST_DIFFTEST_REBUILD=1`; flag `--diff-rebuild`.
   * @default false
   */
  rebuild?: boolean;
  /**
   * Select even when tests were named on the command line (path patterns, `-t`); by default a run
   * that names its tests runs them all. Env: `JEST_DIFFTEST_FORCESELECT=1`; flag `--diff-forceselect`.
   * @default false
   */
  forceSelect?: boolean;
  /**
   * Print why each selected test file runs. Env: `JEST_DIFFTEST_EXPLAIN=1`; flag `--diff-explain`.
   * @default false
   */
  explain?: boolean;
  /**
   * Go below the test file: record what each test case (`it`/`test`) executes and, in a selected
   * file, skip the cases that ran none of what changed (Jest shows them as skipped). A change to
   * module-level code, to `beforeAll`/`afterAll` or to the test file runs the whole file. Off by
   * default because one assumption is not checked: that a case does not depend on state an earlier
   * case of the file left behind. Needs the `babel` coverage provider (Jest's default) and
   * `jest-difftest/environment` (which `withDiffTest` sets up). Env: `JEST_DIFFTEST_TESTCASES=1`;
   * flag `--diff-testcases`.
   * @default false
   */
  testCases?: boolean;
  /**
   * Fail the run (through the reporter's `getLastError`) when the data cannot be read or written,
   * instead of warning. Env: `JEST_DIFFTEST_STRICT=1`.
   * @default false
   */
  strict?: boolean;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<DiffTestOptions>;

export const DEFAULT_OPTIONS: ResolvedOptions = Object.freeze({
  enabled: true,
  dataFile: '.difftestdata',
  baseline: '',
  env: 'default',
  select: true,
  collect: true,
  rebuild: false,
  forceSelect: false,
  explain: false,
  testCases: false,
  strict: false,
});

type Kind = 'boolean' | 'string';
const KINDS: Record<keyof DiffTestOptions, Kind> = {
  enabled: 'boolean',
  dataFile: 'string',
  baseline: 'string',
  env: 'string',
  select: 'boolean',
  collect: 'boolean',
  rebuild: 'boolean',
  forceSelect: 'boolean',
  explain: 'boolean',
  testCases: 'boolean',
  strict: 'boolean',
};

/** Environment variable of each option. */
export const ENV_VARS: Record<keyof DiffTestOptions, string> = {
  enabled: 'JEST_DIFFTEST',
  dataFile: 'JEST_DIFFTEST_DATAFILE',
  baseline: 'JEST_DIFFTEST_BASELINE',
  env: 'JEST_DIFFTEST_ENV',
  select: 'JEST_DIFFTEST_SELECT',
  collect: 'JEST_DIFFTEST_COLLECT',
  rebuild: 'JEST_DIFFTEST_REBUILD',
  forceSelect: 'JEST_DIFFTEST_FORCESELECT',
  explain: 'JEST_DIFFTEST_EXPLAIN',
  testCases: 'JEST_DIFFTEST_TESTCASES',
  strict: 'JEST_DIFFTEST_STRICT',
};

/**
 * Checks options given in a config and fills in defaults, then applies `JEST_DIFFTEST_*` variables.
 *
 * @throws {InvalidOptionError} (a `TypeError`) naming the option and the bad value.
 * @example
 * resolveOptions({ env: 'node20' }, process.env).env // 'node20'
 */
export function resolveOptions(raw: unknown, env: NodeJS.ProcessEnv = {}): ResolvedOptions {
  const result: Record<string, unknown> = { ...DEFAULT_OPTIONS };
  if (raw !== undefined && raw !== null) {
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      throw new InvalidOptionError('options', raw, 'an object');
    }
    for (const [name, value] of Object.entries(raw)) {
      if (value === undefined) continue;
      const kind = KINDS[name as keyof DiffTestOptions];
      if (!kind) throw new InvalidOptionError(name, value, `one of the known options (${Object.keys(KINDS).join(', ')})`);
      if (typeof value !== kind) throw new InvalidOptionError(name, value, `a ${kind}`);
      if (kind === 'string' && value === '') throw new InvalidOptionError(name, value, 'a non-empty string');
      result[name] = value;
    }
  }
  for (const [name, variable] of Object.entries(ENV_VARS) as Array<[keyof DiffTestOptions, string]>) {
    const text = env[variable];
    if (text === undefined || text === '') continue;
    result[name] = KINDS[name] === 'boolean' ? parseBoolean(variable, text) : text;
  }
  return result as ResolvedOptions;
}

function parseBoolean(variable: string, text: string): boolean {
  const lower = text.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  throw new InvalidOptionError(variable, text, '1 or 0 (true or false)');
}
