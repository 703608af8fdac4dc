import { AsyncLocalStorage } from 'async_hooks';
import { watchMethods } from './watchMethods';

type Storage = AsyncLocalStorage<unknown> & { enabled?: boolean };

/**
 * Disables, when a test file ends, the `AsyncLocalStorage` instances it enabled. Jest 30's
 * jest-circus makes one in every test file and leaves it enabled; Node's `async_hooks`
 * implementation of them (Node before 24, unless `--experimental-async-context-frame`) keeps every
 * enabled instance for good and copies each one's store onto every promise and other async resource
 * created after. A process that has run N test files (all of them in band, hundreds in a worker) pays
 * N property writes on every `await`: plain Jest's test files ran four times slower at the end of a
 * 2,000-file run than at its start (docs/benchmarks.md). The test file's code has finished by then,
 * and a store enabled again later (`run`, `enterWith`) works as before.
 */
export class EnabledStores {
  private readonly enabled = new Set<Storage>();
  private restore: (() => void) | undefined;

  start(): void {
    // The async-context-frame implementation keeps no list of stores: nothing accumulates.
    if (this.restore || typeof (AsyncLocalStorage.prototype as unknown as { _propagate?: unknown })._propagate !== 'function') return;
    this.restore = watchMethods(AsyncLocalStorage.prototype, ['run', 'enterWith'], (self) => {
      const storage = self as Storage;
      if (storage.enabled === false) this.enabled.add(storage);
    });
  }

  /** Stops watching and disables the stores enabled since {@link start}. */
  finish(): void {
    this.restore?.();
    this.restore = undefined;
    for (const storage of this.enabled) storage.disable();
    this.enabled.clear();
  }
}
