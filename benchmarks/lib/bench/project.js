'use strict';
/**
 * The generated project a benchmark runs on, and its recorded data file.
 *
 * Projects live in benchmarks/.generated/bench-<size>-<seed>-<transform> (apart from the safety
 * check's, which mutates its own). Every generated file gets one fixed mtime, so that a file put
 * back after an edit is, for the cascade, exactly the file that was recorded (same mtime, same
 * size). That mtime has a part below the millisecond, as a checkout or an editor leaves it (the
 * selection trusts Jest's crawl only for such mtimes; whole seconds are what tar and unzip set).
 * The project is committed in its own git repository (for `jest --onlyChanged`).
 *
 * The first recording run (`jest-difftest --diff-rebuild`) is timed and kept: its data file is
 * copied next to the project and put back before every benchmark, and reused while the build
 * (dist/) and the project are unchanged.
 */
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { generateProject, writeProject } = require('../generator');
const { ensureRepository, status } = require('../git');
const { runNode, BIN } = require('./exec');

const GENERATED = path.resolve(__dirname, '..', '..', '.generated');
const DIST = path.resolve(__dirname, '..', '..', '..', 'dist');
/** The mtime of every generated file (and of every file put back), in seconds as `fs.utimesSync` takes it. */
const MTIME = Date.UTC(2024, 0, 1) / 1000 + 0.000_123_456;
const DATA_FILE = '.difftestdata';

/**
 * Generates the project, or reuses the one on disk, putting back any file that differs.
 * @param {{size: string, seed?: number, transform?: string, fresh?: boolean, log?: (line: string) => void}} options
 */
function prepareProject({ size, seed = 1, transform = 'ts-jest-isolated', fresh = false, log = () => {} }) {
  const name = `bench-${size}-${seed}-${transform}`;
  const root = path.join(GENERATED, name);
  const statePath = path.join(GENERATED, `${name}.state.json`);
  const started = process.hrtime.bigint();
  const project = generateProject({ size, seed, transform });
  const generateMs = Number(process.hrtime.bigint() - started) / 1e6;

  let state = readJson(statePath) ?? {};
  const manifestPath = path.join(root, 'difftest-generated.json');
  const sameManifest = !fresh && readText(manifestPath) === project.files.get('difftest-generated.json');
  if (!sameManifest) {
    const writeStarted = process.hrtime.bigint();
    writeProject(project, root, { force: true });
    for (const file of project.files.keys()) fs.utimesSync(path.join(root, file), MTIME, MTIME);
    const writeMs = Number(process.hrtime.bigint() - writeStarted) / 1e6;
    ensureRepository(root);
    state = { generateMs, writeMs };
    writeJson(statePath, state);
    log(`project: generated ${root} in ${((generateMs + writeMs) / 1000).toFixed(1)} s`);
  } else {
    const restored = [];
    for (const [file, text] of project.files) {
      const abs = path.join(root, file);
      if (readText(abs) === text && Math.abs(fs.statSync(abs).mtimeMs - MTIME * 1000) < 0.001) continue;
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, text);
      fs.utimesSync(abs, MTIME, MTIME);
      restored.push(file);
    }
    ensureRepository(root);
    log(`project: reusing ${root}${restored.length ? ` (put back ${restored.length} files: ${restored.slice(0, 3).join(', ')}${restored.length > 3 ? ' …' : ''})` : ''}`);
  }
  const dirty = status(root).trim();
  if (dirty) throw new Error(`${root} has changes git sees after preparing it:\n${dirty.split('\n').slice(0, 10).join('\n')}`);
  return { root, name, size, seed, transform, manifest: project.manifest, files: project.files, statePath, state };
}

/**
 * Puts the recorded data file in place, recording first when there is none for this build.
 * @returns {Promise<{ms: number, coldCache: boolean, dataFileBytes: number, reused: boolean}>}
 */
async function ensureRecording(project, { log = () => {}, force = false, keep = false } = {}) {
  const copy = path.join(GENERATED, `${project.name}.recorded${DATA_FILE}`);
  const build = distHash();
  const { state } = project;
  if (!force && state.record && (state.record.build === build || keep) && fs.existsSync(copy)) {
    restoreDataFile(project);
    if (state.record.build !== build) log(`record: kept the recording of build ${state.record.build} (this build is ${build})`);
    return { ...state.record, reused: true };
  }
  const target = path.join(project.root, DATA_FILE);
  fs.rmSync(target, { force: true });
  const coldCache = !fs.existsSync(path.join(project.root, '.jest-cache'));
  log(`record: jest-difftest --diff-rebuild on ${project.manifest.testFiles} test files (${coldCache ? 'cold' : 'warm'} transform cache)…`);
  const run = await runNode(BIN, ['--ci', '--diff-rebuild'], { cwd: project.root });
  if (run.status !== 0 || !fs.existsSync(target)) throw new Error(`the recording run failed (exit ${run.status}):\n${tail(run.stderr)}`);
  fs.copyFileSync(target, copy);
  state.record = { build, ms: run.ms, coldCache, dataFileBytes: fs.statSync(target).size, at: new Date().toISOString() };
  writeJson(project.statePath, state);
  log(`record: ${(run.ms / 1000).toFixed(1)} s, data file ${fs.statSync(target).size} bytes`);
  return { ...state.record, reused: false };
}

/** The recorded data file, put back (a run that recorded since changed it). */
function restoreDataFile(project) {
  const copy = path.join(GENERATED, `${project.name}.recorded${DATA_FILE}`);
  fs.copyFileSync(copy, path.join(project.root, DATA_FILE));
  for (const leftover of fs.readdirSync(project.root).filter((f) => f.startsWith(`${DATA_FILE}.`))) {
    fs.rmSync(path.join(project.root, leftover), { force: true });
  }
}

/** A file of the project back as generated, with the generated mtime. */
function restoreFile(project, file) {
  const abs = path.join(project.root, file);
  fs.writeFileSync(abs, project.files.get(file));
  fs.utimesSync(abs, MTIME, MTIME);
}

/** A hash of the built package: a recording belongs to one build. */
function distHash() {
  const hash = crypto.createHash('sha1');
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs);
      else if (/\.(js|wasm)$/.test(entry.name)) hash.update(entry.name).update(fs.readFileSync(abs));
    }
  };
  if (!fs.existsSync(path.join(DIST, 'src'))) throw new Error(`${DIST} is missing: run npm run build`);
  walk(path.join(DIST, 'src'));
  if (fs.existsSync(path.join(DIST, 'wasm'))) walk(path.join(DIST, 'wasm'));
  return hash.digest('hex').slice(0, 16);
}

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readJson(file) {
  const text = readText(file);
  return text === undefined ? undefined : JSON.parse(text);
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function tail(text, lines = 25) {
  return String(text ?? '').trim().split('\n').slice(-lines).join('\n');
}

module.exports = { prepareProject, ensureRecording, restoreDataFile, restoreFile, distHash, GENERATED, MTIME, DATA_FILE, tail };
