import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const repo = path.resolve(__dirname, '../..');

/**
 * Compiles the store (and what it imports) to CommonJS for child processes, without type checking,
 * into a fresh directory under node_modules/.cache (so `sql.js` resolves from the repo's
 * node_modules). Independent of dist/ and of other modules' state.
 *
 * @returns the compiled `src/store/index.js` and a function removing the build.
 */
export function buildStore(): { index: string; remove(): void } {
  const cache = path.join(repo, 'node_modules', '.cache', 'jest-difftest-store-test');
  fs.mkdirSync(cache, { recursive: true });
  const out = fs.mkdtempSync(path.join(cache, 'build-'));
  fs.chmodSync(out, 0o755); // readable by the unprivileged user some tests run as
  execFileSync(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      path.join(repo, 'src/store/index.ts'),
      '--outDir', out,
      '--rootDir', repo,
      '--module', 'commonjs',
      '--target', 'ES2022',
      '--moduleResolution', 'node',
      '--esModuleInterop',
      '--skipLibCheck',
      '--types', 'node',
      '--noCheck',
    ],
    { cwd: repo, stdio: 'pipe' },
  );
  return { index: path.join(out, 'src/store/index.js'), remove: () => fs.rmSync(out, { recursive: true, force: true }) };
}
