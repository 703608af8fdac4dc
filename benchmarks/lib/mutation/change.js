'use strict';

/**
 * A clearly different number: 0 → 1, otherwise n → 2n + 1. (n → n + 1 often lands on the same side
 * of every threshold a test probes: a mutant that breaks nothing checks nothing.)
 */
function changeNumber(value) {
  return String(value === 0 ? 1 : value * 2 + 1);
}

module.exports = { changeNumber };
