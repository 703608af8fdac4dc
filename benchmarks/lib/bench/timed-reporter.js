'use strict';
/**
 * jest-difftest's reporter with a stopwatch: the time spent in its hooks (main process), written as
 * JSON to the file named by `DIFFTEST_BENCH_REPORTER_OUT` when the run completes.
 *
 *   jest --reporters=default --reporters=<this file>
 *
 * `onTestFileResult` (turning one test file's coverage into fingerprints) is summed over the run;
 * `onRunComplete` is the save (lock, re-read, merge, write, rename). Jest awaits each hook, so their
 * time is the reporter's share of the main process.
 */
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const DiffTestReporter = require(path.join(REPO, 'dist', 'src', 'jest', 'reporter.js'));

const now = () => Number(process.hrtime.bigint()) / 1e6;

class TimedReporter extends DiffTestReporter {
  constructor(globalConfig, options) {
    super(globalConfig, options);
    this.timings = { files: 0, fileResultMs: 0, fileResultMaxMs: 0, runCompleteMs: 0 };
  }

  onRunStart(...args) {
    this.timings = { files: 0, fileResultMs: 0, fileResultMaxMs: 0, runCompleteMs: 0 };
    return super.onRunStart(...args);
  }

  async onTestFileResult(...args) {
    const started = now();
    await super.onTestFileResult(...args);
    const ms = now() - started;
    this.timings.files++;
    this.timings.fileResultMs += ms;
    this.timings.fileResultMaxMs = Math.max(this.timings.fileResultMaxMs, ms);
  }

  async onRunComplete(...args) {
    const started = now();
    await super.onRunComplete(...args);
    this.timings.runCompleteMs = now() - started;
    const out = process.env.DIFFTEST_BENCH_REPORTER_OUT;
    if (out) fs.writeFileSync(out, `${JSON.stringify(this.timings)}\n`);
  }
}

module.exports = TimedReporter;
