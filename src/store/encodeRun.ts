import type { Fingerprint, RunRecord, TestCases } from './types';
import { encodeBlockChecksums, encodeChecksum, encodeChecksums } from './codec';
import { FingerprintPool } from './fingerprintPool';

export interface EncodedFingerprint {
  file: string;
  hash: Uint8Array;
  checksums: Uint8Array;
  /** Its row id in the database being written; set by `applyRun`. */
  id: number;
}

export interface EncodedTest {
  path: string;
  durationMs: number;
  failed: boolean;
  forced: boolean;
  recordedAt: number;
  fingerprints: EncodedFingerprint[];
  /** Positions index `fingerprints`. */
  cases?: TestCases;
}

export interface EncodedFile {
  path: string;
  mtimeMs: number;
  size: number;
  hash: Uint8Array;
  blockNames: string;
  blockChecksums: Uint8Array;
  checkedAt: number;
}

/** A {@link RunRecord} checked and encoded for the database, before the lock is taken. */
export interface EncodedRun {
  environment: { name: string; inputs: string };
  tests: EncodedTest[];
  /** Every distinct fingerprint of `tests` (the tests link to these objects). */
  fingerprints: EncodedFingerprint[];
  files: EncodedFile[];
  removedTests: string[];
  resetEnvironment: boolean;
}

function fail(what: string, value: unknown, expected: string): never {
  throw new TypeError(`jest-difftest: ${what} must be ${expected}, got ${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value) ?? String(value)}. This is a bug in the caller.`);
}

/** `what` and `of` make the message only when the check fails: these run for every link of a run. */
function checkString(value: unknown, what: string, of?: string): string {
  if (typeof value !== 'string' || value === '') fail(of === undefined ? what : `${what} of ${of}`, value, 'a non-empty string');
  return value;
}

function checkNumber(value: unknown, what: string, of: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${what} of ${of}`, value, 'a finite number');
  return value;
}

/**
 * Checks and encodes a run record. Done before the lock is taken, so a bad record fails fast.
 * Identical fingerprints of different tests (same file, hash and checksums) are encoded once:
 * a full run links hundreds of thousands of them to a few tens of thousands of distinct ones.
 *
 * @throws {TypeError} naming the field when the record is malformed.
 */
export function encodeRun(run: RunRecord): EncodedRun {
  if (typeof run !== 'object' || run === null) fail('the run record', run, 'an object');
  const env = run.environment;
  if (typeof env !== 'object' || env === null) fail('run.environment', env, 'an object');
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(env.inputs ?? {})) inputs[key] = checkString(value, 'environment input', key);

  const distinct: EncodedFingerprint[] = [];
  const pool = new FingerprintPool();
  const encodedOf = new Map<Fingerprint, EncodedFingerprint>();
  const intern = (fp: Fingerprint, test: string): EncodedFingerprint => {
    const file = checkString(fp.file, 'a fingerprint file', test);
    const same = pool.intern({ file, fileHash: fp.fileHash, checksums: fp.checksums ?? [] });
    let fingerprint = encodedOf.get(same);
    if (fingerprint) return fingerprint;
    const hash = encodeChecksum(same.fileHash, `fileHash of ${file} in ${test}`);
    const encoded = encodeChecksums(same.checksums, `a checksum of ${file} in ${test}`);
    fingerprint = { file, hash, checksums: encoded, id: 0 };
    encodedOf.set(same, fingerprint);
    distinct.push(fingerprint);
    return fingerprint;
  };

  return {
    environment: { name: checkString(env.name, 'run.environment.name'), inputs: JSON.stringify(inputs) },
    tests: (run.tests ?? []).map((test) => {
      const path = checkString(test.path, 'a test path');
      return {
        path,
        durationMs: checkNumber(test.durationMs, 'durationMs', path),
        failed: Boolean(test.failed),
        forced: Boolean(test.forced),
        recordedAt: checkNumber(test.recordedAt, 'recordedAt', path),
        fingerprints: (test.fingerprints ?? []).map((fp) => intern(fp, path)),
        ...(test.cases ? { cases: checkCases(test.cases, (test.fingerprints ?? []).length, path) } : {}),
      };
    }),
    fingerprints: distinct,
    files: (run.files ?? []).map((state) => {
      const path = checkString(state.path, 'a file state path');
      return {
        path,
        mtimeMs: checkNumber(state.mtimeMs, 'mtimeMs', path),
        size: checkNumber(state.size, 'size', path),
        hash: encodeChecksum(state.hash, `hash of ${path}`),
        blockNames: JSON.stringify((state.blocks ?? []).map((block) => String(block.name))),
        blockChecksums: encodeBlockChecksums(state.blocks ?? [], path),
        checkedAt: checkNumber(state.checkedAt, 'checkedAt', path),
      };
    }),
    removedTests: (run.removedTests ?? []).map((path) => checkString(path, 'a removed test path')),
    resetEnvironment: Boolean(run.resetEnvironment),
  };
}

function checkCases(cases: TestCases, count: number, test: string): TestCases {
  const positions = (list: unknown, what: string): readonly number[] => {
    if (!Array.isArray(list) || !list.every((p) => Number.isInteger(p) && p >= 0 && p < count)) {
      fail(`${what} of ${test}`, list, `a list of positions in its ${count} fingerprints`);
    }
    return list;
  };
  if (typeof cases !== 'object' || cases === null || !Array.isArray(cases.cases)) fail(`the cases of ${test}`, cases, 'an object with a cases list');
  return {
    shared: positions(cases.shared, 'cases.shared'),
    cases: cases.cases.map((c) => ({
      name: checkString(c.name, 'a test case name', test),
      failed: Boolean(c.failed),
      fingerprints: positions(c.fingerprints, `the fingerprints of case ${JSON.stringify(c.name)}`),
    })),
  };
}

