import type { Test } from '@jest/test-result';
import type { ShardOptions } from '@jest/test-sequencer';

/**
 * This shard's part of the selected tests. Every shard computes the same selection from the same
 * data, so a deterministic split (longest first onto the least loaded shard, ties broken by path)
 * runs each selected test exactly once across shards, with recorded durations balancing the load.
 */
export function shardSlice(
  tests: readonly Test[],
  { shardIndex, shardCount }: ShardOptions,
  keyOf: (test: Test) => string,
  durationOf: (test: Test) => number | undefined,
): Test[] {
  const known = tests.map(durationOf).filter((d): d is number => typeof d === 'number' && d > 0);
  const fallback = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const weighted = tests
    .map((test) => ({ test, key: keyOf(test), weight: durationOf(test) || fallback }))
    .sort((a, b) => b.weight - a.weight || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const loads = new Array<number>(shardCount).fill(0);
  const mine: Test[] = [];
  for (const { test, weight } of weighted) {
    let target = 0;
    for (let i = 1; i < shardCount; i++) if (loads[i]! < loads[target]!) target = i;
    loads[target]! += weight;
    if (target === shardIndex - 1) mine.push(test);
  }
  return mine;
}
