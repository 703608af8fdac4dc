/**
 * Every condition jest-difftest reports is a class with a stable `code` and a message that starts
 * with `jest-difftest:` and names the fix.
 */
export abstract class DiffTestError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(`jest-difftest: ${message}`, options);
    this.name = new.target.name;
  }
}
