import { DiffTestError } from '../errors';

/** A bad option value or an unknown option name, found where the options are read. */
export class InvalidOptionError extends TypeError {
  readonly code = 'DIFFTEST_INVALID_OPTION';
  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`jest-difftest: option "${option}" must be ${expected}, got ${JSON.stringify(value) ?? String(value)}. Fix it in your Jest config or environment.`);
    this.name = 'InvalidOptionError';
  }
}

/** A `--diff-*` flag the command does not know. */
export class UnknownFlagError extends DiffTestError {
  readonly code = 'DIFFTEST_UNKNOWN_FLAG';
  constructor(flag: string, valid: readonly string[]) {
    super(`unknown flag ${flag}. Valid flags: ${valid.join(', ')}.`);
  }
}

/** A flag that needs a value was given none. */
export class MissingFlagValueError extends DiffTestError {
  readonly code = 'DIFFTEST_MISSING_FLAG_VALUE';
  constructor(flag: string) {
    super(`${flag} needs a value, e.g. ${flag} node20.`);
  }
}

/** A subcommand given the wrong arguments. */
export class UsageError extends DiffTestError {
  readonly code = 'DIFFTEST_USAGE';
  constructor(problem: string, usage: string) {
    super(`${problem}. Usage: ${usage}`);
  }
}
