'use strict';
/**
 * The machine and the versions a benchmark ran on, and how busy the machine was: the load average,
 * and the CPU that processes other than the benchmark's own used while a measurement ran
 * (`/proc/stat` busy time minus this process's and its waited-for children's CPU time, in cores).
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const REPO = path.resolve(__dirname, '..', '..', '..');
const TICK_MS = 10; // USER_HZ is 100 on Linux

function machine() {
  const cpus = os.cpus();
  const version = (dir) => {
    try {
      return JSON.parse(fs.readFileSync(path.join(REPO, 'node_modules', dir, 'package.json'), 'utf8')).version;
    } catch {
      return 'n/a';
    }
  };
  const git = (args) => spawnSync('git', args, { cwd: REPO, encoding: 'utf8' }).stdout?.trim() ?? '';
  const dirty = git(['status', '--porcelain', '--', 'src', 'wasm']).split('\n').filter(Boolean).length;
  return {
    nproc: typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    jest: version('jest'),
    tsJest: version('ts-jest'),
    package: JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).version,
    commit: `${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ` (+${dirty} uncommitted files in src/ or wasm/)` : ''}`,
  };
}

function loadAverage() {
  return os.loadavg().map((v) => v.toFixed(2)).join(' ');
}

/**
 * Waits until other processes leave the machine alone: until they used at most `maxOthers` cores
 * over a 5-second window (this process being idle meanwhile, whatever it used is not counted), for
 * at most `maxWaitS` seconds. The load average is no help here: it counts the benchmark's own runs
 * of the last minutes. Returns the load average it ended with, for the record.
 */
async function waitForQuiet({ maxOthers = 0.25, maxWaitS = 600, log = () => {} } = {}) {
  const started = Date.now();
  let told = false;
  for (;;) {
    const before = cpuSnapshot();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const others = othersCores(before, cpuSnapshot());
    if (!(others > maxOthers)) break;
    if (Date.now() - started > maxWaitS * 1000) {
      log(`other processes still use ${others.toFixed(2)} cores after ${maxWaitS} s: measuring anyway (see the "others" figures)`);
      break;
    }
    if (!told) log(`waiting for other processes to use at most ${maxOthers} cores (now ${others.toFixed(2)}; load average ${loadAverage()}; at most ${maxWaitS} s)`);
    told = true;
  }
  return loadAverage();
}

/**
 * CPU counters now (ms): the whole machine's busy time, this process tree's (`own`: this process
 * and its waited-for children) and those children's alone.
 */
function cpuSnapshot() {
  let busy = NaN;
  try {
    const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice: busy excludes idle and iowait
    // (guest time is already inside user).
    busy = (fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]) * TICK_MS;
  } catch {
    // not Linux
  }
  let own = NaN;
  let children = NaN;
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    // fields 14–17 of the file (utime stime cutime cstime) are 11–14 after the name
    own = (rest[11] + rest[12] + rest[13] + rest[14]) * TICK_MS;
    children = (rest[13] + rest[14]) * TICK_MS;
  } catch {
    // not Linux
  }
  return { at: Date.now(), busy, own, children };
}

/** Cores used on average by other processes between two snapshots (NaN where not measurable). */
function othersCores(before, after) {
  const elapsed = after.at - before.at;
  if (elapsed <= 0) return NaN;
  return Math.max(0, (after.busy - before.busy - (after.own - before.own)) / elapsed);
}

module.exports = { machine, loadAverage, waitForQuiet, cpuSnapshot, othersCores, REPO };
