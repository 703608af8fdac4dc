'use strict';
/** The few git commands the safety check needs, run synchronously in a project directory. */
const { spawnSync } = require('child_process');

function git(dir, args) {
  const result = spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  if (result.error) throw new Error(`git ${args.join(' ')}: ${result.error.message}`);
  return result;
}

/**
 * Makes sure the project is under version control: a directory in no repository, or one its
 * repository ignores (a generated project inside this one), gets its own with one commit.
 * @returns {boolean} whether a repository was created
 */
function ensureRepository(dir) {
  const inside = git(dir, ['rev-parse', '--is-inside-work-tree']);
  if (inside.status === 0 && inside.stdout.trim() === 'true' && git(dir, ['check-ignore', '-q', '.']).status !== 0) return false;
  const steps = [
    ['init', '-q'],
    ['add', '-A'],
    ['-c', 'user.name=difftest-safety', '-c', 'user.email=safety@difftest.invalid', 'commit', '-q', '--no-gpg-sign', '-m', 'baseline for the safety check'],
  ];
  for (const args of steps) {
    const result = git(dir, args);
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}: ${result.stderr.trim()}`);
  }
  return true;
}

/** `git status --porcelain` of the directory (untracked files listed one by one). */
function status(dir) {
  const result = git(dir, ['status', '--porcelain', '--untracked-files=all', '--', '.']);
  if (result.status !== 0) throw new Error(`git status failed in ${dir}: ${result.stderr.trim()}`);
  return result.stdout;
}

module.exports = { ensureRepository, status };
