'use strict';
/**
 * The paired benchmark's test order (benchmarks/paired.js): each test file's runs in the config's
 * projects one right after the other, the project that goes first turning with each file, so that a
 * machine whose speed drifts during the run slows both runs of a file alike.
 */
const path = require('path');
const { JEST } = require('./exec');

const Sequencer = require(require.resolve('@jest/test-sequencer', { paths: [path.dirname(JEST)] })).default;

const projectOf = (test) => test.context.config.displayName?.name ?? '';

class PairedSequencer extends Sequencer {
  sort(tests) {
    const byPath = new Map();
    for (const test of tests) byPath.set(test.path, [...(byPath.get(test.path) ?? []), test]);
    const order = [];
    [...byPath.keys()].sort().forEach((file, i) => {
      const group = byPath.get(file).sort((a, b) => projectOf(a).localeCompare(projectOf(b)));
      const turn = i % group.length;
      order.push(...group.slice(turn), ...group.slice(0, turn));
    });
    return order;
  }
}

module.exports = PairedSequencer;
