import xxhash from 'xxhash-wasm';
import type { Hasher } from '../src/core/types';

let loading: Promise<Hasher> | undefined;

/**
 * The real {@link Hasher}: xxHash64 (seed 0) from xxhash-wasm, compiled once per process on first use.
 * Every later call returns the same promise.
 *
 * @example
 * const hasher = await loadHasher();
 * hasher.hashString('a'); // => 15154266338359012955n
 */
export function loadHasher(): Promise<Hasher> {
  loading ??= xxhash().then(
    (api): Hasher => ({
      hashString: (text) => api.h64(text),
      hashBytes: (bytes) => api.h64Raw(bytes),
    }),
    (error: unknown) => {
      // Let a later call try again rather than keep a failed load forever.
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
