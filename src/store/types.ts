import type { BlockSummary, Checksum } from '../core/types';

/**
 * The last seen state of a file (paths relative to the store's root, `/` separators). A cache for the
 * change-detection cascade: while mtime and size are unchanged, `hash` and `blocks` are trusted.
 */
export interface FileState {
  path: string;
  mtimeMs: number;
  size: number;
  /** Whole-file content hash. */
  hash: Checksum;
  /** Block table of that content (one `raw` block for files that are not code or do not parse). */
  blocks: readonly BlockSummary[];
  /** When this state was read (ms since epoch): an mtime this close to it is not trusted. */
  checkedAt: number;
}

/**
 * What one test file executed in one file: the checksums of the blocks it ran, and the content hash
 * of the file they were taken from. Deduplicated across tests.
 */
export interface Fingerprint {
  file: string;
  fileHash: Checksum;
  /** Sorted, unique. */
  checksums: readonly Checksum[];
}

export interface StoredFingerprint extends Fingerprint {
  id: number;
}

/** The run-wide inputs a set of records belongs to (Node and Jest versions, config, lockfile …). */
export interface EnvironmentRecord {
  /** `default`, or the name given with `--diff-env`. */
  name: string;
  /** Input name → hash of its content (`node`, `jest`, `package-lock.json`, `jest config` …). */
  inputs: Readonly<Record<string, string>>;
}

/** One test case (`it`/`test`) of a test file, as per-test-case selection keeps it. */
export interface TestCaseRecord {
  /** The describe titles and the test's own, joined by ` › `. Cases of the same name share a record. */
  name: string;
  /** Failed last time it ran. */
  failed: boolean;
  /** What it executed: positions in its test file's fingerprint list. */
  fingerprints: readonly number[];
}

/**
 * A test file's coverage split by test case. Positions refer to the test file's fingerprint list
 * ({@link TestRun.fingerprints}, or the stored, sorted {@link StoredTest.fingerprintIds}); together,
 * `shared` and every case cover the whole list.
 */
export interface TestCases {
  /**
   * What ran outside every case (module load, `beforeAll`/`afterAll`, describe bodies) and the
   * dependencies coverage cannot split (imports, data files, snapshots, the test file): a change to
   * one of these runs the whole file.
   */
  shared: readonly number[];
  cases: readonly TestCaseRecord[];
}

/** A test file's record. */
export interface TestRecord {
  /** Test file path relative to the store's root. */
  path: string;
  durationMs: number;
  /** Failed or errored last time it ran. */
  failed: boolean;
  /** Must run next time whatever changed (a dependency was edited while it ran, say). */
  forced: boolean;
  /** When it last ran (ms since epoch). */
  recordedAt: number;
  /** Its coverage per test case, when it was recorded that way. */
  cases?: TestCases;
}

export interface StoredTest extends TestRecord {
  fingerprintIds: readonly number[];
}

/** Where and when a data file was last saved: what `status` tells of a baseline from CI. */
export interface Provenance {
  /** ms since epoch. */
  savedAt: number;
  /** The git commit checked out when it was saved, where there was one. */
  commit?: string;
}

/** Everything the selection reads, for one environment, loaded in memory. */
export interface Snapshot {
  environment: EnvironmentRecord | undefined;
  /** Absent for data files saved without it. */
  provenance?: Provenance;
  files: ReadonlyMap<string, FileState>;
  fingerprints: ReadonlyMap<number, StoredFingerprint>;
  fingerprintsByFile: ReadonlyMap<string, readonly StoredFingerprint[]>;
  tests: ReadonlyMap<string, StoredTest>;
}

/** A test file that ran, with everything it depended on. */
export interface TestRun extends TestRecord {
  fingerprints: readonly Fingerprint[];
}

/** What one run learned; merged into the data file under the lock. */
export interface RunRecord {
  environment: EnvironmentRecord;
  /** Replace these tests' records (in `environment`). */
  tests: readonly TestRun[];
  /** Upsert these file states (shared by all environments). */
  files: readonly FileState[];
  /** Test files that no longer exist: delete their records (in `environment`). */
  removedTests: readonly string[];
  /** The environment's inputs changed: drop every test record of it that `tests` does not replace. */
  resetEnvironment: boolean;
  /** Recorded in the file's metadata. */
  provenance?: Provenance;
}
