/**
 * Plain data shared by the pure core. Nothing here touches Jest, SQLite, WASM or the file system:
 * the glue hands these values in.
 */

/** A 64-bit xxHash of a normalised block of code, or of a whole file's bytes. */
export type Checksum = bigint;

/**
 * Hashing reaches the core through this interface, so the core stays free of WASM loading.
 * The real implementation is xxhash-wasm's h64 (see `wasm/`).
 */
export interface Hasher {
  /** 64-bit hash of the UTF-8 encoding of `text`. */
  hashString(text: string): Checksum;
  /** 64-bit hash of raw bytes. */
  hashBytes(bytes: Uint8Array): Checksum;
}

/** A place in a source file: `line` counts from 1, `column` from 0 (Babel's and istanbul's convention). */
export interface Position {
  line: number;
  column: number;
}

/**
 * - `module`: the top-level code of a file; always part of a fingerprint.
 * - `function`: the body of one function, method, getter/setter, constructor or arrow.
 * - `static`: a class static block; it runs whenever its enclosing block runs.
 * - `raw`: the whole text of a file that did not parse, or of a file that is not code (JSON, snapshots).
 */
export type BlockKind = 'module' | 'function' | 'static' | 'raw';

/** One block of a source file. */
export interface Block {
  /** Readable name for messages: `<module>`, `add`, `Calc.add`, `Calc.get total`, `<anonymous:12>`. */
  name: string;
  kind: BlockKind;
  start: Position;
  end: Position;
  /**
   * `function` and `static` blocks: where the body begins. The header before it (name, parameters,
   * defaults) is part of the block's checksum, but a statement counted there belongs to the enclosing
   * block (`const f = () => …` evaluates the arrow without running it). Absent: the whole block.
   */
  bodyStart?: Position;
  /** Index of the enclosing block in {@link FileBlocks.blocks}; -1 for the module or raw block. */
  parent: number;
  checksum: Checksum;
}

/** The blocks of one file; `blocks[0]` is always the module (or raw) block. */
export interface FileBlocks {
  blocks: Block[];
  /** Set when the source did not parse; `blocks` is then one `raw` block over the whole text. */
  parseError?: string;
}

/**
 * Block tables kept between runs, by the content they were split from: splitting parses the file,
 * and most files a run reads are ones an earlier run split already. The glue keeps them on disk
 * (`src/jest/blockTables.ts`).
 */
export interface BlockTables {
  /** The table of `path` when its content hashed to `hash`; `undefined` when not kept. */
  get(path: string, hash: Checksum): FileBlocks | undefined;
  set(path: string, hash: Checksum, blocks: FileBlocks): void;
}

/** What the store keeps of a block: enough to say which function changed. */
export interface BlockSummary {
  name: string;
  checksum: Checksum;
}
