'use strict';
/**
 * Builds the source side of a generated project: a `shared` package of helpers and constants used
 * everywhere, then packages (`src/<pkg>/`) with a barrel, a type-only module, an optional JSON data
 * file and modules that call shared helpers, earlier modules and earlier packages (never later
 * ones, so that barrels never form import cycles).
 */
const { Rng } = require('../rng');
const { pascal, kebab } = require('./names');
const { ModuleBuilder } = require('./module');
const units = require('./units');

const SHARED_CONSTS = ['SCALE', 'STEP', 'ROUNDING'];

/**
 * @param {{seed: number, sharedModules: number, packages: number, sourceFiles: number}} plan
 * @param {import('./names').NameFactory} names
 */
function buildSources(plan, names) {
  const shared = buildShared(plan, names);
  const perPackage = splitEvenly(plan.sourceFiles - shared.fileCount, plan.packages);
  /** numeric functions callable from later packages: `[{pkg, name}]` per package index */
  const registry = [];
  const packages = [];
  for (let p = 0; p < plan.packages; p++) {
    const moduleCount = perPackage[p] - 2; // index.ts and types.ts
    if (moduleCount < 1) throw new Error(`too few source files for ${plan.packages} packages`);
    const pkg = buildPackage(plan, names, p, moduleCount, shared, registry);
    registry.push(pkg.modules.flatMap((m) => m.builder.units.filter((u) => u.numeric).map((u) => ({ pkg: pkg.name, name: u.name }))));
    packages.push(pkg);
  }
  return { shared, packages };
}

function buildShared(plan, names) {
  const rng = Rng.derive(plan.seed, 'shared');
  const consts = SHARED_CONSTS.map((name) => ({ name, value: rng.int(2, 9) }));
  const modules = [];
  let fnIndex = 0;
  for (let i = 0; i < plan.sharedModules; i++) {
    const name = names.sharedModule(i);
    const m = new ModuleBuilder({
      rng: Rng.derive(plan.seed, `shared:${name}`),
      file: `src/shared/${name}.ts`,
      words: [name],
      pkg: null,
      available: { shared: { fns: [], consts: SHARED_CONSTS, from: './constants' }, cross: [], local: [], json: null },
    });
    const count = m.rng.int(2, 4);
    for (let j = 0; j < count; j++) {
      m.calledOther = false;
      m.units.push(units.sharedFn(m, names.sharedFunction(fnIndex++)));
    }
    modules.push({ name, builder: m });
  }
  const constantsTs = `${consts.map((c) => `export const ${c.name} = ${c.value};`).join('\n')}\n`;
  const indexTs = `/** Helpers and constants shared by every package. */\nexport * from './constants';\n${modules.map((m) => `export * from './${m.name}';`).join('\n')}\n`;
  return {
    consts,
    modules,
    fns: modules.flatMap((m) => m.builder.units.map((u) => u.name)),
    constantsTs,
    indexTs,
    fileCount: modules.length + 2,
  };
}

function buildPackage(plan, names, index, moduleCount, shared, registry) {
  const name = names.packageName(index);
  const rng = Rng.derive(plan.seed, `pkg:${name}`);
  const P = pascal([name]);
  const types = { record: `${P}Record`, mode: `${P}Mode`, options: `${P}Options`, summary: `${P}Summary` };
  const pkg = { name, index, types, modules: [], json: null };
  if (index % 3 === 1) {
    pkg.json = {
      file: `src/${name}/data/rates.json`,
      data: { base: rng.int(1, 20), factor: rng.int(2, 9), steps: [rng.int(1, 9), rng.int(1, 9)] },
      // Modules take the values in turn, so that every value of the file is used by some code.
      paths: ['base', 'factor', 'steps[0]', 'steps[1]'],
      used: 0,
    };
  }
  const cross = crossCandidates(rng, registry);
  const local = [];
  for (let i = 0; i < moduleCount; i++) {
    const words = names.moduleWords(rng);
    const file = `src/${name}/${kebab(words)}.ts`;
    const json = pkg.json && (i === 0 || rng.chance(0.5)) ? { name: 'rates', from: './data/rates.json', data: pkg.json } : null;
    const m = new ModuleBuilder({
      rng: Rng.derive(plan.seed, file),
      file,
      words,
      pkg,
      available: { shared: { fns: shared.fns, consts: SHARED_CONSTS, from: '../shared' }, cross, local: [...local], json },
    });
    fillModule(m);
    pkg.modules.push({ name: kebab(words), builder: m, exportAll: rng.chance(0.7) });
    for (const unit of m.units) if (unit.numeric) local.push({ name: unit.name, from: `./${kebab(words)}` });
  }
  pkg.typesTs = typesModule(name, types);
  pkg.indexTs = barrel(pkg);
  return pkg;
}

/** Up to eight numeric functions of up to three earlier packages, reached through their barrels. */
function crossCandidates(rng, registry) {
  if (registry.length === 0) return [];
  const packages = rng.sample(registry.map((_, i) => i), 3);
  const fns = packages.flatMap((p) => registry[p].map((fn) => ({ name: fn.name, from: `../${fn.pkg}` })));
  return rng.sample(fns, 8);
}

/** Chooses a module's units: always a numeric function, then a random mix of the other kinds. */
function fillModule(m) {
  const add = (make) => {
    m.calledOther = false;
    const unit = make();
    m.units.push(unit);
    return unit;
  };
  const value = add(() => units.numFn(m));
  if (m.rng.chance(0.3)) add(() => units.numFn(m, 'scale'));
  const wantSummary = m.rng.chance(0.35);
  const ready = wantSummary || m.rng.chance(0.6) ? add(() => units.predicate(m)) : null;
  const label = wantSummary || m.rng.chance(0.45) ? add(() => units.strFn(m)) : null;
  if (m.rng.chance(0.4)) add(() => units.recordFn(m));
  if (wantSummary) add(() => units.summaryFn(m, { label: label.name, value: value.name, ready: ready.name }));
  if (m.rng.chance(0.45)) add(() => units.classUnit(m));
  if (m.rng.chance(0.3)) add(() => units.helpers(m));
}

function typesModule(name, types) {
  return `/** Shapes used across the ${name} package (types only: nothing here exists at run time). */
export interface ${types.record} {
  id: string;
  weight: number;
  tags: string[];
}

export type ${types.mode} = 'short' | 'long';

export interface ${types.options} {
  scale: number;
  mode: ${types.mode};
}

export interface ${types.summary} {
  label: string;
  value: number;
  ready: boolean;
  parts: number[];
}
`;
}

function barrel(pkg) {
  const t = pkg.types;
  const lines = [`/** The ${pkg.name} package. */`, `export type { ${[t.mode, t.options, t.record, t.summary].join(', ')} } from './types';`];
  for (const m of pkg.modules) {
    lines.push(m.exportAll ? `export * from './${m.name}';` : `export { ${m.builder.exports().join(', ')} } from './${m.name}';`);
  }
  return `${lines.join('\n')}\n`;
}

/** Splits total into n near-equal integers, the larger ones first. */
function splitEvenly(total, n) {
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total - base * n ? 1 : 0));
}

module.exports = { buildSources, splitEvenly };
