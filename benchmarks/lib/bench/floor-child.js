'use strict';
/**
 * The selection's floor in a fresh process: what a first call of planRun pays for the same job
 * (benchmarks/selection.js), with nothing of it done before in the process:
 *
 *   node floor-child.js LIST_FILE
 *
 * LIST_FILE holds `{"known": [absolute paths], "changed": [absolute paths]}`. Loads the hasher
 * (untimed: planRun loads it while it reads the data file), then times one `fs.statSync` of every
 * known file and reading and xxHash64-hashing the changed ones ({@link floorPass}). Prints `{"ms": N}`.
 */
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..', '..');

/**
 * One pass of the floor's job: `fs.statSync` of every known file, reading and hashing the changed
 * ones. Returns its time in ms. Shared with plan-child.js, which repeats it in its process.
 */
function floorPass(known, changed, hasher) {
  const { fileHash } = require(path.join(REPO, 'dist', 'src', 'core', 'blocks.js'));
  const started = process.hrtime.bigint();
  let found = 0;
  for (const file of known) if (fs.statSync(file, { throwIfNoEntry: false })) found++;
  for (const file of changed) fileHash(fs.readFileSync(file), hasher);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (found === 0) throw new Error('none of the known files exists');
  return ms;
}

async function main() {
  const { known, changed } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const { loadHasher } = require(path.join(REPO, 'dist', 'wasm', 'hasher.js'));
  const hasher = await loadHasher();
  process.stdout.write(`${JSON.stringify({ ms: floorPass(known, changed, hasher) })}\n`);
}

module.exports = { floorPass };

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  });
}
