'use strict';
/**
 * Runs the JavaScript twin of every generated module, in import order, so that the generator knows
 * the value of every call a test makes: the tests it writes then pass by construction.
 */

/**
 * @param {ReturnType<typeof import('./sources').buildSources>} sources
 * @returns {{shared: object, packages: Map<string, object>, modules: Map<string, object>}} exports of
 *   the shared barrel, of each package barrel (by package name) and of each module (by file)
 */
function evaluateSources(sources) {
  const modules = new Map();
  const constants = Object.fromEntries(sources.shared.consts.map((c) => [c.name, c.value]));
  const shared = { ...constants };
  for (const { builder } of sources.shared.modules) {
    const exports = run(builder, { './constants': constants });
    modules.set(builder.file, exports);
    Object.assign(shared, exports);
  }
  const packages = new Map();
  for (const pkg of sources.packages) {
    const barrel = {};
    const siblings = {};
    for (const { name, builder } of pkg.modules) {
      const deps = { '../shared': shared, ...siblings };
      for (const [from] of builder.imports) if (from.startsWith('../') && from !== '../shared') deps[from] = packages.get(from.slice(3));
      if (builder.jsonImport) deps[builder.jsonImport.from] = deepFreeze(structuredClone(pkg.json.data));
      const exports = run(builder, deps);
      modules.set(builder.file, exports);
      siblings[`./${name}`] = exports;
      Object.assign(barrel, exports);
    }
    packages.set(pkg.name, barrel);
  }
  return { shared, packages, modules };
}

function run(builder, deps) {
  for (const from of builder.runtimeImports()) {
    if (!deps[from]) throw new Error(`${builder.file}: import ${from} is not available yet (import order)`);
  }
  // eslint-disable-next-line no-new-func
  return new Function('__deps', builder.javascript())(deps);
}

/**
 * The values of a probe's checks, computed with the given names in scope.
 * @param {import('./units').Probe} probe
 * @param {Record<string, unknown>} scope
 */
function evaluateProbe(probe, scope) {
  const names = Object.keys(scope);
  const body = `"use strict";\n${probe.setup ? probe.setup.js : ''}\nreturn [${probe.checks.map((c) => c.expr).join(', ')}];`;
  // eslint-disable-next-line no-new-func
  const values = new Function(...names, body)(...names.map((n) => scope[n]));
  values.forEach((value, i) => {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${probe.checks[i].expr} is ${value}: the generator must not produce it`);
  });
  return values;
}

function deepFreeze(value) {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

module.exports = { evaluateSources, evaluateProbe };
