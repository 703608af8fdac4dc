#!/usr/bin/env node
/**
 * The demo behind `npm run demo`: jest-difftest on examples/shop, a small TypeScript project.
 *
 *   1. a first run records what every test executes (all 7 test files run);
 *   2. one function is rewritten (same behaviour, different code);
 *   3. the next run selects only the test file that executed it, and says why;
 *   4. a comment-only edit selects nothing.
 *
 * Every edited file is restored byte for byte (also on Ctrl-C), the data file lives in a temporary
 * directory, and anything the runs create under examples/shop is removed, so the tree is left as it
 * was. Needs the build (`npm run build`); runs the CLI from dist/ with examples/shop as working
 * directory. Exit code: 0 when every step behaved, 1 otherwise.
 */
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const SHOP = path.join(__dirname, 'shop');
const BIN = path.join(REPO, 'dist', 'src', 'cli', 'bin.js');
const DISCOUNT = path.join(SHOP, 'src', 'discount.ts');

const ORIGINAL = `export function couponDiscount(total: Cents, code: string): Cents {
  if (code === 'WELCOME') return Math.min(500, total);
  if (code === 'HALF') return Math.round(total / 2);
  return 0;
}`;

/** Step 2: the same function as a switch. Same results, different code. */
const REWRITTEN = `export function couponDiscount(total: Cents, code: string): Cents {
  switch (code) {
    case 'WELCOME':
      return Math.min(500, total);
    case 'HALF':
      return Math.round(total / 2);
    default:
      return 0;
  }
}`;

/** Step 4: a comment and some reformatting, no code change. */
const COMMENTED = `/** 5 % off from BULK_THRESHOLD items on. */
export function bulkDiscount(total: Cents, items: number): Cents {
  // Rounded to whole cents.
  return items >= BULK_THRESHOLD
    ? Math.round(total * 0.05)
    : 0;
}`;
const BULK = `/** 5 % off from BULK_THRESHOLD items on. */
export function bulkDiscount(total: Cents, items: number): Cents {
  return items >= BULK_THRESHOLD ? Math.round(total * 0.05) : 0;
}`;

const color = process.stdout.isTTY && !('NO_COLOR' in process.env);
const bold = (text) => (color ? `\x1b[1m${text}\x1b[22m` : text);
const dim = (text) => (color ? `\x1b[2m${text}\x1b[22m` : text);
const red = (text) => (color ? `\x1b[31m${text}\x1b[39m` : text);
const green = (text) => (color ? `\x1b[32m${text}\x1b[39m` : text);

/** Puts back what the demo changed: the edited files (content and times) and new files under the shop. */
class Guard {
  constructor(root, files) {
    this.root = root;
    // The original inode is moved aside and put back at the end, so its mtime comes back to the
    // nanosecond; utimes() from a saved stat only gets it back to the microsecond or so.
    this.saved = files.map((file) => {
      const backup = path.join(path.dirname(file), `.${path.basename(file)}.demo-original`);
      fs.renameSync(file, backup);
      fs.copyFileSync(backup, file);
      return { file, backup };
    });
    this.before = new Set(listTree(root));
    this.temp = fs.mkdtempSync(path.join(os.tmpdir(), 'jest-difftest-demo-'));
    this.restored = false;
  }

  restore() {
    if (this.restored) return;
    this.restored = true;
    for (const { file, backup } of this.saved) fs.renameSync(backup, file);
    // Deepest first, so a created directory is empty by the time it is reached.
    for (const entry of listTree(this.root).reverse()) {
      if (!this.before.has(entry)) fs.rmSync(path.join(this.root, entry), { recursive: true, force: true });
    }
    fs.rmSync(this.temp, { recursive: true, force: true });
  }
}

