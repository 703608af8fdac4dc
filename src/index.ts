/**
 * jest-difftest: run only the Jest tests affected by a change.
 *
 * Jest config entry points: `jest-difftest/sequencer` and `jest-difftest/reporter`, or `withDiffTest`.
 */
export { withDiffTest } from './jest/config';
export type { DiffTestOptions } from './jest/options';
export { resolveOptions, DEFAULT_OPTIONS, ENV_VARS } from './jest/options';
export { InvalidOptionError, UnknownFlagError, MissingFlagValueError } from './jest/errors';
export { DiffTestError } from './errors';
