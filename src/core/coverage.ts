import { BlockSet, allChecksums, locatorOf } from './locate';
import { comparePositions } from './positions';
import type { Checksum, FileBlocks, Position } from './types';

/** A source range as istanbul writes it (`line` from 1, `column` from 0). */
export interface IstanbulRange {
  start: Position;
  end: Position;
}

/**
 * The part of an istanbul `FileCoverage` (one file's entry of Jest's `testResult.coverage`) that the
 * fingerprint needs. Counts are keyed by the same ids as the maps.
 */
export interface IstanbulFileCoverage {
  path?: string;
  statementMap: Record<string, IstanbulRange>;
  s: Record<string, number>;
  fnMap: Record<string, { name?: string; decl?: IstanbulRange; loc: IstanbulRange }>;
  f: Record<string, number>;
  /**
   * Present when the file was instrumented after another transform (ts-jest and every transformer
   * that cannot instrument itself): the ranges are then in that transform's output, and this is its
   * source map. babel-jest instruments the original source and leaves it out.
   */
  inputSourceMap?: unknown;
}

/** Maps a position in transformed code to the original source; `null` where nothing maps. */
export type PositionMapper = (position: Position) => Position | null;

/**
 * The fingerprint of one test file's istanbul coverage of one source file: sorted unique checksums of
 * the blocks it ran, always with the module block.
 *
 * - Each function with a count counts the block whose body starts where istanbul's `loc` (the body)
 *   starts; when positions are not exact (mapped through a source map), the innermost blocks around
 *   `loc` and `decl` count.
 * - Each statement with a count counts the innermost block whose body holds its start.
 * - Enclosing blocks count with their children; `static` blocks count with their parent.
 *
 * When the coverage is in transformed coordinates (`inputSourceMap` set), pass `toOriginal` (see
 * `createPositionMapper` in `src/jest/sourcemap.ts`); without it the whole file counts. When nothing of
 * the coverage can be placed in the file, the whole file counts too.
 *
 * @example
 * const fp = fingerprintFromIstanbul(splitBlocks(text, file, hasher), testResult.coverage[file]);
 */
export function fingerprintFromIstanbul(
  file: FileBlocks,
  coverage: IstanbulFileCoverage,
  toOriginal?: PositionMapper,
): Checksum[] {
  const { blocks } = file;
  if (blocks.length === 0) return [];
  if (blocks[0]!.kind === 'raw') return [blocks[0]!.checksum];
  const transformed = coverage.inputSourceMap !== undefined && coverage.inputSourceMap !== null;
  if (transformed && !toOriginal) return allChecksums(file);
  const map: PositionMapper = toOriginal ?? identity;
  const exact = !toOriginal;
  const locator = locatorOf(file);
  const ran = new BlockSet(file);
  let executed = 0;
  let placed = 0;

  for (const [id, range] of Object.entries(coverage.statementMap ?? {})) {
    if (!((coverage.s?.[id] ?? 0) > 0)) continue;
    executed++;
    const p = map(range.start) ?? map(range.end);
    if (!p) continue; // code the transform added: no original counterpart
    placed++;
    ran.add(locator.byBody(p));
  }

  for (const [id, fn] of Object.entries(coverage.fnMap ?? {})) {
    if (!((coverage.f?.[id] ?? 0) > 0)) continue;
    executed++;
    const body = map(fn.loc.start);
    const decl = fn.decl ? map(fn.decl.start) : null;
    if (!body && !decl) continue;
    placed++;
    if (body) {
      const owner = locator.byBody(body);
      const bodyStart = blocks[owner]!.bodyStart;
      ran.add(owner);
      if (exact && bodyStart && comparePositions(bodyStart, body) === 0) continue;
      // Not an exact hit: count what is around, more is safe.
      ran.add(locator.byRange(body));
    }
    if (decl) ran.add(locator.byRange(decl));
  }

  if (executed > 0 && placed === 0) return allChecksums(file);
  return ran.fingerprint();
}

function identity(position: Position): Position {
  return position;
}
