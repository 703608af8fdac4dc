import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Block, BlockTables, Checksum, FileBlocks } from '../core/types';
import { writeCacheFile } from './cacheFile';

/**
 * Block tables on disk, in Jest's cache directory (`jest --clearCache` empties it), one small JSON
 * file per file content: the reporter splits every file a test ran into blocks, and after the first
 * run nearly all of them have a content split before. A table that is gone or unreadable is split
 * again; one that cannot be stored is not kept.
 *
 * The directory is named by the code that splits (our core modules and the parser's version), so a
 * table is never read by another version of the algorithm.
 */
export class DiskBlockTables implements BlockTables {
  private directory: string | undefined;

  constructor(private readonly cacheDirectory: string) {}

  get(file: string, hash: Checksum): FileBlocks | undefined {
    try {
      return decode(JSON.parse(fs.readFileSync(this.fileOf(file, hash), 'utf8')));
    } catch {
      return undefined;
    }
  }

  set(file: string, hash: Checksum, blocks: FileBlocks): void {
    writeCacheFile(this.fileOf(file, hash), JSON.stringify(encode(blocks)));
  }

  /** By content and file name: the name says how the content parses (`.ts`, `.tsx`, `.d.ts` …). */
  private fileOf(file: string, hash: Checksum): string {
    const name = createHash('sha1').update(path.basename(file)).digest('hex').slice(0, 16);
    // Named when first needed: a selection that finds nothing changed splits nothing.
    this.directory ??= path.join(this.cacheDirectory, 'jest-difftest', 'blocks', algorithmKey());
    return path.join(this.directory, `${hash.toString(16)}-${name}.json`);
  }
}

let key: string | undefined;

/** A hash of the modules that split files into blocks and of the parser they use. */
function algorithmKey(): string {
  if (key === undefined) {
    const hash = createHash('sha1');
    for (const module of ['blocks', 'functions', 'normalize', 'parse', 'positions']) {
      hash.update(fs.readFileSync(require.resolve(`../core/${module}`))).update('\0');
    }
    hash.update((require('@babel/parser/package.json') as { version: string }).version);
    key = hash.digest('hex').slice(0, 16);
  }
  return key;
}

type StoredBlock = Omit<Block, 'checksum'> & { checksum: string };

function encode(table: FileBlocks): { blocks: StoredBlock[] } {
  return { blocks: table.blocks.map((block) => ({ ...block, checksum: block.checksum.toString(16) })) };
}

/** A stored table, checked for shape; throws on anything else (the caller then splits the file). */
function decode(value: unknown): FileBlocks {
  const blocks = (value as { blocks?: unknown }).blocks;
  if (!Array.isArray(blocks) || blocks.length === 0) throw new Error('not a block table');
  return {
    blocks: blocks.map((stored: StoredBlock) => {
      if (typeof stored.checksum !== 'string' || !/^[0-9a-f]{1,16}$/.test(stored.checksum) || !isPosition(stored.start) || !isPosition(stored.end)) {
        throw new Error('not a block');
      }
      return { ...stored, checksum: BigInt(`0x${stored.checksum}`) };
    }),
  };
}

function isPosition(value: unknown): boolean {
  const p = value as { line?: unknown; column?: unknown } | null;
  return typeof p === 'object' && p !== null && Number.isInteger(p.line) && Number.isInteger(p.column);
}
