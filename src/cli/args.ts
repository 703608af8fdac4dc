import { MissingFlagValueError, UnknownFlagError } from '../jest/errors';
import { ENV_VARS } from '../jest/options';

/** Each flag of ours and the environment variable (and value) it sets for the sequencer and reporter. */
const SWITCHES: Record<string, [variable: string, value: string]> = {
  '--diff-rebuild': [ENV_VARS.rebuild, '1'],
  '--diff-noselect': [ENV_VARS.select, '0'],
  '--diff-nocollect': [ENV_VARS.collect, '0'],
  '--diff-forceselect': [ENV_VARS.forceSelect, '1'],
  '--diff-explain': [ENV_VARS.explain, '1'],
  '--diff-testcases': [ENV_VARS.testCases, '1'],
  '--diff-strict': [ENV_VARS.strict, '1'],
  '--no-diff': [ENV_VARS.enabled, '0'],
};
const VALUED: Record<string, string> = {
  '--diff-env': ENV_VARS.env,
  '--diff-datafile': ENV_VARS.dataFile,
  '--diff-baseline': ENV_VARS.baseline,
};

export const VALID_FLAGS: readonly string[] = [...Object.keys(SWITCHES), ...Object.keys(VALUED).map((f) => `${f} VALUE`)];

export interface ParsedArgs {
  /** Arguments for Jest, ours removed. */
  jestArgs: string[];
  /** Environment variables that carry our flags to the sequencer and reporter. */
  env: Record<string, string>;
}

/**
 * Takes our `--diff-*` flags out of a command line; the rest goes to Jest untouched.
 *
 * @throws {UnknownFlagError} for a `--diff-*` flag we do not know, listing the valid ones.
 * @example
 * parseArgs(['--diff-env', 'ci', '--ci', 'src']) // { jestArgs: ['--ci', 'src'], env: { JEST_DIFFTEST_ENV: 'ci' } }
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const jestArgs: string[] = [];
  const env: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      jestArgs.push(...argv.slice(i));
      break;
    }
    const [name, inline] = splitInline(arg);
    const toggle = SWITCHES[name];
    const variable = VALUED[name];
    if (toggle && inline === undefined) {
      env[toggle[0]] = toggle[1];
    } else if (variable) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || value.startsWith('--')) throw new MissingFlagValueError(name);
      env[variable] = value;
    } else if (name.startsWith('--diff-') || name === '--no-diff') {
      throw new UnknownFlagError(arg, VALID_FLAGS);
    } else {
      jestArgs.push(arg);
    }
  }
  return { jestArgs, env };
}

function splitInline(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq > 0 && arg.startsWith('--') ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}
