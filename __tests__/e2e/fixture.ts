import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO = path.resolve(__dirname, '..', '..');
export const DIST = path.join(REPO, 'dist', 'src');

/** The Jest versions the e2e tests run against, each its own real CLI. */
export const JESTS = [
  { name: 'jest 30', bin: path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js') },
  { name: 'jest 29', bin: path.join(REPO, 'node_modules', 'jest29', 'bin', 'jest.js') },
] as const;

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Test files that ran, relative to the fixture, sorted. */
  ran: string[];
  /** Test files that failed, relative to the fixture, sorted. */
  failed: string[];
  /** jest-difftest's own lines from stderr. */
  ours: string[];
  /** Test cases that ran (passed or failed), as `file: describe › test`, sorted. */
  casesRan: string[];
  /** Test cases reported as skipped. */
  casesSkipped: string[];
}

interface JsonResult {
  name: string;
  status: string;
  assertionResults?: Array<{ ancestorTitles: string[]; title: string; status: string }>;
}

/** A temporary project on disk that real Jest runs on. */
export class Fixture {
  readonly dir: string;

  constructor(files: Record<string, string>) {
    this.dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-e2e-')));
    for (const [file, content] of Object.entries(files)) this.write(file, content);
  }

  write(file: string, content: string): void {
    const target = path.join(this.dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }

  read(file: string): string {
    return fs.readFileSync(path.join(this.dir, file), 'utf8');
  }

  edit(file: string, from: string | RegExp, to: string): void {
    const before = this.read(file);
    const after = before.replace(from, to);
    if (after === before) throw new Error(`edit of ${file} changed nothing: ${String(from)} not found`);
    this.write(file, after);
  }

  remove(file: string): void {
    fs.rmSync(path.join(this.dir, file), { recursive: true, force: true });
  }

  exists(file: string): boolean {
    return fs.existsSync(path.join(this.dir, file));
  }

  /** Runs a Jest CLI (or our bin) in the fixture and reports which test files ran. */
  run(bin: string, args: readonly string[] = [], env: Record<string, string> = {}): RunResult {
    const out = path.join(this.dir, '.jest-result.json');
    fs.rmSync(out, { force: true });
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, FORCE_COLOR: '0' };
    delete childEnv.CI;
    for (const key of Object.keys(childEnv)) if (key.startsWith('JEST_DIFFTEST') && !(key in env)) delete childEnv[key];
    const child = spawnSync(process.execPath, [bin, '--ci=false', '--json', `--outputFile=${out}`, ...args], {
      cwd: this.dir,
      env: childEnv,
      encoding: 'utf8',
      timeout: 180_000,
    });
    const results = fs.existsSync(out)
      ? (JSON.parse(fs.readFileSync(out, 'utf8')) as { testResults: JsonResult[] }).testResults
      : [];
    const rel = (name: string): string => path.relative(this.dir, name).split(path.sep).join('/');
    const cases = (statuses: string[]): string[] =>
      results
        .flatMap((r) => (r.assertionResults ?? []).filter((a) => statuses.includes(a.status)).map((a) => `${rel(r.name)}: ${[...a.ancestorTitles, a.title].join(' › ')}`))
        .sort();
    return {
      status: child.status,
      stdout: child.stdout,
      stderr: child.stderr,
      ran: results.map((r) => rel(r.name)).sort(),
      failed: results.filter((r) => r.status === 'failed').map((r) => rel(r.name)).sort(),
      ours: child.stderr.split('\n').filter((line) => line.startsWith('jest-difftest:') || /^ {2}(\S.* ← |\S.*: \d+ of \d+ test cases run)|^ {4}\S.* ← /.test(line)),
      casesRan: cases(['passed', 'failed']),
      casesSkipped: cases(['pending', 'skipped']),
    };
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A `jest.config.js` that loads the built package through `withDiffTest`. */
export function difftestConfig(config: Record<string, unknown> = {}, options: Record<string, unknown> = {}): string {
  return `const { withDiffTest } = require(${JSON.stringify(path.join(DIST, 'index.js'))});
module.exports = withDiffTest(${JSON.stringify({ testEnvironment: 'node', cacheDirectory: '<rootDir>/.jest-cache', ...config }, null, 2)}, ${JSON.stringify(options)});
`;
}
