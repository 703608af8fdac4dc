import { sortUnique } from './match';
import { comparePositions } from './positions';
import type { Checksum, FileBlocks, Position } from './types';

/**
 * Finds the block a source position belongs to, in O(log n + depth). Blocks nest properly (a child
 * lies inside its parent), which the search relies on. Get one with {@link locatorOf}.
 */
export class BlockLocator {
  /** Block indices sorted by start (outer before inner on equal starts). */
  private readonly order: number[];
  /** The `static` blocks: counted with their parent. */
  readonly statics: number[];
  /** Fingerprints given so far, by the blocks counted (see {@link BlockSet.fingerprint}). */
  readonly fingerprints = new Map<string, Checksum[]>();
  private all: Checksum[] | undefined;

  constructor(readonly file: FileBlocks) {
    const { blocks } = file;
    this.order = blocks
      .map((_, i) => i)
      .sort((a, b) => comparePositions(blocks[a]!.start, blocks[b]!.start) || depth(file, a) - depth(file, b));
    this.statics = blocks.flatMap((block, i) => (block.kind === 'static' ? [i] : []));
  }

  /** Every checksum of the file, sorted (the same array each time). */
  allChecksums(): Checksum[] {
    return (this.all ??= sortUnique(this.file.blocks.map((b) => b.checksum)));
  }

  /** The innermost block whose whole range (header and body) holds `p`; 0 (the module) when none does. */
  byRange(p: Position): number {
    const { blocks } = this.file;
    let lo = 0;
    let hi = this.order.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (comparePositions(blocks[this.order[mid]!]!.start, p) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    // The last block starting at or before p, or one of its ancestors, is the innermost holding p.
    let index = found < 0 ? 0 : this.order[found]!;
    while (index > 0 && !this.holds(index, p)) index = this.parentOf(index);
    return Math.max(index, 0);
  }

  /**
   * The innermost block whose body holds `p`: where a statement at `p` runs. A position in a
   * function's header (its parameters, or the arrow itself in `const f = () => …`) belongs to the
   * enclosing block, since evaluating it does not call the function.
   */
  byBody(p: Position): number {
    let index = this.byRange(p);
    for (;;) {
      const bodyStart = this.file.blocks[index]!.bodyStart;
      if (index <= 0 || !bodyStart || comparePositions(p, bodyStart) >= 0) return Math.max(index, 0);
      index = this.parentOf(index);
    }
  }

  /** Whether block `ancestor` is `index` or encloses it. */
  encloses(ancestor: number, index: number): boolean {
    for (let i = index; i >= 0; i = this.parentOf(i)) if (i === ancestor) return true;
    return false;
  }

  /** Lowest common ancestor of two blocks. */
  common(a: number, b: number): number {
    for (let i = a; i >= 0; i = this.parentOf(i)) if (this.encloses(i, b)) return i;
    return 0;
  }

  parentOf(index: number): number {
    return this.file.blocks[index]!.parent;
  }

  private holds(index: number, p: Position): boolean {
    const block = this.file.blocks[index]!;
    return comparePositions(block.start, p) <= 0 && comparePositions(p, block.end) < 0;
  }
}

/**
 * Locators by block table: a recording run places the coverage of hundreds of test files in the same
 * shared modules, and sorting a table's blocks again for each was most of the reporter's time spent
 * placing it. Tables are not changed once split, so a locator stays valid while its table lives.
 */
const locators = new WeakMap<FileBlocks, BlockLocator>();

/** The locator of a block table, built on first use. */
export function locatorOf(file: FileBlocks): BlockLocator {
  let locator = locators.get(file);
  if (!locator) {
    locator = new BlockLocator(file);
    locators.set(file, locator);
  }
  return locator;
}

function depth(file: FileBlocks, index: number): number {
  let d = 0;
  for (let i = file.blocks[index]!.parent; i >= 0; i = file.blocks[i]!.parent) d++;
  return d;
}

/**
 * Collects the blocks a test ran and turns them into a fingerprint. Counting a block counts its
 * enclosing blocks too (a nested function cannot run before its parent ran to create it, so this
 * costs nothing and keeps fingerprints consistent), and every `static` block whose parent counts.
 */
export class BlockSet {
  private readonly counted = new Set<number>([0]);

  constructor(private readonly file: FileBlocks) {}

  add(index: number): void {
    for (let i = index; i >= 0 && !this.counted.has(i); i = this.file.blocks[i]!.parent) this.counted.add(i);
  }

  /**
   * Sorted unique checksums of the counted blocks, with the static blocks their parents imply. The
   * same blocks give the same array, kept by the table's locator: a recording run fingerprints each
   * shared module in hundreds of test files, most of which ran the same few blocks of it, and
   * sorting 64-bit checksums again for each was most of the reporter's time. Do not change it.
   */
  fingerprint(): Checksum[] {
    const { blocks } = this.file;
    const locator = locatorOf(this.file);
    for (let changed = locator.statics.length > 0; changed; ) {
      changed = false;
      for (const i of locator.statics) {
        if (!this.counted.has(i) && this.counted.has(blocks[i]!.parent)) {
          this.counted.add(i);
          changed = true;
        }
      }
    }
    const counted = [...this.counted].sort((a, b) => a - b);
    const key = counted.join(',');
    let fingerprint = locator.fingerprints.get(key);
    if (!fingerprint) {
      fingerprint = sortUnique(counted.map((i) => blocks[i]!.checksum));
      locator.fingerprints.set(key, fingerprint);
    }
    return fingerprint;
  }
}

/** Every checksum of a file, the same array each time: the safe fingerprint when coverage cannot be placed. */
export function allChecksums(file: FileBlocks): Checksum[] {
  return locatorOf(file).allChecksums();
}
