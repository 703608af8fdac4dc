import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { CaseLog } from './caseTracker';

/**
 * What `jest-difftest/environment` saw of one test file, for the reporter in Jest's main process:
 * the project files it read through `fs`, and its coverage split by test case when asked.
 */
export interface EnvironmentLog {
  reads: string[];
  cases?: CaseLog;
}

/** One small JSON file per test file in Jest's cache directory. */
function logFile(cacheDirectory: string, testPath: string): string {
  const key = crypto.createHash('sha1').update(testPath).digest('hex');
  return path.join(cacheDirectory, 'jest-difftest', 'log', `${key}.json`);
}

export function writeLog(cacheDirectory: string, testPath: string, log: EnvironmentLog): void {
  const out = logFile(cacheDirectory, testPath);
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(log));
  } catch {
    // Without the log the reporter records the whole file's coverage and nothing read: it cannot do better.
  }
}

/** The log of a test file, taken once (a later run must not see it); empty when there is none. */
export function takeLog(cacheDirectory: string, testPath: string): EnvironmentLog {
  const file = logFile(cacheDirectory, testPath);
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.rmSync(file, { force: true });
  } catch {
    return { reads: [] };
  }
  const { reads, cases } = (typeof value === 'object' && value !== null ? value : {}) as { reads?: unknown; cases?: unknown };
  return {
    reads: Array.isArray(reads) ? reads.filter((r): r is string => typeof r === 'string') : [],
    ...(typeof cases === 'object' && cases !== null ? { cases: cases as CaseLog } : {}),
  };
}
