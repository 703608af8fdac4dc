'use strict';
/** Child processes for the benchmarks: Node scripts with a clean environment, wall time measured. */
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { cpuSnapshot, othersCores } = require('./machine');

const REPO = path.resolve(__dirname, '..', '..', '..');
/** jest-difftest's command (the built one). */
const BIN = path.join(REPO, 'dist', 'src', 'cli', 'bin.js');
/** Jest's own command, from this repository's node_modules (the generated projects install nothing). */
const JEST = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');

/**
 * Runs `node script ...args` in `cwd` with `JEST_DIFFTEST*` and `CI` removed from the environment
 * and `env` added. Resolves with the exit status, output, wall time in ms, the CPU time the child
 * and its own children used (user + system, ms; this process waits for them one at a time, so its
 * waited-for children's counters grow by exactly that) and the cores other processes used meanwhile.
 * Time stolen by the host from a shared CPU counts in the wall time only.
 * @returns {Promise<{status: number | null, stdout: string, stderr: string, ms: number, cpuMs: number, others: number, command: string}>}
 */
function runNode(script, args, { cwd, env = {}, nodeArgs = [], timeoutMs = 60 * 60 * 1000 } = {}) {
  if (!fs.existsSync(script)) return Promise.reject(new Error(`${script} is missing: run npm run build`));
  const childEnv = { ...process.env, FORCE_COLOR: '0' };
  delete childEnv.CI;
  for (const key of Object.keys(childEnv)) if (key.startsWith('JEST_DIFFTEST')) delete childEnv[key];
  Object.assign(childEnv, env);
  const before = cpuSnapshot();
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const after = cpuSnapshot();
      resolve({ status, stdout, stderr, ms, cpuMs: after.children - before.children, others: othersCores(before, after), command: describe(env, script, args) });
    });
  });
}

/** The command as a reader would type it in the project directory. */
function describe(env, script, args) {
  const vars = Object.entries(env).map(([k, v]) => `${k}=${v} `).join('');
  const name = script === BIN ? 'jest-difftest' : script === JEST ? 'jest' : path.relative(REPO, script);
  return `${vars}${name} ${args.map((a) => (/[\s'"]/.test(a) ? `'${a}'` : a)).join(' ')}`.trim();
}

module.exports = { runNode, describe, BIN, JEST, REPO };
