'use strict';
/**
 * Writes the test side of a generated project. Each test file imports through its package's barrel
 * (sometimes straight from the module), imports more than it calls, and calls a slice of the
 * package's functions, classes and helpers, so that function-level selection has something to beat
 * file-level `--findRelatedTests` with. Some files check values kept in JSON fixtures (imported, or
 * read with `fs`), some use snapshots. Expected values come from running the sources' JavaScript twins.
 */
const { Rng } = require('../rng');
const { splitEvenly } = require('./sources');
const { evaluateProbe } = require('./evaluate');
const { literal, snapshotFile } = require('./literal');

/**
 * @param {object} plan `{seed, testFiles, casesPerFile}`
 * @param {ReturnType<typeof import('./sources').buildSources>} sources
 * @param {ReturnType<typeof import('./evaluate').evaluateSources>} values
 * @returns {Map<string, string>} files by project path
 */
function buildTests(plan, sources, values) {
  const files = new Map();
  const sharedTests = Math.min(sources.shared.modules.length, Math.max(1, Math.floor(plan.testFiles / 10)));
  const perPackage = splitEvenly(plan.testFiles - sharedTests, sources.packages.length);

  const sharedUnits = sources.shared.modules.flatMap((m) => m.builder.units.map((unit) => ({ unit, module: m.name, file: m.builder.file })));
  const sharedChunks = chunk(sharedUnits, sharedTests);
  sharedChunks.forEach((units, i) => {
    const base = sharedTests === sources.shared.modules.length ? sources.shared.modules[i].name : `helpers-${i + 1}`;
    writeTestFile(files, plan, {
      dir: 'test/shared',
      base,
      describe: `shared/${base}`,
      barrel: '../../src/shared',
      units,
      others: [],
      scope: values.shared,
      rng: Rng.derive(plan.seed, `test:shared/${base}`),
    });
  });

  sources.packages.forEach((pkg, p) => {
    const rng = Rng.derive(plan.seed, `tests:${pkg.name}`);
    const all = pkg.modules.flatMap((m) => m.builder.units.map((unit) => ({ unit, module: m.name, file: m.builder.file })));
    const count = perPackage[p];
    if (count === 0) return;
    const chunks = chunk(rng.shuffle(all), count);
    const used = new Set();
    chunks.forEach((units, i) => {
      // A little overlap: some files also call a unit another file covers.
      if (rng.chance(0.3)) {
        const extra = rng.pick(all);
        if (!units.includes(extra)) units.push(extra);
      }
      let base = units[0].module;
      for (let n = 2; used.has(base); n++) base = `${units[0].module}-${n}`;
      used.add(base);
      const others = all.filter((u) => !units.includes(u));
      writeTestFile(files, plan, {
        dir: `test/${pkg.name}`,
        base,
        describe: `${pkg.name}/${base}`,
        barrel: `../../src/${pkg.name}`,
        units,
        others,
        scope: values.packages.get(pkg.name),
        rng: Rng.derive(plan.seed, `test:${pkg.name}/${base}`),
      });
    });
  });
  return files;
}

/** n groups, round-robin, every group non-empty when there are at least n items. */
function chunk(items, n) {
  const groups = Array.from({ length: n }, () => []);
  items.forEach((item, i) => groups[i % n].push(item));
  return groups.filter((g) => g.length > 0);
}

