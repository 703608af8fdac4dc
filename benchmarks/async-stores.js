#!/usr/bin/env node
'use strict';
/**
 * What an `await` costs with N `AsyncLocalStorage` instances left enabled, as Jest 30 leaves one per
 * test file in the process that ran it (docs/benchmarks.md, large tables 2 and 3), and after they are
 * disabled, as jest-difftest's environment does when a test file ends (src/jest/asyncStores.ts).
 * Needs no project and no build.
 *
 *   node benchmarks/async-stores.js [--runs N] [--awaits N]
 *
 * Prints the median of N runs (default 5) of a loop of `--awaits` (default 20,000) `await null`,
 * in ns per await.
 */
const { AsyncLocalStorage } = require('async_hooks');
const { median, table } = require('./lib/bench/stats');

const args = process.argv.slice(2);
const flag = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const RUNS = flag('--runs', 5);
const AWAITS = flag('--awaits', 20000);
const COUNTS = [0, 10, 100, 500, 1000, 2000];

async function nsPerAwait() {
  const samples = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < AWAITS; i++) await null;
    samples.push(Number(process.hrtime.bigint() - start) / AWAITS);
  }
  return median(samples);
}

async function main() {
  const implementation = typeof AsyncLocalStorage.prototype._propagate === 'function' ? 'async_hooks (a list of enabled stores)' : 'async context frame (no list)';
  const enabled = [];
  const rows = [];
  for (const count of COUNTS) {
    while (enabled.length < count) {
      const storage = new AsyncLocalStorage();
      storage.run({}, () => undefined);
      enabled.push(storage);
    }
    rows.push([`${count} enabled`, (await nsPerAwait()).toFixed(0)]);
  }
  for (const storage of enabled) storage.disable();
  rows.push([`${enabled.length} disabled`, (await nsPerAwait()).toFixed(0)]);
  console.log(`### The cost of an await with AsyncLocalStorage instances left enabled\n`);
  console.log(table(['stores', 'ns per await (median)'], rows));
  console.log(`\nNode ${process.version}, ${implementation}; medians of ${RUNS} loops of ${AWAITS} awaits.`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
