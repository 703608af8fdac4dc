import {
  GREATEST_LOWER_BOUND,
  LEAST_UPPER_BOUND,
  TraceMap,
  originalPositionFor,
  type SourceMapInput,
} from '@jridgewell/trace-mapping';
import type { OffsetMapper } from '../core/coverage-v8';
import type { PositionMapper } from '../core/coverage';
import { LineTable } from '../core/positions';
import type { Position } from '../core/types';

/** Options of {@link createOffsetMapper}. */
export interface OffsetMapperOptions {
  /**
   * Characters V8 saw before `code`: Jest 29 wraps CommonJS code in a module wrapper and records its
   * length as `codeTransformResult.wrapperLength`; Jest 30 compiles the code as is (no such field).
   * @default 0
   */
  wrapperLength?: number;
  /**
   * The original source (`codeTransformResult.originalCode`). Without a source map, offsets are only
   * meaningful when `code` is that source; otherwise nothing maps and the core counts the whole file.
   */
  originalCode?: string;
  /** The original file's path: with a map of several sources, only mappings into this one count. */
  file?: string;
}

/**
 * For V8 coverage: turns an offset in the code V8 ran into a position in the original file, through
 * the transform's source map. Without a map (an untransformed file) offsets are read in `code` itself;
 * a `//# sourceMappingURL=data:…` comment in `code` serves when no map object is given.
 *
 * What to pass from a `testResult.v8Coverage` entry (`{codeTransformResult, result}`):
 * `code` = `codeTransformResult.code` (or the file's text when there is no `codeTransformResult`),
 * `sourceMap` = the JSON at `codeTransformResult.sourceMapPath` (read by the caller; `null` if none),
 * `wrapperLength` = `codeTransformResult.wrapperLength ?? 0`, `originalCode` = `codeTransformResult.originalCode`.
 *
 * @example
 * const toOriginal = createOffsetMapper(t.code, JSON.parse(fs.readFileSync(t.sourceMapPath, 'utf8')), {
 *   wrapperLength: t.wrapperLength ?? 0,
 *   originalCode: t.originalCode,
 * });
 * fingerprintFromV8(blocks, entry.result.functions, toOriginal);
 */
export function createOffsetMapper(
  code: string,
  sourceMap: SourceMapInput | null | undefined,
  options: OffsetMapperOptions = {},
): OffsetMapper {
  const wrapper = options.wrapperLength ?? 0;
  const lines = new LineTable(code);
  const map = sourceMap ?? inlineSourceMap(code);
  if (!map) {
    if (options.originalCode !== undefined && options.originalCode !== code) return () => null;
    return (offset) => {
      const at = offset - wrapper;
      return at < 0 || at > code.length ? null : lines.position(at);
    };
  }
  const toOriginal = createPositionMapper(map, options.file);
  return (offset) => {
    const at = offset - wrapper;
    return at < 0 || at > code.length ? null : toOriginal(lines.position(at));
  };
}

/**
 * For istanbul coverage taken on transformed code (a FileCoverage with `inputSourceMap`, as ts-jest
 * produces): maps a position in the transformed code to the original source.
 *
 * @example
 * fingerprintFromIstanbul(blocks, coverage, coverage.inputSourceMap ? createPositionMapper(coverage.inputSourceMap) : undefined);
 */
export function createPositionMapper(sourceMap: SourceMapInput | object, file?: string): PositionMapper {
  let trace: TraceMap;
  try {
    trace = new TraceMap(sourceMap as SourceMapInput);
  } catch {
    return () => null;
  }
  const wanted = file === undefined || trace.sources.length <= 1 ? undefined : baseName(file);
  return (position) => {
    const needle = { line: position.line, column: Math.max(0, position.column) };
    // The segment at or before the column; at the start of a line, the first one after it.
    let found = originalPositionFor(trace, { ...needle, bias: GREATEST_LOWER_BOUND });
    if (found.line === null) found = originalPositionFor(trace, { ...needle, bias: LEAST_UPPER_BOUND });
    if (found.line === null) return null;
    if (wanted !== undefined && (found.source === null || baseName(found.source) !== wanted)) return null;
    return { line: found.line, column: found.column } satisfies Position;
  };
}

const INLINE_MAP = /\/\/[#@] sourceMappingURL=data:application\/json[^,]*;base64,([A-Za-z0-9+/=]+)\s*$/;

/** The source map of a `//# sourceMappingURL=data:application/json;base64,…` comment at the end of `code`. */
export function inlineSourceMap(code: string): object | undefined {
  const match = INLINE_MAP.exec(code.slice(-Math.min(code.length, 2_000_000)));
  if (!match) return undefined;
  try {
    return JSON.parse(Buffer.from(match[1]!, 'base64').toString('utf8')) as object;
  } catch {
    return undefined;
  }
}

function baseName(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
