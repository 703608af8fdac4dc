// `import * as` compiles to a getter per member; files are read here for every test file of a run.
import fs = require('fs');
import { blocksOf } from '../core/blocks';
import { readState, type CurrentFile } from '../core/cascade';
import { sortUnique } from '../core/match';
import type { Checksum, FileBlocks, Hasher } from '../core/types';
import type { FileState, Fingerprint } from '../store/types';
import { DiskBlockTables } from './blockTables';
import { toStorePath } from './paths';
import type { RunState } from './runState';

/** A file as the reporter read it after a test file ran. */
export interface SeenFile {
  current: CurrentFile;
  /** Decoded when first read: with its block table kept, an unchanged file is never decoded. */
  readonly text: string;
  blocks?: FileBlocks;
  /** Its whole-file checksums, once asked for: the same for every test file that depends on it whole. */
  allChecksums?: Checksum[];
  /** Modified after selection started: coverage may belong to another version of it. */
  untrusted: boolean;
}

const decoder = new TextDecoder();

/**
 * The files the reporter reads during a run, each read and hashed once (a file is a dependency of
 * many test files), against the state the selection saw at the start of the run.
 */
export class SeenFiles {
  private readonly files = new Map<string, SeenFile | null>();
  /**
   * The same by absolute path, as coverage names them: a file is looked up once per test file that
   * loaded it, a million times in a large run, and its store path is a new string to hash each time.
   */
  private readonly byAbsolute = new Map<string, SeenFile | null>();
  private tables: DiskBlockTables | undefined;

  constructor(
    private readonly state: RunState,
    private readonly hasher: Hasher,
  ) {}

  /** Block tables go to the first project's cache directory asked for (any one serves: tables are by content). */
  keepTablesIn(cacheDirectory: string): void {
    this.tables ??= new DiskBlockTables(cacheDirectory);
  }

  /** A file by store path, if read this run (`null`: gone or unreadable). */
  get(relative: string): SeenFile | null | undefined {
    return this.files.get(relative);
  }

  /** The file at `absolute`, read once per run; `writtenByRun`: this run's writes to it are expected. */
  read(absolute: string, writtenByRun = false): SeenFile | null {
    let seen = this.byAbsolute.get(absolute);
    if (seen !== undefined) return seen;
    const relative = toStorePath(this.state.root, absolute);
    seen = this.files.get(relative);
    if (seen === undefined) seen = this.readFile(absolute, relative, writtenByRun);
    this.byAbsolute.set(absolute, seen);
    return seen;
  }

  /** The file's fingerprint from `checksums` of what ran in it; `undefined` when it cannot be read. */
  fingerprint(absolute: string, checksums: (seen: SeenFile) => Checksum[]): Fingerprint | undefined {
    const seen = this.read(absolute);
    if (!seen) return undefined;
    return { file: seen.current.state.path, fileHash: seen.current.state.hash, checksums: checksums(seen) };
  }

  /** A dependency coverage does not report: every block of it counts. */
  wholeFile(absolute: string, writtenByRun = false): Fingerprint | undefined {
    const seen = this.read(absolute, writtenByRun);
    if (!seen) return undefined;
    const { state } = seen.current;
    seen.allChecksums ??= sortUnique(state.blocks.map((b) => b.checksum));
    return { file: state.path, fileHash: state.hash, checksums: seen.allChecksums };
  }

  /** The file's block table, positions included: kept from the selection, the cache, or split now. */
  blocksOf(seen: SeenFile): FileBlocks {
    const { state } = seen.current;
    seen.blocks ??= seen.current.blocks ?? blocksOf(() => seen.text, state.path, state.hash, this.hasher, this.tables);
    return seen.blocks;
  }

  /** The states of the files read this run and not modified since the selection started. */
  *trustedStates(): Iterable<FileState> {
    for (const seen of this.files.values()) if (seen && !seen.untrusted) yield seen.current.state;
  }

  private readFile(absolute: string, relative: string, writtenByRun: boolean): SeenFile | null {
    let seen: SeenFile | null = null;
    try {
      const stat = fs.statSync(absolute);
      const bytes = fs.readFileSync(absolute);
      const atStart = this.state.current.get(relative);
      const current = readState(relative, bytes, stat, atStart?.state, this.hasher, Date.now(), this.tables);
      const untrusted =
        !writtenByRun &&
        (stat.mtimeMs >= this.state.startedAt || (atStart !== undefined && atStart?.state.hash !== current.state.hash));
      let text: string | undefined;
      seen = {
        current,
        get text(): string {
          return (text ??= decoder.decode(bytes));
        },
        untrusted,
      };
    } catch {
      // Gone or unreadable: the caller marks the test to run again.
    }
    this.files.set(relative, seen);
    return seen;
  }
}
