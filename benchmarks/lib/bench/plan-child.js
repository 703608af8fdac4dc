'use strict';
/**
 * One in-process measurement of the sequencer's work, in a fresh Node process (so that the first
 * call pays what a real run pays: loading the WebAssembly hasher and sql.js, the first parse):
 *
 *   node plan-child.js '{"root": DIR, "repeats": N, "changed": ["src/a.ts", ...], "phases": false}'
 *
 * Reads the project's config with Jest's own `readConfigs`, builds each project's context (haste
 * map, resolver) as `jest` does, finds the test files with Jest's `SearchSource`, then times:
 * - `load`: requiring jest-difftest's sequencer module (what Jest does before `sort()`);
 * - `cold`: the first `planRun(tests, options, globalConfig)` in the process;
 * - `warm`: N more calls (modules, WebAssembly and caches loaded);
 * - `coldCpu`, `warmCpu`: the CPU time (user + system) of the same calls;
 * - `floor`: the least the same job can cost: `fs.statSync` of every file the data file knows,
 *   and reading and hashing (xxHash64, the same hasher) the changed ones, N times;
 * - `floorFresh`: the same job once in a fresh Node process (floor-child.js), as a first call runs:
 *   the first pass over the files costs more than later ones (the young generation grows, code warms).
 * With `phases`, the first call is taken apart instead: the steps of `planRun`, called one by one
 * through the modules' exports in the same order, each timed on its first call (`phases` in the
 * output), before `planRun` itself (then no longer a first call).
 * Prints one JSON line on stdout.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { floorPass } = require('./floor-child');

const REPO = path.resolve(__dirname, '..', '..', '..');
const fromJest = (id) => require(require.resolve(id, { paths: [path.join(REPO, 'node_modules', 'jest'), REPO] }));
const now = () => Number(process.hrtime.bigint()) / 1e6;
/** CPU time of this process so far (user + system), ms. */
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

async function main() {
  const { root, repeats = 5, changed = [], phases: takeApart = false } = JSON.parse(process.argv[2]);
  process.chdir(root);
  const { readConfigs } = fromJest('jest-config');
  const Runtime = fromJest('jest-runtime').default;
  const { SearchSource } = fromJest('@jest/core');
  const { CustomConsole } = fromJest('@jest/console');

  const argv = { _: [], $0: 'jest', ci: true, passWithNoTests: true };
  const { globalConfig, configs } = await readConfigs(argv, [root]);
  const tests = [];
  for (const config of configs) {
    const hasteMap = await Runtime.createHasteMap(config, {
      console: new CustomConsole(process.stderr, process.stderr),
      maxWorkers: 1,
      resetCache: !config.cache,
      watch: false,
      watchman: globalConfig.watchman,
    });
    const { hasteFS, moduleMap } = await hasteMap.build();
    const context = { config, hasteFS, moduleMap, resolver: Runtime.createResolver(config, moduleMap) };
    const found = await new SearchSource(context).getTestPaths(globalConfig, config, undefined, undefined);
    tests.push(...found.tests);
  }

  let started = now();
  require(path.join(REPO, 'dist', 'src', 'jest', 'sequencer.js'));
  const load = now() - started;
  const { planRun } = require(path.join(REPO, 'dist', 'src', 'jest', 'selection.js'));
  const { readOptions } = require(path.join(REPO, 'dist', 'src', 'jest', 'configOptions.js'));
  const options = readOptions(globalConfig);
  const phases = takeApart ? await timePhases(tests, options, globalConfig) : undefined;

  started = now();
  let startedCpu = cpu();
  const plan = await planRun(tests, options, globalConfig);
  const cold = now() - started;
  const coldCpu = cpu() - startedCpu;
  const warm = [];
  const warmCpu = [];
  for (let i = 0; i < repeats; i++) {
    started = now();
    startedCpu = cpu();
    await planRun(tests, options, globalConfig);
    warm.push(now() - started);
    warmCpu.push(cpu() - startedCpu);
  }

  // The floor: stat every known file, read and hash the changed ones.
  const { openStore } = require(path.join(REPO, 'dist', 'src', 'store'));
  const { loadHasher } = require(path.join(REPO, 'dist', 'wasm', 'hasher.js'));
  const hasher = await loadHasher();
  const { snapshot } = await openStore(plan.state.dataFile, options.env);
  const known = [...snapshot.files.keys()].map((file) => path.join(plan.state.root, ...file.split('/')));
  const changedAbs = changed.map((file) => path.join(root, file));
  const floor = [];
  for (let i = 0; i < repeats + 1; i++) floor.push(floorPass(known, changedAbs, hasher));

  // The same floor in a fresh process, as the first call runs in one.
  const list = path.join(os.tmpdir(), `difftest-floor-${process.pid}.json`);
  fs.writeFileSync(list, JSON.stringify({ known, changed: changedAbs }));
  const fresh = spawnSync(process.execPath, [path.join(__dirname, 'floor-child.js'), list], { encoding: 'utf8' });
  fs.rmSync(list, { force: true });
  if (fresh.status !== 0) throw new Error(`floor-child failed (exit ${fresh.status}):\n${fresh.stderr}`);
  const floorFresh = JSON.parse(fresh.stdout.trim()).ms;

  const header = plan.lines.find((line) => line.includes('test files selected')) ?? plan.lines.join(' | ');
  process.stdout.write(
    `${JSON.stringify({
      candidates: tests.length,
      selected: plan.tests.length,
      knownFiles: known.length,
      checkedFiles: plan.state.current.size,
      header,
      load,
      cold,
      coldCpu,
      warm,
      warmCpu,
      floor: floor.slice(1),
      floorFirst: floor[0],
      floorFresh,
      ...(phases ? { phases } : {}),
    })}\n`,
  );
}

