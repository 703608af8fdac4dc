import * as fs from 'fs';
import * as path from 'path';
import type { IstanbulFileCoverage, IstanbulRange } from '../core/coverage';
import { writeCacheFile } from './cacheFile';

/**
 * The key in `testEnvironmentOptions` by which `withDiffTest` tells the environment that coverage is
 * on for recording only: no report, no threshold. The environment then hands the reporter what ran
 * and takes the coverage away from Jest, which would otherwise copy every loaded file's whole
 * coverage out of each test file and merge it into a report nobody reads.
 */
export const OWN_COVERAGE = 'jestDifftestOwnsCoverage';

/**
 * One instrumented file's istanbul coverage reduced to the statements and functions that ran, which is
 * all a fingerprint needs. The transform's source map, the same in every test file that loads the
 * file, is stored once beside the logs under `sourceMap` (see {@link SourceMapShelf}).
 */
export interface RanFileCoverage {
  statementMap: Record<string, IstanbulRange>;
  s: Record<string, number>;
  fnMap: Record<string, { loc: IstanbulRange; decl?: IstanbulRange }>;
  f: Record<string, number>;
  /** The name the transform's source map is stored under. */
  sourceMap?: string;
  /** The source map itself, when it could not be stored. */
  inputSourceMap?: unknown;
  /** What ran cannot be placed in the file (counters without source positions): every block counts. */
  whole?: boolean;
}

/** The global, in each test file's realm, that holds the function counters of the files it loaded. */
export const COUNTERS_GLOBAL = '__jestDifftestCounters__';

/**
 * How a counted file registers (see `transform.ts`): its counters, new or, when the same file was
 * loaded again with the same code (`jest.isolateModules`), the ones it counts into already. Positions
 * given by a later registration of the same code complete one made without them (a function of the
 * module called during a circular import, before the module's first statement ran).
 */
function register(this: Record<string, LiveCounters>, file: string, hash: string, fn: string | null, length: number): number[] {
  let counters = this[file];
  if (!counters || counters.hash !== hash) counters = this[file] = { hash, fn, f: zeros(length) };
  else if (counters.fn === null) counters.fn = fn;
  return counters.f;
}

/**
 * `length` zeros. Every module of every test file registers, hundreds per test file at large size:
 * built this way the array stays packed, where `new Array(length).fill(0)` made a holey one through a
 * call into the engine, which took most of the time a registration cost.
 */
function zeros(length: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < length; i++) out.push(0);
  return out;
}

/**
 * The counters object of one test realm, which the environment puts in {@link COUNTERS_GLOBAL}: each
 * counted file registers through its `register` method (not enumerable, so only files are listed),
 * compiled once rather than in every module of every test file. Without a prototype it is a
 * dictionary from the start (in V8): an object literal would get a new hidden class for each of the
 * first files to register, in every test file.
 */
export function liveCounters(): Record<string, LiveCounters> {
  return Object.defineProperty(Object.create(null) as Record<string, LiveCounters>, 'register', { value: register });
}

/**
 * One file's counters as the transformed code keeps them in {@link COUNTERS_GLOBAL}: `f[i]` counts
 * entries into function `i`; `fn` gives, per function, `bodyLine:bodyColumn,startLine:startColumn` in
 * the original file (empty where the transform's source map has no counterpart), `;`-separated, or is
 * `null` when positions cannot be placed at all (a transform without a source map).
 */
export interface LiveCounters {
  hash: string;
  fn: string | null;
  f: number[];
}

/** Absolute path → what ran of it. */
export type RanCoverage = Record<string, RanFileCoverage>;

type LiveCoverage = Record<string, IstanbulFileCoverage & { hash?: unknown }>;

/**
 * Whether the environment may take coverage away from Jest: `withDiffTest` turned it on for
 * recording, and nothing on the command line asked for a report, a threshold or untested files
 * (Jest instruments every `collectCoverageFrom` file no test reported).
 */
export function ownsCoverage(globalConfig: { collectCoverage?: boolean; coverageProvider?: string; coverageReporters?: unknown; coverageThreshold?: unknown; collectCoverageFrom?: unknown }, owned: unknown): boolean {
  const reporters = globalConfig.coverageReporters;
  return (
    owned === true &&
    globalConfig.collectCoverage === true &&
    globalConfig.coverageProvider !== 'v8' &&
    Array.isArray(reporters) &&
    reporters.length === 1 &&
    reporters[0] === 'none' &&
    globalConfig.coverageThreshold === undefined &&
    !(Array.isArray(globalConfig.collectCoverageFrom) && globalConfig.collectCoverageFrom.length > 0)
  );
}

/** Where source maps are shelved, in Jest's cache directory (`jest --clearCache` empties it). */
export function shelfDirectory(cacheDirectory: string): string {
  return path.join(cacheDirectory, 'jest-difftest', 'maps');
}

/**
 * Stores each transform source map once, named by istanbul's `hash` of the file's coverage data,
 * which covers the map: one name, one content. A worker remembers what it stored.
 */
export class SourceMapShelf {
  private readonly stored = new Set<string>();

  constructor(private readonly directory: string) {}

  /** The name `map` is stored under, or `undefined` when it cannot be stored. */
  put(hash: unknown, map: unknown): string | undefined {
    if (typeof hash !== 'string' || !/^[0-9a-f]{16,128}$/.test(hash)) return undefined;
    if (this.stored.has(hash)) return hash;
    const file = path.join(this.directory, `${hash}.json`);
    if (!fs.existsSync(file) && !writeCacheFile(file, JSON.stringify(map))) return undefined;
    this.stored.add(hash);
    return hash;
  }
}

