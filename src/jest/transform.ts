import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import micromatch from 'micromatch';
import { decode, encode, type SourceMapMappings } from '@jridgewell/sourcemap-codec';
import { insertAll, planCounters, type Insertion } from '../core/counters';
import type { PositionMapper } from '../core/coverage';
import { LineTable } from '../core/positions';
import { COUNTERS_GLOBAL } from './ranCoverage';
import { createPositionMapper, inlineSourceMap } from './sourcemap';

/** What `withDiffTest` puts beside this transformer in a Jest `transform` entry. */
export interface CountingTransformerConfig {
  /** The transformer this one wraps (resolved path); none: the file's own text, types stripped when Node can. */
  transformer?: string;
  /** The wrapped transformer's own options. */
  options?: unknown;
  /** Changes when the inserted code changes, so that Jest's transform cache is not reused across versions. */
  version?: string;
}

interface TransformedCode {
  code: string;
  map?: unknown;
}

/** The part of Jest's transform options this transformer reads (the shapes of Jest 29 and 30). */
interface TransformOptions {
  instrument?: boolean;
  configString?: string;
  transformerConfig?: unknown;
  config: {
    rootDir: string;
    testMatch: string[];
    testRegex: Array<string | RegExp>;
    testPathIgnorePatterns: string[];
    setupFiles: string[];
    setupFilesAfterEnv: string[];
  };
}

type Process = (source: string, file: string, options: TransformOptions) => TransformedCode | string;
type ProcessAsync = (source: string, file: string, options: TransformOptions) => Promise<TransformedCode | string>;
type CacheKey = (source: string, file: string, options: TransformOptions) => string;

interface Transformer {
  canInstrument?: boolean;
  process?: Process;
  processAsync?: ProcessAsync;
  getCacheKey?: CacheKey;
  getCacheKeyAsync?: (source: string, file: string, options: TransformOptions) => Promise<string>;
  createTransformer?: (options: unknown) => Transformer | Promise<Transformer>;
}

/**
 * A Jest transformer that runs the project's own (ts-jest, babel-jest …) and then counts each
 * function's entries in what it produced, the only coverage a fingerprint needs: far cheaper to run
 * than istanbul's statement, branch and function counters with their maps (see docs/benchmarks.md).
 * Where Jest instruments the file itself (`--coverage`), the wrapped transformer's output is left as it
 * is and the reporter reads istanbul's coverage. Test and setup files are not counted (they are
 * recorded whole, as with istanbul).
 *
 * `withDiffTest` sets it up; by hand:
 * @example
 * // jest.config.js
 * transform: { '\\.ts$': ['jest-difftest/transform', { transformer: require.resolve('ts-jest'), options: {} }] }
 */
export async function createTransformer(config: CountingTransformerConfig = {}): Promise<Transformer> {
  const inner = config.transformer ? await loadTransformer(config.transformer, config.options) : undefined;
  const salt = `jest-difftest counters ${config.version ?? ''} ${codeKey()}`;
  const own = (options: TransformOptions): TransformOptions => ({ ...options, transformerConfig: config.options ?? {} });
  const transformer: Transformer = { canInstrument: inner?.canInstrument === true };
  if (!inner || inner.process) {
    transformer.process = (source, file, options) =>
      withCounters(source, file, inner?.process ? inner.process(source, file, own(options)) : untransformed(source, file), options, !inner);
  }
  if (inner?.processAsync) {
    const processAsync = inner.processAsync.bind(inner);
    transformer.processAsync = async (source, file, options) => withCounters(source, file, await processAsync(source, file, own(options)), options, false);
  }
  // Without a key of the wrapped transformer's, Jest keys by the file and the config, which holds `version`.
  const keyOf = (key: string, options: TransformOptions): string =>
    createHash('sha1').update(salt).update('\0').update(key).update('\0').update(options.instrument ? 'instrument' : '').digest('hex');
  if (!inner?.getCacheKey && !inner?.getCacheKeyAsync) {
    // Jest's own key for a transformer without one: the file, its content and the config.
    transformer.getCacheKey = (source, file, options) =>
      keyOf(createHash('sha1').update(source).update('\0').update(file).update('\0').update(options.configString ?? '').digest('hex'), options);
  }
  if (inner?.getCacheKey) {
    const getCacheKey = inner.getCacheKey.bind(inner);
    transformer.getCacheKey = (source, file, options) => keyOf(getCacheKey(source, file, own(options)), options);
  }
  if (inner?.getCacheKeyAsync) {
    const getCacheKeyAsync = inner.getCacheKeyAsync.bind(inner);
    transformer.getCacheKeyAsync = async (source, file, options) => keyOf(await getCacheKeyAsync(source, file, own(options)), options);
  }
  return transformer;
}

