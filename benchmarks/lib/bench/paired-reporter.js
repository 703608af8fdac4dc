'use strict';
/**
 * The paired benchmark's reporter (benchmarks/paired.js): one JSON line per test file run, with its
 * project and the time Jest measured for it (environment set-up to teardown), appended to the file
 * named by `DIFFTEST_BENCH_PAIRED_OUT`.
 */
const fs = require('fs');

class PairedReporter {
  onTestFileResult(test, result) {
    const { start, end } = result.perfStats;
    const line = { project: test.context.config.displayName?.name ?? '', file: test.path, ms: end - start, failed: result.numFailingTests > 0 || Boolean(result.testExecError) };
    fs.appendFileSync(process.env.DIFFTEST_BENCH_PAIRED_OUT, `${JSON.stringify(line)}\n`);
  }
}

module.exports = PairedReporter;
