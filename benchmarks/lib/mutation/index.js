'use strict';
/**
 * Mutants of a project: find the units and sites of its source and data files, choose N of them
 * with a seed, apply one at a time, and always put the original bytes back.
 *
 * @typedef {{index: number, file: string, unit: string, unitKind: string, kind: string, line: number,
 *   start: number, end: number, original: string, replacement: string, path?: string}} Mutant
 */
const fs = require('fs');
const path = require('path');
const { Rng } = require('../rng');
const { codeUnits } = require('./sites');
const { jsonUnits } = require('./json');

const CODE = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const SKIP_DIRS = new Set(['node_modules', 'coverage', 'dist', 'build', '__snapshots__']);
const SKIP_JSON = /(^|\/)(package|package-lock|tsconfig[\w.-]*|jsconfig|difftest-generated)\.json$/;
const CONFIG = /(^|\/)([\w.-]+\.config\.[cm]?[jt]s|\.[\w-]+rc\.[cm]?js)$/;

/** Unit kinds, in the order a report lists them. */
const UNIT_KINDS = ['function', 'method', 'getter', 'static', 'arrow', 'constant', 'json', 'type'];

/**
 * Every unit of the project's source and data files with at least one mutation site. Test files
 * (as Jest lists them), declaration files, config files, hidden and generated directories are left out.
 * @param {string} root the project directory
 * @param {Set<string>} testFiles absolute paths of the test files
 * @returns {import('./sites').Unit[]}
 */
function collectUnits(root, testFiles) {
  const units = [];
  for (const abs of walk(root)) {
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (testFiles.has(abs)) continue;
    if (CODE.test(rel) && !rel.endsWith('.d.ts') && !CONFIG.test(rel) && !/\.(test|spec)\.[cm]?[jt]sx?$/.test(rel)) {
      units.push(...codeUnits(rel, fs.readFileSync(abs, 'utf8')));
    } else if (rel.endsWith('.json') && rel.includes('/') && !SKIP_JSON.test(rel)) {
      units.push(...jsonUnits(rel, fs.readFileSync(abs, 'utf8')));
    }
  }
  return units;
}

function* walk(dir) {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const abs = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* walk(abs);
    } else if (entry.isFile()) {
      yield abs;
    }
  }
}

/**
 * Chooses `count` mutants: unit kinds take turns (in an order shuffled by the seed) so that even a
 * few mutants cover functions, methods, getters, constants and data files; within a kind a unit
 * is drawn at random (each unit at most once), and within a unit the site kind used least so far.
 * The same units, count and seed give the same list; `--only K` replays its K-th entry.
 * @param {import('./sites').Unit[]} units
 * @param {{count: number, seed: number, kinds?: string[]}} options
 * @param {(file: string) => string} read the current text of a project file
 * @returns {Mutant[]}
 */
function chooseMutants(units, { count, seed, kinds = UNIT_KINDS }, read) {
  const rng = Rng.derive(seed, 'mutants');
  const pools = new Map();
  for (const kind of rng.shuffle(UNIT_KINDS.filter((k) => kinds.includes(k)))) {
    const pool = units.filter((u) => u.kind === kind);
    if (pool.length > 0) pools.set(kind, rng.shuffle(pool));
  }
  const siteUse = new Map();
  const mutants = [];
  while (mutants.length < count && pools.size > 0) {
    for (const [kind, pool] of pools) {
      if (mutants.length >= count) break;
      const unit = pool.pop();
      if (pool.length === 0) pools.delete(kind);
      const available = [...new Set(unit.sites.map((s) => s.kind))];
      const least = Math.min(...available.map((k) => siteUse.get(k) ?? 0));
      const siteKind = rng.pick(available.filter((k) => (siteUse.get(k) ?? 0) === least));
      siteUse.set(siteKind, least + 1);
      const site = rng.pick(unit.sites.filter((s) => s.kind === siteKind));
      const text = read(unit.file);
      mutants.push({
        index: mutants.length + 1,
        file: unit.file,
        unit: unit.name,
        unitKind: unit.kind,
        kind: site.kind,
        line: site.line,
        start: site.start,
        end: site.end,
        original: text.slice(site.start, site.end),
        replacement: site.replacement,
        ...(site.path ? { path: site.path } : {}),
      });
    }
  }
  return mutants;
}

/** A one-line description: `src/a/b.ts:12 computeB() comparison '<' → '>='`. */
function describeMutant(m) {
  const shorten = (s) => (s.length > 40 ? `${s.slice(0, 37)}...` : s);
  const where = m.path ? `${m.file} ${m.path}` : `${m.file}:${m.line} ${m.unit}`;
  return `${where} ${m.kind} ${shorten(m.original)} → ${shorten(m.replacement)}`;
}

/**
 * Writes mutants into files and puts the original bytes back, synchronously, whatever happens:
 * on `restore()`, on process exit, and on SIGINT, SIGTERM and SIGHUP (then it exits 130/143/129).
 */
class FileGuard {
  /**
   * @param {string} root the project directory
   * @param {{onSignal?: () => void}} [hooks] called on a signal after the files are restored
   *   (stop child processes there)
   */
  constructor(root, hooks = {}) {
    this.root = root;
    /** @type {Map<string, Buffer>} absolute path -> original bytes */
    this.originals = new Map();
    this.onExit = () => this.restoreAll();
    this.onSignal = (signal) => {
      this.restoreAll();
      if (hooks.onSignal) hooks.onSignal();
      process.stderr.write(`\nsafety: ${signal}: the project is restored\n`);
      process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 }[signal] ?? 0));
    };
    process.on('exit', this.onExit);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, this.onSignal);
  }

  /**
   * Applies a mutant; the file must still hold the text the mutant was chosen from.
   * @param {Mutant} mutant
   */
  apply(mutant) {
    const abs = path.join(this.root, mutant.file);
    const before = fs.readFileSync(abs);
    const text = before.toString('utf8');
    if (text.slice(mutant.start, mutant.end) !== mutant.original) {
      throw new Error(`${mutant.file} changed since the mutants were chosen: expected ${JSON.stringify(mutant.original)} at offset ${mutant.start}`);
    }
    if (!this.originals.has(abs)) this.originals.set(abs, before);
    const mutated = text.slice(0, mutant.start) + mutant.replacement + text.slice(mutant.end);
    fs.writeFileSync(abs, mutated);
  }

  /** Puts every file back as it was; returns the files whose bytes then differ (should be none). */
  restoreAll() {
    const failed = [];
    for (const [abs, bytes] of this.originals) {
      try {
        fs.writeFileSync(abs, bytes);
        if (!fs.readFileSync(abs).equals(bytes)) failed.push(abs);
        else this.originals.delete(abs);
      } catch (error) {
        failed.push(`${abs}: ${error.message}`);
      }
    }
    return failed;
  }

  /** Restores everything and stops listening for exit and signals. */
  dispose() {
    const failed = this.restoreAll();
    process.removeListener('exit', this.onExit);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeListener(signal, this.onSignal);
    return failed;
  }
}

module.exports = { collectUnits, chooseMutants, describeMutant, FileGuard, UNIT_KINDS };