/** A hash of the code that writes the counters: a changed build never reuses a cached output of another. */
function codeKey(): string {
  const hash = createHash('sha1');
  for (const file of [__filename, require.resolve('../core/counters')]) hash.update(fs.readFileSync(file)).update('\0');
  return hash.digest('hex');
}

async function loadTransformer(file: string, options: unknown): Promise<Transformer> {
  const loaded = require(file) as Transformer & { default?: Transformer };
  const module = loaded.createTransformer || loaded.process || loaded.processAsync ? loaded : (loaded.default ?? loaded);
  return typeof module.createTransformer === 'function' ? await module.createTransformer(options) : module;
}

/**
 * A file no transform pattern matched: its own text, as Jest would run it (Jest 30 strips TypeScript
 * types where Node can; the stripped text keeps every position).
 */
function untransformed(source: string, file: string): TransformedCode {
  const strip = (require('module') as { stripTypeScriptTypes?: (code: string, options: { mode: 'strip' }) => string }).stripTypeScriptTypes;
  if (strip && /\.[cm]?ts$/.test(file) && !/\.d\.[cm]?ts$/.test(file)) return { code: strip(source, { mode: 'strip' }) };
  return { code: source };
}

/**
 * The transformed code with a counter at the start of each function and, before the module's own
 * statements, the statement that registers the file's counters in the test file's realm, beside a
 * hoisted function that does so for a function called before that statement ran (another ES module
 * of an import cycle can call it first). The source map is shifted by what was inserted.
 */
function withCounters(source: string, file: string, result: TransformedCode | string, options: TransformOptions, positionsKept: boolean): TransformedCode {
  const transformed: TransformedCode = typeof result === 'string' ? { code: result } : result;
  if (options.instrument || !counted(file, options.config)) return transformed;
  const { code } = transformed;
  const hash = createHash('sha1').update(file).update('\0').update(code).digest('hex').slice(0, 16);
  const name = `__jestDifftest_${hash}`;
  // No call per entry once registered: the array hangs on the (hoisted) registration function.
  const plan = planCounters(code, (index) => `(${name}.a||${name}())[${index}]++`);
  const rawMap = transformed.map ?? inlineSourceMap(code);
  const map = typeof rawMap === 'string' ? (JSON.parse(rawMap) as object) : (rawMap as object | null | undefined);
  const lines = new LineTable(code);
  let toOriginal: PositionMapper | undefined;
  if (map) toOriginal = createPositionMapper(map, file);
  else if (positionsKept || code === source) toOriginal = (position) => position;
  const place = (offset: number): string => {
    const at = toOriginal?.(lines.position(offset));
    return at ? `${at.line}:${at.column}` : '';
  };
  const fn = toOriginal && plan ? plan.sites.map((site) => `${place(site.body)},${place(site.start)}`).join(';') : null;
  const length = plan?.sites.length ?? 0;
  // Registered by the module's first statement, not by a call of the hoisted function: V8 compiles a
  // function when first called, and that cost, paid by every module in every test file, was most of
  // what counting added to a module's load. The function registers without positions (the statement
  // adds them, rather than the module's text carrying them twice). Outside our environment (a
  // docblock naming another) nobody reads the counts: they go nowhere. The leading `;` ends a
  // directive written without one.
  const register = (positions: string | null): string =>
    `globalThis.${COUNTERS_GLOBAL}?.register?.(${JSON.stringify(file)},"${hash}",${JSON.stringify(positions)},${length})`;
  const prelude =
    `;function ${name}(){return ${name}.a||(${name}.a=${register(null)}??new Array(${length}).fill(0))}` +
    `${name}.a=${register(fn)}??${name}.a??new Array(${length}).fill(0);`;
  // Code that does not parse here still runs: registered at its end, it is recorded whole.
  const insertions: Insertion[] = plan ? [{ offset: plan.preludeAt, text: prelude }, ...plan.insertions] : [{ offset: code.length, text: `\n;${prelude}` }];
  // The transform's inline map no longer fits the code, and Jest reads (and hashes) the code's text
  // from its cache in every test file that loads it: Jest gets the shifted map instead.
  return { code: withoutInlineMap(insertAll(code, insertions)), map: shiftMap(map, source, file, lines, insertions) };
}

