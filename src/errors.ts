/**
 * Every condition jest-difftest reports is a class with a stable `code` and a message that starts
 * with `jest-difftest:` and names the fix.
 */
export abstract class DiffTestError extends Error {
  abstract readonly code: string;
  constructor(message: string, options?: { cause?: unknown }) {
    super(`jest-difftest: ${message}`, options);
    this.name = new.target.name;
  }
}

/**
 * The data file exists but is not a readable jest-difftest database (empty, truncated, random bytes,
 * another application's SQLite file). It was moved aside to `movedTo` when that was possible.
 */
export class DamagedDataFileError extends DiffTestError {
  readonly code = 'DIFFTEST_DATA_FILE_DAMAGED';
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly movedTo: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(
      movedTo
        ? `${file} is not a usable data file (${reason}). It was moved aside to ${movedTo}; all tests will run and a new data file will be recorded. Delete ${movedTo} once you no longer need it.`
        : `${file} is not a usable data file (${reason}) and could not be moved aside; all tests will run. Delete or rename ${file} (or choose another data file with --diff-datafile).`,
      options,
    );
  }
}

/** The data file (or its directory) cannot be read: a directory at the path, no permission … */
export class UnreadableDataFileError extends DiffTestError {
  readonly code = 'DIFFTEST_DATA_FILE_UNREADABLE';
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `cannot read ${file} (${reason}); all tests will run. Make it a readable file (remove or rename what is there) or choose another data file with --diff-datafile.`,
      options,
    );
  }
}

/** The data file was written with another schema version: it is ignored and replaced by the next save. */
export class SchemaVersionError extends DiffTestError {
  readonly code = 'DIFFTEST_DATA_FILE_VERSION';
  constructor(
    readonly file: string,
    readonly found: number,
    readonly expected: number,
    /** `merge`: the file is being replaced by merged records rather than by a run's. */
    during: 'run' | 'merge' = 'run',
  ) {
    super(
      during === 'merge'
        ? `${file} has schema version ${found}, this version of jest-difftest uses ${expected}: it is replaced by the merged records.`
        : `${file} has schema version ${found}, this version of jest-difftest uses ${expected}: all tests will run and the file is rebuilt when this run saves. Nothing to fix unless several jest-difftest versions share the file.`,
    );
  }
}

/** Another process held the data file's lock for longer than the wait allows: this run records nothing. */
export class LockTimeoutError extends DiffTestError {
  readonly code = 'DIFFTEST_LOCK_TIMEOUT';
  constructor(
    readonly lockFile: string,
    readonly waitedMs: number,
    holder: string,
  ) {
    super(
      `gave up waiting ${Math.round(waitedMs / 1000)} s for ${lockFile} (held by ${holder}); nothing was recorded for this run. If no other jest-difftest run is active, delete ${lockFile}.`,
    );
  }
}

/** The data file's directory cannot be written (read-only file system, permissions, not a directory). */
export class ReadOnlyLocationError extends DiffTestError {
  readonly code = 'DIFFTEST_READ_ONLY_LOCATION';
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      `cannot write ${file} (${reason}); nothing was recorded for this run. Make its directory writable or choose another data file with --diff-datafile.`,
      options,
    );
  }
}

/** `merge` refuses an input written with another schema version or that is not a data file. */
export class MergeInputError extends DiffTestError {
  readonly code = 'DIFFTEST_MERGE_INPUT';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`cannot merge ${file}: ${reason}. Re-record it with this version of jest-difftest, or leave it out.`);
  }
}

/** A parent of the data file's path is a file, not a directory: the path itself is wrong. */
export class DataFilePathError extends DiffTestError {
  readonly code = 'DIFFTEST_DATA_FILE_PATH';
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot write ${file} (${reason}): a parent of it is a file, not a directory; nothing was recorded for this run. Choose another data file with --diff-datafile or JEST_DIFFTEST_DATAFILE.`, options);
  }
}

/** Writing the data file failed for a reason other than permissions (disk full, I/O error …). */
export class DataFileWriteError extends DiffTestError {
  readonly code = 'DIFFTEST_DATA_FILE_WRITE';
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`could not write ${file} (${reason}); nothing was recorded for this run and the previous data is unchanged. Free some space or fix the disk, then run again.`, options);
  }
}

/** sql.js (the SQLite build the data file is read with) could not be loaded. */
export class SqlJsUnavailableError extends DiffTestError {
  readonly code = 'DIFFTEST_SQLJS_UNAVAILABLE';
  constructor(options?: { cause?: unknown }) {
    const reason = options?.cause instanceof Error ? options.cause.message : String(options?.cause);
    super(`could not load sql.js (${reason}); all tests will run and nothing is recorded. Reinstall dependencies (npm install) so that sql.js and its sql-wasm.wasm are present.`, options);
  }
}
