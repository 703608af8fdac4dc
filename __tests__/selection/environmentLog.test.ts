import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { receiveLogs, takeLog, writeLog, type EnvironmentLog } from '../../src/jest/environmentLog';

describe('the environment log', () => {
  let cache: string;
  const logDirectory = () => path.join(cache, 'jest-difftest', 'log');
  const log = (read: string): EnvironmentLog => ({ reads: [read], coverage: { '/p/src/a.js': { statementMap: {}, s: {}, fnMap: {}, f: { 0: 1 } } } });

  beforeEach(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-log-'));
  });
  afterEach(() => {
    receiveLogs(false);
    fs.rmSync(cache, { recursive: true, force: true });
  });

  test('without a reporter in the process, goes through a file, taken once', () => {
    writeLog(cache, '/p/a.test.js', log('/p/data.json'));
    expect(fs.readdirSync(logDirectory())).toHaveLength(1);
    expect(takeLog(cache, '/p/a.test.js')).toEqual(log('/p/data.json'));
    expect(fs.readdirSync(logDirectory())).toHaveLength(0);
    expect(takeLog(cache, '/p/a.test.js')).toBeUndefined();
  });

  test('while the reporter in the process receives, is handed over in memory, taken once, and no file is written', () => {
    receiveLogs(true);
    writeLog(cache, '/p/a.test.js', log('/p/a.json'));
    writeLog(cache, '/p/b.test.js', log('/p/b.json'));
    expect(fs.existsSync(logDirectory())).toBe(false);
    expect(takeLog(cache, '/p/b.test.js')).toEqual(log('/p/b.json'));
    expect(takeLog(cache, '/p/b.test.js')).toBeUndefined();
    expect(takeLog(cache, '/p/a.test.js')).toEqual(log('/p/a.json'));
  });

  test('a log written by another process (a worker) is still found while receiving', () => {
    writeLog(cache, '/p/a.test.js', log('/p/a.json'));
    receiveLogs(true);
    expect(takeLog(cache, '/p/a.test.js')).toEqual(log('/p/a.json'));
  });

  test('logs nobody took are dropped when the run ends, and when the next one starts', () => {
    receiveLogs(true);
    writeLog(cache, '/p/a.test.js', log('/p/a.json'));
    receiveLogs(false);
    expect(takeLog(cache, '/p/a.test.js')).toBeUndefined();

    receiveLogs(true);
    writeLog(cache, '/p/a.test.js', log('/p/a.json'));
    receiveLogs(true);
    expect(takeLog(cache, '/p/a.test.js')).toBeUndefined();
  });
});