function writeTestFile(files, plan, spec) {
  const { dir, base, describe, barrel, units, others, scope, rng } = spec;
  const barrelValues = new Set();
  const directValues = new Map(); // module path -> names
  const types = new Set();
  const importValue = (entry, name) => {
    if (entry.direct) {
      const from = `../../${entry.file.replace(/\.ts$/, '')}`;
      if (!directValues.has(from)) directValues.set(from, new Set());
      directValues.get(from).add(name);
    } else barrelValues.add(name);
  };
  const entries = units.map((u) => ({ ...u, direct: !barrel.endsWith('shared') && rng.chance(0.15) }));

  // The cases: one probe per unit, then more probes round-robin until the file has enough.
  const cases = [];
  const snapshots = [];
  const target = Math.max(plan.casesPerFile, entries.length);
  let fixture = null;
  const numeric = entries.find((e) => e.unit.numeric);
  if (numeric && rng.chance(0.3)) fixture = { entry: numeric, via: rng.chance(0.5) ? 'import' : 'fs' };
  const caseBudget = target - (fixture ? 1 : 0);
  for (let i = 0; cases.length < caseBudget; i++) {
    const entry = entries[i % entries.length];
    const round = Math.floor(i / entries.length);
    // Round 0 uses each unit's first probe (the one that reaches all of it), later rounds the others.
    const probe = entry.unit.probes[round % entry.unit.probes.length](rng);
    const title = `${probe.title} #${round + 1}`;
    for (const name of probe.values) importValue(entry, name);
    for (const name of probe.types) types.add(name);
    const results = evaluateProbe(probe, scope);
    const lines = [];
    if (probe.setup) lines.push(...probe.setup.ts.split('\n'));
    let snapshotIndex = 0;
    probe.checks.forEach((check, c) => {
      if (check.matcher === 'snapshot') {
        snapshots.push({ key: `${describe} ${title} ${++snapshotIndex}`, value: results[c] });
        lines.push(`expect(${check.expr}).toMatchSnapshot();`);
      } else {
        lines.push(`expect(${check.expr}).${check.matcher}(${literal(results[c])});`);
      }
    });
    cases.push({ title, lines });
  }

  const head = [];
  let fixtureDecl = null;
  let fixtureCase = null;
  if (fixture) {
    const name = fixture.entry.unit.name;
    importValue(fixture.entry, name);
    const rows = [...new Set([rng.int(-8, 10), rng.int(0, 40), rng.int(20, 90), rng.int(0, 90)])]
      .map((input) => ({ input, expected: evaluateProbe({ checks: [{ expr: `${name}(${input})` }] }, scope)[0] }))
      .filter((row) => !Object.is(row.expected, -0)); // JSON has no -0: toBe(0) would fail on it
    const jsonPath = `test/fixtures/${dir.slice('test/'.length)}/${base}.json`;
    files.set(jsonPath, `${JSON.stringify(rows, null, 2)}\n`);
    const rel = `../fixtures/${dir.slice('test/'.length)}/${base}.json`;
    if (fixture.via === 'import') {
      head.push(`import cases from '${rel}';`);
    } else {
      head.push(`import { readFileSync } from 'fs';`, `import { join } from 'path';`);
      fixtureDecl = `const cases = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', '${dir.slice('test/'.length)}', '${base}.json'), 'utf8')) as Array<{ input: number; expected: number }>;`;
    }
    fixtureCase = `  it.each(cases)('${name}($input) is $expected (fixture)', ({ input, expected }) => {\n    expect(${name}(input)).toBe(expected);\n  });`;
  }

  // Names imported but never called: the barrel makes them cheap to import, and common.
  for (const other of rng.sample(others, rng.int(0, 2))) if (!other.unit.exports.some((n) => barrelValues.has(n))) barrelValues.add(other.unit.exports[0]);

  const imports = [];
  if (barrelValues.size > 0) imports.push(`import { ${[...barrelValues].sort().join(', ')} } from '${barrel}';`);
  for (const [from, names] of [...directValues.entries()].sort()) imports.push(`import { ${[...names].sort().join(', ')} } from '${from}';`);
  if (types.size > 0) imports.push(`import type { ${[...types].sort().join(', ')} } from '${barrel}';`);
  const body = cases.map((c) => `  it('${c.title}', () => {\n${c.lines.map((l) => `    ${l}`).join('\n')}\n  });`);
  if (fixtureCase) body.splice(Math.min(1, body.length), 0, fixtureCase);
  const text = [
    [...head, ...imports].join('\n'),
    ...(fixtureDecl ? [fixtureDecl] : []),
    `describe('${describe}', () => {\n${body.join('\n\n')}\n});`,
  ].join('\n\n');
  files.set(`${dir}/${base}.test.ts`, `${text}\n`);
  if (snapshots.length > 0) files.set(`${dir}/__snapshots__/${base}.test.ts.snap`, snapshotFile(snapshots));
}

module.exports = { buildTests };
