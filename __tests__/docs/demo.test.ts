/**
 * `npm run demo` as the README promises it: the second run selects exactly the test file that ran the
 * edited function, the comment-only edit selects nothing, and examples/ is left as it was. Runs with
 * CI=true, as CI does (Jest's --ci writes no new snapshots).
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const REPO = path.resolve(__dirname, '..', '..');
const EXAMPLES = path.join(REPO, 'examples');

/** Every file under `dir` with a hash of its content and its mtime, sorted: what "unchanged" means. */
function treeState(dir: string): string[] {
  const out: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const file = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        out.push(`${file}/`);
        walk(file);
      } else {
        const full = path.join(dir, file);
        const hash = createHash('sha1').update(fs.readFileSync(full)).digest('hex');
        out.push(`${file} ${hash} ${fs.statSync(full).mtimeMs}`);
      }
    }
  };
  walk('');
  return out.sort();
}

function gitStatus(): string | undefined {
  const result = spawnSync('git', ['status', '--porcelain', '--', 'examples'], { cwd: REPO, encoding: 'utf8' });
  return result.status === 0 ? result.stdout : undefined;
}

/** The output between a step's heading and the next heading. */
function section(output: string, step: string): string {
  const start = output.indexOf(`━━ ${step}`);
  if (start < 0) throw new Error(`no heading "${step}" in the demo's output:\n${output}`);
  const next = output.indexOf('━━ ', start + 3);
  return output.slice(start, next < 0 ? undefined : next);
}

function testFilesRun(text: string): string[] {
  return [...text.matchAll(/^(?:PASS|FAIL) +(\S+)/gm)].map((m) => m[1]!).sort();
}

describe('npm run demo', () => {
  let output: string;
  let status: number | null;
  let stateBefore: string[];
  let gitBefore: string | undefined;

  beforeAll(() => {
    stateBefore = treeState(EXAMPLES);
    gitBefore = gitStatus();
    // stdout and stderr into one file, in the order they were written, as a terminal shows them.
    const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-demo-')), 'out.txt');
    const fd = fs.openSync(logFile, 'w');
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true', FORCE_COLOR: '0' };
      for (const key of Object.keys(env)) if (key.startsWith('JEST_DIFFTEST')) delete env[key];
      status = spawnSync(process.execPath, [path.join(EXAMPLES, 'demo.js')], { cwd: REPO, env, stdio: ['ignore', fd, fd], timeout: 110_000 }).status;
    } finally {
      fs.closeSync(fd);
    }
    output = fs.readFileSync(logFile, 'utf8');
    fs.rmSync(path.dirname(logFile), { recursive: true, force: true });
  });

  test('succeeds', () => {
    expect({ status, output }).toEqual({ status: 0, output: expect.stringContaining('━━ Done') });
  });

  test('the first run records every test file', () => {
    const first = section(output, '1.');
    expect(first).toContain('jest-difftest: new data file: running all 7 test files');
    expect(testFilesRun(first)).toHaveLength(7);
  });

  test('after the edit of couponDiscount only discount.test.ts runs, with the reason', () => {
    const second = section(output, '3.');
    expect(testFilesRun(second)).toEqual(['__tests__/discount.test.ts']);
    expect(second).toContain('jest-difftest: 1 changed file (src/discount.ts) → 1 of 7 test files selected, 6 skipped');
    expect(second).toContain('  __tests__/discount.test.ts ← src/discount.ts: couponDiscount() changed');
    expect(second).toMatch(/--findRelatedTests src\/discount\.ts would run 6 of 7 test files/);
  });

  test('a comment-only edit runs nothing', () => {
    const third = section(output, '4.');
    expect(testFilesRun(third)).toEqual([]);
    expect(third).toContain('jest-difftest: 1 changed file (src/discount.ts) → 0 of 7 test files selected, 7 skipped');
  });

  test('examples/ is left exactly as it was', () => {
    expect(treeState(EXAMPLES)).toEqual(stateBefore);
    expect(gitStatus()).toBe(gitBefore);
  });
});
