import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { CaseLog } from './caseTracker';
import type { RanCoverage } from './ranCoverage';
import { requireFromJest } from './fromJest';

/**
 * What `jest-difftest/environment` saw of one test file, for the reporter in Jest's main process:
 * the project files it read through `fs`, its coverage split by test case when asked, and what ran
 * when it took the coverage away from Jest.
 */
export interface EnvironmentLog {
  reads: string[];
  cases?: CaseLog;
  coverage?: RanCoverage;
}

/**
 * Logs handed over in memory, by log file name: while a reporter receives them (see
 * {@link receiveLogs}), an environment in the reporter's own process, as Jest runs test files in
 * band (one worker: 2 cores, or few test files), puts its log here. Each log is a few hundred KB of
 * JSON at large size: writing, reading and parsing it took 4 ms of every test file. A test file run by
 * a worker process finds no reporter there and writes the file.
 */
const handedOver = new Map<string, EnvironmentLog>();
let receiving = false;

/**
 * Called by the reporter at the start of a run (`true` when it records) and at its end (`false`);
 * logs nobody took are dropped either way, as a log file is taken once.
 */
export function receiveLogs(on: boolean): void {
  receiving = on;
  handedOver.clear();
}

/** One small JSON file per test file in Jest's cache directory. */
function logFile(cacheDirectory: string, testPath: string): string {
  const key = crypto.createHash('sha1').update(testPath).digest('hex');
  return path.join(cacheDirectory, 'jest-difftest', 'log', `${key}.json`);
}

export function writeLog(cacheDirectory: string, testPath: string, log: EnvironmentLog): void {
  const out = logFile(cacheDirectory, testPath);
  if (receiving) {
    handedOver.set(out, log);
    return;
  }
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(log));
  } catch {
    // Without the log the reporter records the whole file's coverage and nothing read: it cannot do better.
  }
}

/** The log of a test file, taken once (a later run must not see it); `undefined` when there is none. */
export function takeLog(cacheDirectory: string, testPath: string): EnvironmentLog | undefined {
  const file = logFile(cacheDirectory, testPath);
  const held = handedOver.get(file);
  if (held) {
    handedOver.delete(file);
    return held;
  }
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.rmSync(file, { force: true });
  } catch {
    return undefined;
  }
  const { reads, cases, coverage } = (typeof value === 'object' && value !== null ? value : {}) as { reads?: unknown; cases?: unknown; coverage?: unknown };
  if (!Array.isArray(reads)) return undefined;
  return {
    reads: reads.filter((r): r is string => typeof r === 'string'),
    ...(typeof cases === 'object' && cases !== null ? { cases: cases as CaseLog } : {}),
    ...(typeof coverage === 'object' && coverage !== null ? { coverage: coverage as RanCoverage } : {}),
  };
}

/** Whether a project's `testEnvironment` is `jest-difftest/environment` (as `withDiffTest` sets it). */
export function isOurEnvironment(testEnvironment: string): boolean {
  return testEnvironment.replace(/\.[cm]?[jt]s$/, '') === path.join(__dirname, 'environment');
}

interface Docblock {
  extract(text: string): string;
  parse(docblock: string): Record<string, string | string[]>;
}

/**
 * Whether a test file of a project that names `jest-difftest/environment` (see
 * {@link isOurEnvironment}) ran in it: no `@jest-environment` docblock in the file names another.
 * When the docblock cannot be read, the answer is yes.
 */
export function docblockKeepsOurEnvironment(testFileText: string | undefined): boolean {
  if (testFileText === undefined) return true;
  try {
    const docblock = requireFromJest<Docblock>('jest-docblock');
    const named = docblock.parse(docblock.extract(testFileText))['jest-environment'];
    return named === undefined || String(named).includes('jest-difftest');
  } catch {
    return true;
  }
}
