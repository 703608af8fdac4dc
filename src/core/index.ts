/**
 * The fingerprint core: blocks and checksums of source files, fingerprints from coverage, matching.
 * Pure functions over plain data; the glue hands in text, coverage and a {@link Hasher}.
 */
export type { Block, BlockKind, BlockSummary, BlockTables, Checksum, FileBlocks, Hasher, Position } from './types';
export { splitBlocks, blocksOf, fileHash, isCodeFile, MODULE_BLOCK, FILE_BLOCK } from './blocks';
export { fingerprintFromIstanbul, type IstanbulFileCoverage, type IstanbulRange, type PositionMapper } from './coverage';
export { fingerprintFromV8, type V8FunctionCoverage, type V8Range, type OffsetMapper } from './coverage-v8';
export { isUnaffected, missingChecksums, sortUnique } from './match';
