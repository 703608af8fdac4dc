import { BlockSet, allChecksums, locatorOf } from './locate';
import { comparePositions } from './positions';
import type { Checksum, FileBlocks, Position } from './types';

/** One range of V8's precise coverage; offsets into the code V8 compiled. */
export interface V8Range {
  startOffset: number;
  endOffset: number;
  count: number;
}

/** One function of a V8 `ScriptCoverage` (`testResult.v8Coverage[i].result.functions`). */
export interface V8FunctionCoverage {
  functionName: string;
  /** `ranges[0]` is the whole function and counts its calls; the rest are blocks inside it. */
  ranges: readonly V8Range[];
  isBlockCoverage?: boolean;
}

/**
 * Maps an offset in the code V8 ran to a position in the original source, `null` where nothing maps
 * (see `createOffsetMapper` in `src/jest/sourcemap.ts`: it also takes Jest 29's module wrapper off).
 */
export type OffsetMapper = (offset: number) => Position | null;

/** How many offsets inside a function to try when neither of its ends maps. */
const SAMPLES = 16;

/**
 * The fingerprint of one test file's V8 coverage of one source file: sorted unique checksums of the
 * blocks it ran, always with the module block.
 *
 * A function whose first range has a count ran; it counts the innermost block holding its mapped
 * start. When that block does not start exactly there, or its mapped end lands in another block, both
 * count (more is safe). When neither end maps, offsets inside the function are tried; a function of
 * which nothing maps is code the transform added (helpers such as `__awaiter`) and counts nothing.
 * The script's own top-level function (and Jest 29's module wrapper) is the module block. If
 * functions ran but none can be placed, the whole file counts.
 *
 * @example
 * const toOriginal = createOffsetMapper(entry.codeTransformResult.code, sourceMap);
 * const fp = fingerprintFromV8(splitBlocks(text, file, hasher), entry.result.functions, toOriginal);
 */
export function fingerprintFromV8(
  file: FileBlocks,
  functions: readonly V8FunctionCoverage[],
  toOriginal: OffsetMapper,
): Checksum[] {
  const { blocks } = file;
  if (blocks.length === 0) return [];
  if (blocks[0]!.kind === 'raw') return [blocks[0]!.checksum];
  const locator = locatorOf(file);
  const ran = new BlockSet(file);
  const outer = scriptLevel(functions);
  const ends = new Map<V8FunctionCoverage, [Position | null, Position | null, number]>();
  let anyMapped = false;
  for (const fn of functions) {
    const whole = fn.ranges[0];
    if (!whole) continue;
    const last = Math.max(whole.startOffset, whole.endOffset - 1);
    const start = toOriginal(whole.startOffset);
    const end = toOriginal(last);
    anyMapped ||= start !== null || end !== null;
    ends.set(fn, [start, end, last]);
  }
  // A mapper that places nothing (a wrong or missing source map) must not yield a module-only fingerprint.
  if (!anyMapped && functions.some((fn) => !outer.has(fn))) return allChecksums(file);
  let executed = 0;
  let placed = 0;

  for (const fn of functions) {
    const whole = fn.ranges[0];
    if (!whole || !(whole.count > 0)) continue;
    const [start, end, last] = ends.get(fn)!;
    // The script itself (offset 0), and Jest 29's module wrapper around it, are the module block when
    // they do not map to a function of the file.
    if (outer.has(fn) && (whole.startOffset <= 0 || (start ? locator.byRange(start) === 0 : !end || locator.byRange(end) === 0))) {
      continue;
    }
    executed++;
    if (start) {
      placed++;
      const owner = locator.byRange(start);
      ran.add(owner);
      if (end) {
        const closing = locator.byRange(end);
        // `x => y => 1` ends inside its inner arrow: an exact start settles which one ran.
        const settled = comparePositions(blocks[owner]!.start, start) === 0 && locator.encloses(owner, closing);
        if (!settled) ran.add(closing);
      }
      continue;
    }
    if (end) {
      // The start did not map: the function is the end's block or one of its ancestors, all of which count.
      placed++;
      ran.add(locator.byRange(end));
      continue;
    }
    // Neither end maps: try offsets inside. The function encloses every block they land in, so
    // counting their lowest common ancestor counts it (ancestors count with their children).
    let common = -1;
    const span = last - whole.startOffset;
    for (let i = 1; i < SAMPLES && span > 1; i++) {
      const p = toOriginal(whole.startOffset + Math.floor((span * i) / SAMPLES));
      if (p) common = common < 0 ? locator.byRange(p) : locator.common(common, locator.byRange(p));
    }
    if (common < 0) continue;
    placed++;
    ran.add(common);
  }

  // Functions ran but none could be placed: the map is no good for this file, count all of it.
  if (executed > 0 && placed === 0) return allChecksums(file);
  return ran.fingerprint();
}

/**
 * The outermost functions that enclose every other one: the script's top-level function, and in
 * Jest 29 the module wrapper inside it.
 */
function scriptLevel(functions: readonly V8FunctionCoverage[]): Set<V8FunctionCoverage> {
  const sorted = functions
    .filter((fn) => fn.ranges[0])
    .sort((a, b) => a.ranges[0]!.startOffset - b.ranges[0]!.startOffset || b.ranges[0]!.endOffset - a.ranges[0]!.endOffset);
  const result = new Set<V8FunctionCoverage>();
  let maxEnd = -Infinity;
  const suffixMaxEnd: number[] = new Array<number>(sorted.length);
  for (let i = sorted.length - 1; i >= 0; i--) {
    suffixMaxEnd[i] = maxEnd;
    maxEnd = Math.max(maxEnd, sorted[i]!.ranges[0]!.endOffset);
  }
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.ranges[0]!.endOffset < suffixMaxEnd[i]!) break;
    result.add(sorted[i]!);
  }
  return result;
}
