'use strict';
/**
 * A small seeded random number generator (sfc32 seeded through splitmix32), so that a seed gives the
 * same project and the same mutants on every machine and Node version.
 */

/** @param {number} seed */
function splitmix32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

class Rng {
  /**
   * @param {number | string} seed an integer, or a string (hashed)
   * @example
   * const rng = new Rng(7);
   * rng.int(1, 6); // the same number for seed 7, always
   */
  constructor(seed) {
    const numeric = typeof seed === 'number' ? seed : hashString(String(seed));
    const next = splitmix32(numeric);
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.uint();
  }

  /** @returns {number} an unsigned 32-bit integer */
  uint() {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** @returns {number} a float in [0, 1) */
  next() {
    return this.uint() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability p. */
  chance(p) {
    return this.next() < p;
  }

  /**
   * @template T
   * @param {readonly T[]} items
   * @returns {T}
   */
  pick(items) {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /**
   * A shuffled copy (Fisher–Yates).
   * @template T
   * @param {readonly T[]} items
   * @returns {T[]}
   */
  shuffle(items) {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }

  /**
   * k distinct items, in random order.
   * @template T
   * @param {readonly T[]} items
   * @param {number} k
   * @returns {T[]}
   */
  sample(items, k) {
    return this.shuffle(items).slice(0, Math.max(0, Math.min(k, items.length)));
  }

  /**
   * An independent generator for a seed and a label: the same pair gives the same stream whatever
   * else was drawn before, so adding a package does not reshuffle the others.
   * @param {number | string} seed
   * @param {string} label
   */
  static derive(seed, label) {
    return new Rng(hashString(`${seed}\u0000${label}`));
  }
}

/** FNV-1a, 32 bits. */
function hashString(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

module.exports = { Rng, hashString };
