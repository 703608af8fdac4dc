import { spawnSync } from 'child_process';

/** The commit checked out in `dir`, or `undefined` outside a git work tree (or without git). */
export function currentCommit(dir: string): string | undefined {
  const result = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  const commit = result.status === 0 ? result.stdout.trim() : '';
  return /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined;
}