/** Every file and directory under `root`, relative, parents before children. */
function listTree(root, prefix = '') {
  const entries = [];
  for (const entry of fs.readdirSync(path.join(root, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    entries.push(relative);
    if (entry.isDirectory()) entries.push(...listTree(root, relative));
  }
  return entries;
}

function replaceIn(file, from, to) {
  const before = fs.readFileSync(file, 'utf8');
  if (!before.includes(from)) throw new Error(`${path.relative(REPO, file)} does not contain the text the demo edits; was it changed?`);
  fs.writeFileSync(file, before.replace(from, to));
}

function heading(text) {
  process.stdout.write(`\n${bold(`━━ ${text}`)}\n`);
}

function showEdit(from, to) {
  for (const line of from.split('\n')) process.stdout.write(`${red(`- ${line}`)}\n`);
  for (const line of to.split('\n')) process.stdout.write(`${green(`+ ${line}`)}\n`);
}

let child;

/**
 * Runs `jest-difftest args` in the shop. The output goes straight to the terminal unless `capture`.
 * @returns {Promise<{code: number | null, stdout: string}>}
 */
function jestDifftest(args, env, { capture = false, show = true } = {}) {
  if (show) process.stdout.write(`${dim('$')} ${['jest-difftest', ...args.filter((a) => !a.startsWith('--diff-datafile'))].join(' ')}\n`);
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [BIN, ...args], { cwd: SHOP, env, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
    let stdout = '';
    if (capture) child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      child = undefined;
      resolve({ code, stdout });
    });
  });
}

async function main() {
  if (!fs.existsSync(BIN)) {
    process.stderr.write('The demo runs the built package: run `npm run demo` (it builds first) or `npm run build`.\n');
    return 1;
  }
  const guard = new Guard(SHOP, [DISCOUNT]);
  const onSignal = (signal) => {
    child?.kill(signal);
    guard.restore();
    process.stderr.write(`\nInterrupted: examples/shop restored.\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', () => guard.restore());

  const dataFile = path.join(guard.temp, '.difftestdata');
  // The user's own JEST_DIFFTEST_* settings would change what the demo shows.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('JEST_DIFFTEST')) delete env[key];
  const ours = [`--diff-datafile=${dataFile}`];
  const problems = [];
  const expectCode = (step, result) => {
    if (result.code !== 0) problems.push(`${step}: jest-difftest exited with ${result.code}`);
  };

  try {
    process.stdout.write(`${bold('jest-difftest demo')}: examples/shop, 7 test files of a small TypeScript shop (ts-jest).\n`);
    process.stdout.write(dim(`The data file is kept in ${guard.temp} for the demo; in your project it is .difftestdata in Jest's rootDir.\n`));

    heading('1. First run: no data yet, so every test file runs and is recorded');
    expectCode('first run', await jestDifftest([...ours], env));

    heading('2. Rewrite one function: couponDiscount in src/discount.ts (same behaviour, new code)');
    replaceIn(DISCOUNT, ORIGINAL, REWRITTEN);
    showEdit(ORIGINAL, REWRITTEN);

    heading('3. Run again: only the test file that executed couponDiscount runs, and it says why');
    expectCode('second run', await jestDifftest([...ours, '--diff-explain'], env));
    const related = await jestDifftest(['--no-diff', '--listTests', '--findRelatedTests', 'src/discount.ts'], env, { capture: true, show: false });
    const listed = related.stdout.split('\n').filter((line) => line.trim().endsWith('.test.ts')).length;
    if (related.code === 0 && listed > 0) {
      process.stdout.write(
        `\nFor comparison, ${bold('jest --findRelatedTests src/discount.ts')} would run ${listed} of 7 test files:\n` +
          `every test that imports src/index.ts, which re-exports discount.ts.\n`,
      );
    }

    heading('4. A comment and reformatting in bulkDiscount: no code changed, nothing runs');
    replaceIn(DISCOUNT, BULK, COMMENTED);
    showEdit(BULK, COMMENTED);
    expectCode('third run', await jestDifftest([...ours], env));
  } finally {
    guard.restore();
  }

  heading('Done');
  process.stdout.write('src/discount.ts is restored and the demo data file removed.\n');
  process.stdout.write('Set it up in your project: see README.md ("Setup") and docs/.\n');
  if (problems.length > 0) {
    process.stderr.write(`\nThe demo did not go as expected:\n${problems.map((p) => `  ${p}\n`).join('')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`demo failed: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