/** planRun's steps one by one (see src/jest/selection.ts), each timed on its first call. */
async function timePhases(tests, options, globalConfig) {
  const dist = (...parts) => require(path.join(REPO, 'dist', ...parts));
  const phases = {};
  const time = async (name, fn) => {
    const started = now();
    const result = await fn();
    phases[name] = now() - started;
    return result;
  };
  const root = globalConfig.rootDir;
  const hasher = await time('load hasher (xxhash-wasm)', () => dist('wasm', 'hasher.js').loadHasher());
  await time('load sql.js', () => dist('wasm', 'sqljs.js').loadSqlJs());
  const { snapshot } = await time('read data file', () => dist('src', 'store').openStore(path.resolve(root, options.dataFile), options.env));
  const { toStorePath } = dist('src', 'jest', 'paths.js');
  const byPath = new Map();
  for (const test of tests) {
    const relative = toStorePath(root, test.path);
    byPath.set(relative, [...(byPath.get(relative) ?? []), test]);
  }
  const candidates = [...byPath.keys()];
  await time('run-wide inputs', () => {
    const configs = [...new Map(tests.map((t) => [t.context.config.id, t.context.config])).values()];
    return dist('src', 'jest', 'inputs.js').runWideInputs(configs, root, hasher, dist('src', 'jest', 'fromJest.js').runningJestVersion());
  });
  const { filesToCheck, selectTests } = dist('src', 'core', 'select.js');
  const current = await time('cascade (stat, hash, parse)', () =>
    dist('src', 'core', 'cascade.js').detectChanges(filesToCheck(candidates, snapshot), snapshot.files, dist('src', 'jest', 'fileSource.js').diskFileSource(root), hasher, Date.now()),
  );
  const { isCodeFile } = dist('src', 'core', 'blocks.js');
  const broken = await time('compile changed files', async () => {
    const changed = [...current].filter(([file, state]) => state?.changed && isCodeFile(file)).map(([file]) => file);
    if (changed.length === 0) return new Map();
    const loadedBy = new Map();
    for (const test of candidates) {
      for (const id of snapshot.tests.get(test)?.fingerprintIds ?? []) {
        const file = snapshot.fingerprints.get(id)?.file;
        if (file !== undefined && isCodeFile(file) && !loadedBy.has(file)) loadedBy.set(file, byPath.get(test)[0]);
      }
    }
    return dist('src', 'jest', 'compile.js').findCompileErrors({ root, changed, loadedBy, globalConfig });
  });
  await time('select', () => selectTests({ tests: candidates, snapshot, current, broken }));
  return phases;
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