/** The code without an inline `sourceMappingURL` comment (a data URL) on its last line. */
function withoutInlineMap(code: string): string {
  const at = code.lastIndexOf('//# sourceMappingURL=data:');
  return at >= 0 && /^[^\n]*\s*$/.test(code.slice(at)) ? code.slice(0, at) : code;
}

/**
 * Whether a file gets counters: not a test file and not a setup file (Jest's coverage leaves them out
 * too; the reporter records them whole).
 */
function counted(file: string, config: TransformOptions['config']): boolean {
  if (config.setupFiles.includes(file) || config.setupFilesAfterEnv.includes(file)) return false;
  if (config.testPathIgnorePatterns.some((pattern) => new RegExp(pattern).test(file))) return true;
  if (config.testRegex.some((regex) => new RegExp(regex).test(file))) return false;
  const forGlob = path.sep === '\\' ? file.replace(/\\/g, '/') : file;
  return !(config.testMatch.length > 0 && micromatch([forGlob], config.testMatch, { dot: true }).length > 0);
}

/**
 * The source map of the code with the insertions: each generated column moves right by what was
 * inserted before it on its line. Without a map of the transform, one that maps the insertions away
 * (the code was the source).
 */
function shiftMap(map: object | null | undefined, source: string, file: string, lines: LineTable, insertions: readonly Insertion[]): object {
  const atLine = new Map<number, Array<{ column: number; length: number }>>();
  for (const { offset, text } of insertions) {
    const at = lines.position(offset);
    const list = atLine.get(at.line - 1) ?? [];
    list.push({ column: at.column, length: text.length });
    atLine.set(at.line - 1, list);
  }
  let mappings: SourceMapMappings;
  let base: Record<string, unknown>;
  if (map && typeof (map as { mappings?: unknown }).mappings === 'string') {
    base = map as Record<string, unknown>;
    mappings = decode(base.mappings as string);
  } else if (!map) {
    base = { version: 3, sources: [file], sourcesContent: [source], names: [] };
    mappings = identityMappings(lines, atLine);
  } else {
    return map;
  }
  const shifted = mappings.map((segments, line) => {
    const moves = atLine.get(line);
    if (!moves) return segments;
    return segments.map((segment) => {
      let by = 0;
      for (const move of moves) if (move.column <= segment[0]) by += move.length;
      return [segment[0] + by, ...segment.slice(1)] as typeof segment;
    });
  });
  return { ...base, mappings: encode(shifted) };
}

/**
 * A map of code onto itself: each line from its start, at each word (what stack traces point at) and
 * after each insertion point.
 */
function identityMappings(lines: LineTable, atLine: ReadonlyMap<number, Array<{ column: number }>>): SourceMapMappings {
  return lines.lineTexts().map((text, line) => {
    const columns = new Set([0, ...(atLine.get(line) ?? []).map((move) => move.column)]);
    for (const word of text.matchAll(/[\w$]+/g)) columns.add(word.index);
    return [...columns].sort((a, b) => a - b).map((column) => [column, 0, line, column]);
  });
}

// Jest loads a transformer with interop: an ES module's default export is what it reads.
export default { createTransformer };