/** A shelved source map; `undefined` when it is gone or unreadable (the caller counts the whole file). */
export function readShelvedMap(cacheDirectory: string, name: string): unknown {
  if (!/^[0-9a-f]{16,128}$/.test(name)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(path.join(shelfDirectory(cacheDirectory), `${name}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

/** What ran, per instrumented file, from a test file's live `__coverage__`. */
export function takeRanCoverage(coverage: LiveCoverage | undefined, shelf: SourceMapShelf): RanCoverage {
  const out: RanCoverage = {};
  for (const [file, data] of Object.entries(coverage ?? {})) {
    const ran: RanFileCoverage = { statementMap: {}, s: {}, fnMap: {}, f: {} };
    for (const id in data.s) {
      const count = data.s[id]!;
      if (count > 0 && data.statementMap[id]) {
        ran.s[id] = count;
        ran.statementMap[id] = data.statementMap[id]!;
      }
    }
    for (const id in data.f) {
      const count = data.f[id]!;
      const fn = data.fnMap[id];
      if (count > 0 && fn) {
        ran.f[id] = count;
        ran.fnMap[id] = fn.decl ? { loc: fn.loc, decl: fn.decl } : { loc: fn.loc };
      }
    }
    if (data.inputSourceMap) {
      const name = shelf.put(data.hash, data.inputSourceMap);
      if (name) ran.sourceMap = name;
      else ran.inputSourceMap = data.inputSourceMap;
    }
    out[file] = ran;
  }
  return out;
}

/**
 * What ran, per counted file, from a test file's function counters (see `transform.ts`), in the shape
 * of istanbul's: each function entered, at its body and its start in the original file. A function
 * the transform wrote itself (TypeScript's `__importDefault`, Babel's interop helpers) has no
 * original position and is left out, as istanbul left it out: its code follows from the transformer
 * (a run-wide input) and the module's own statements. Where the source map places no function of
 * the file at all, it cannot be trusted: an entered function then counts the whole file.
 */
export function takeCounters(counters: Record<string, LiveCounters> | undefined): RanCoverage {
  const out: RanCoverage = {};
  for (const file in counters) {
    const { fn, f } = counters[file]!;
    let placed: PlacedSites | undefined;
    let ran: RanFileCoverage | undefined;
    let unplaced = 0;
    for (let id = 0; id < f.length; id++) {
      const count = f[id]!;
      if (!(count > 0)) continue;
      placed ??= typeof fn === 'string' ? placedSites(fn) : undefined;
      const site = placed?.sites[id];
      if (!site) {
        unplaced++;
        continue;
      }
      ran ??= { statementMap: {}, s: {}, fnMap: {}, f: {} };
      ran.f[id] = count;
      ran.fnMap[id] = site;
    }
    // A placed function implies positions that place some: the file is not whole.
    if (ran) out[file] = ran;
    else out[file] = typeof fn !== 'string' || (unplaced > 0 && !placed!.any) ? LOADED_ONLY_UNPLACED : LOADED_ONLY;
  }
  return out;
}

/**
 * A file loaded but none of whose own functions ran (only, if any, helpers the transform wrote, such
 * as TypeScript's `__exportStar` in a barrel), as about half the files a test file loads are: one
 * shared, frozen object for all of them, instead of four new ones per file in every test file, built
 * and collected in the test's time. Without positions (`fn` null, or none placed at all), the whole
 * file counts, as it always did.
 */
const LOADED_ONLY: RanFileCoverage = frozen({ statementMap: {}, s: {}, fnMap: {}, f: {} });
const LOADED_ONLY_UNPLACED: RanFileCoverage = frozen({ statementMap: {}, s: {}, fnMap: {}, f: {}, whole: true });

function frozen(ran: RanFileCoverage): RanFileCoverage {
  for (const part of Object.values(ran)) if (typeof part === 'object') Object.freeze(part);
  return Object.freeze(ran);
}

type PlacedSite = RanFileCoverage['fnMap'][string];

/** A module's functions at their original places (`undefined` where unplaced), and whether any is placed. */
interface PlacedSites {
  sites: Array<PlacedSite | undefined>;
  any: boolean;
}

/**
 * Each `fn` string read, kept for the process: every test file that loads a module hands over the
 * same one (a module's text carries it), and a worker runs many test files.
 */
const placedCache = new Map<string, PlacedSites>();

/** The {@link PlacedSites} of an `fn` string. */
function placedSites(fn: string): PlacedSites {
  let placed = placedCache.get(fn);
  if (placed) return placed;
  const sites = fn.split(';').map((site): PlacedSite | undefined => {
    const [body, start] = site.split(',').map(position);
    const loc = body ?? start;
    return loc ? { loc: { start: loc, end: loc }, ...(start ? { decl: { start, end: start } } : {}) } : undefined;
  });
  placed = { sites, any: sites.some((site) => site !== undefined) };
  placedCache.set(fn, placed);
  return placed;
}

/** `line:column` → a position; `undefined` for an empty or damaged one. */
function position(text: string | undefined): { line: number; column: number } | undefined {
  const [line, column] = (text ?? '').split(':').map(Number);
  return line !== undefined && line > 0 && column !== undefined && column >= 0 ? { line, column } : undefined;
}
