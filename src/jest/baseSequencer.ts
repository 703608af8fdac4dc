import type TestSequencer from '@jest/test-sequencer';
import { requireFromJest } from './fromJest';

/** Jest's own sequencer class, from the Jest that is running. */
export function loadBaseSequencer(): typeof TestSequencer {
  const loaded = requireFromJest<{ default?: typeof TestSequencer } & typeof TestSequencer>('@jest/test-sequencer');
  return loaded.default ?? loaded;
}
