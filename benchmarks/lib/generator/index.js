'use strict';
/**
 * The project generator: a seed and a size give the same files, byte for byte.
 *
 * @example
 * const { generateProject, writeProject } = require('./lib/generator');
 * const project = generateProject({ size: 'small', seed: 1 });
 * writeProject(project, '/tmp/small-1');
 */
const fs = require('fs');
const path = require('path');
const { NameFactory } = require('./names');
const { buildSources } = require('./sources');
const { evaluateSources } = require('./evaluate');
const { buildTests } = require('./tests');
const { configFiles, TRANSFORMS } = require('./config');

/** Bump when the same seed would give different files: manifests record it. */
const GENERATOR_VERSION = 1;

/** Sizes: source files (`.ts` under src/, barrels and type modules included) and test files. */
const SIZES = {
  small: { sourceFiles: 50, testFiles: 40, sharedModules: 3, packages: 5, casesPerFile: 8 },
  medium: { sourceFiles: 500, testFiles: 400, sharedModules: 8, packages: 35, casesPerFile: 8 },
  large: { sourceFiles: 5000, testFiles: 2000, sharedModules: 18, packages: 249, casesPerFile: 10 },
};

const MANIFEST = 'difftest-generated.json';

/**
 * @param {{size?: keyof SIZES, seed?: number, transform?: keyof TRANSFORMS}} options
 * @returns {{files: Map<string, string>, manifest: object}}
 */
function generateProject({ size = 'small', seed = 1, transform = 'ts-jest-isolated' } = {}) {
  const preset = SIZES[size];
  if (!preset) throw new Error(`unknown size ${JSON.stringify(size)}: use one of ${Object.keys(SIZES).join(', ')}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`the seed must be a non-negative integer, not ${seed}`);
  if (!TRANSFORMS[transform]) throw new Error(`unknown transform ${JSON.stringify(transform)}: use one of ${Object.keys(TRANSFORMS).join(', ')}`);
  const plan = { ...preset, seed };
  const names = new NameFactory();
  const sources = buildSources(plan, names);
  const values = evaluateSources(sources);

  const files = new Map();
  files.set('src/shared/index.ts', sources.shared.indexTs);
  files.set('src/shared/constants.ts', sources.shared.constantsTs);
  for (const { builder } of sources.shared.modules) files.set(builder.file, builder.typescript());
  for (const pkg of sources.packages) {
    files.set(`src/${pkg.name}/index.ts`, pkg.indexTs);
    files.set(`src/${pkg.name}/types.ts`, pkg.typesTs);
    if (pkg.json) files.set(pkg.json.file, `${JSON.stringify(pkg.json.data, null, 2)}\n`);
    for (const { builder } of pkg.modules) files.set(builder.file, builder.typescript());
  }
  for (const [file, text] of buildTests(plan, sources, values)) files.set(file, text);

  const name = `difftest-${size}-${seed}`;
  for (const [file, text] of configFiles({ name, size, seed, transform })) files.set(file, text);
  const count = (test) => [...files.keys()].filter(test).length;
  const manifest = {
    generator: 'jest-difftest benchmarks/generate.js',
    version: GENERATOR_VERSION,
    size,
    seed,
    transform,
    sourceFiles: count((f) => f.startsWith('src/') && f.endsWith('.ts')),
    testFiles: count((f) => f.endsWith('.test.ts')),
    testCases: [...files.entries()].filter(([f]) => f.endsWith('.test.ts')).reduce((n, [, text]) => n + countCases(text, files), 0),
    jsonFiles: count((f) => f.endsWith('.json') && f.includes('/')),
    snapshotFiles: count((f) => f.endsWith('.snap')),
    packages: sources.packages.length,
  };
  files.set(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  return { files, manifest };
}

/** `it(` cases, plus the rows of `it.each` fixtures. */
function countCases(text, files) {
  let n = (text.match(/^ {2}it\('/gm) ?? []).length;
  const fixture = text.match(/fixtures[/', ]+([\w-]+)['/, ]+([\w-]+)\.json/);
  if (/it\.each\(cases\)/.test(text) && fixture) {
    const rows = files.get(`test/fixtures/${fixture[1]}/${fixture[2]}.json`);
    n += rows ? JSON.parse(rows).length : 0;
  }
  return n;
}

/**
 * Writes the files under dir, which must not exist or be empty (unless force: then it is emptied).
 * @param {{files: Map<string, string>}} project
 * @param {string} dir
 * @param {{force?: boolean}} [options]
 */
function writeProject(project, dir, { force = false } = {}) {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    if (!force) throw new Error(`${dir} exists and is not empty: choose another --out, or pass --force to replace it`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const made = new Set();
  for (const [file, text] of project.files) {
    const target = path.join(dir, file);
    const parent = path.dirname(target);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    fs.writeFileSync(target, text);
  }
}

module.exports = { generateProject, writeProject, SIZES, MANIFEST, GENERATOR_VERSION };
