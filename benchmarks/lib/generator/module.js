'use strict';
/**
 * One generated source module: its imports, module-level constants and units (functions, classes,
 * helper objects), written twice from the same pieces — as TypeScript for the project, and as a
 * JavaScript factory that the generator runs to know what every test must expect.
 */

const CONST_NAMES = ['FACTOR', 'OFFSET', 'BIAS', 'SPAN'];

class ModuleBuilder {
  /**
   * @param {object} spec
   * @param {import('../rng').Rng} spec.rng
   * @param {string} spec.file path in the project, `src/<pkg>/<name>.ts`
   * @param {string[]} spec.words the module's words, `['amber', 'ledger']`
   * @param {object | null} spec.pkg the package (null for shared modules): `{ name, types }`
   * @param {object} spec.available what this module may call:
   *   `{ shared: {fns, consts, from}, cross: [{name, from}], local: [{name, from}], json: {from, paths} | null }`
   */
  constructor({ rng, file, words, pkg, available }) {
    this.rng = rng;
    this.file = file;
    this.words = words;
    this.pkg = pkg;
    this.available = available;
    /** @type {Map<string, Set<string>>} value imports by specifier */
    this.imports = new Map();
    /** @type {Set<string>} type names imported from the package's types module */
    this.typeImports = new Set();
    this.jsonImport = null;
    /** @type {Array<{name: string, ts: string, js: string}>} */
    this.consts = [];
    /** @type {Array<import('./units').Unit>} */
    this.units = [];
    this.calledOther = false;
  }

  /** Registers a value import and returns the name to use. */
  use(from, name) {
    if (!this.imports.has(from)) this.imports.set(from, new Set());
    this.imports.get(from).add(name);
    return name;
  }

  /** A type of the package's types module (`record`, `mode`, `options`, `summary`). */
  type(role) {
    const name = this.pkg.types[role];
    this.typeImports.add(name);
    return name;
  }

  /** A module-level numeric constant: an existing one, or a new one. */
  numConst() {
    const existing = this.consts.filter((c) => c.numeric);
    if (existing.length > 0 && (existing.length >= CONST_NAMES.length || this.rng.chance(0.5))) {
      return this.rng.pick(existing).name;
    }
    const name = CONST_NAMES[existing.length];
    const value = this.rng.int(2, 19);
    this.consts.push({ name, numeric: true, ts: `const ${name} = ${value};`, js: `const ${name} = ${value};` });
    return name;
  }

  /** The module's string prefix constant. */
  prefixConst() {
    const found = this.consts.find((c) => c.name === 'PREFIX');
    if (found) return found.name;
    const value = this.words.join('-');
    this.consts.push({ name: 'PREFIX', ts: `const PREFIX = '${value}';`, js: `const PREFIX = '${value}';` });
    return 'PREFIX';
  }

  /** A table computed when the module loads (import-time code that only coverage of loading sees). */
  table() {
    if (this.consts.some((c) => c.name === 'TABLE')) return 'TABLE';
    const factor = this.numConst();
    const items = [this.rng.int(1, 9), this.rng.int(1, 9), this.rng.int(1, 9), this.rng.int(1, 9)].join(', ');
    const add = this.rng.int(1, 7);
    this.consts.push({
      name: 'TABLE',
      ts: `const TABLE: readonly number[] = [${items}].map((n) => n * ${factor} + ${add});`,
      js: `const TABLE = [${items}].map((n) => n * ${factor} + ${add});`,
    });
    return 'TABLE';
  }

  /** An exported numeric limit, `AMBER_LEDGER_LIMIT`. */
  exportedLimit() {
    const name = `${this.words.map((w) => w.toUpperCase()).join('_')}_LIMIT`;
    if (!this.consts.some((c) => c.name === name)) {
      const value = this.rng.int(20, 60);
      this.consts.push({ name, exported: true, ts: `export const ${name} = ${value};`, js: `const ${name} = ${value};` });
    }
    return name;
  }

  /**
   * A numeric term over `x`: a literal, a constant, a shared helper, a call into another module or
   * package, a JSON value or the module's table. At most one call to another module's function per
   * unit keeps call chains short.
   */
  term(x = 'x', withX = false) {
    const { shared, cross, local, json } = this.available;
    const options = withX ? ['mul', 'mul'] : ['mul', 'lit', 'const', 'const'];
    if (shared && shared.fns.length > 0) options.push('shared', 'shared');
    if (shared && shared.consts.length > 0 && !withX) options.push('sharedConst');
    if (!this.calledOther && (cross.length > 0 || local.length > 0)) options.push('call');
    if (json && !withX) options.push('json');
    if (this.pkg) options.push('table');
    switch (this.rng.pick(options)) {
      case 'mul':
        return `${x} * ${this.rng.int(2, 9)}`;
      case 'lit':
        return String(this.rng.int(1, 30));
      case 'const':
        return this.numConst();
      case 'shared':
        return `${this.use(shared.from, this.rng.pick(shared.fns))}(${x}, ${this.rng.int(2, 9)})`;
      case 'sharedConst':
        return this.use(shared.from, this.rng.pick(shared.consts));
      case 'call': {
        this.calledOther = true;
        const pool = cross.length > 0 && (local.length === 0 || this.rng.chance(0.5)) ? cross : local;
        const target = this.rng.pick(pool);
        return `${this.use(target.from, target.name)}(${x})`;
      }
      case 'json':
        return this.jsonTerm();
      case 'table':
        return `${this.table()}[Math.abs(${x}) % ${this.table()}.length]`;
      default:
        throw new Error('unreachable');
    }
  }

  /** A value of the package's JSON data file (imported with resolveJsonModule). */
  jsonTerm() {
    const { json } = this.available;
    this.jsonImport = json;
    const { paths } = json.data;
    return `${json.name}.${paths[json.data.used++ % paths.length]}`;
  }

  /** Two or three terms joined by + and -, the first one depending on x. */
  expr(x = 'x') {
    const count = this.rng.int(2, 3);
    let text = this.term(x, true);
    for (let i = 1; i < count; i++) text += ` ${this.rng.pick(['+', '-', '+'])} ${this.term(x)}`;
    return text;
  }

  /** The value of a numeric constant declared in this module. */
  constValue(name) {
    const found = this.consts.find((c) => c.name === name);
    const match = found && /= (-?\d+);$/.exec(found.js);
    if (!match) throw new Error(`${name} is not a numeric constant of ${this.file}`);
    return Number(match[1]);
  }

  /** Names this module exports, in order. */
  exports() {
    return [...this.consts.filter((c) => c.exported).map((c) => c.name), ...this.units.flatMap((u) => u.exports)];
  }

  /** The TypeScript source. */
  typescript() {
    const lines = [];
    for (const [from, names] of sortedImports(this.imports)) lines.push(`import { ${[...names].sort().join(', ')} } from '${from}';`);
    if (this.jsonImport) lines.push(`import ${this.jsonImport.name} from '${this.jsonImport.from}';`);
    if (this.typeImports.size > 0) lines.push(`import type { ${[...this.typeImports].sort().join(', ')} } from './types';`);
    const head = lines.length > 0 ? `${lines.join('\n')}\n\n` : '';
    const consts = this.consts.length > 0 ? `${this.consts.map((c) => c.ts).join('\n')}\n\n` : '';
    return `${head}${consts}${this.units.map((u) => u.emit(true)).join('\n\n')}\n`;
  }

  /**
   * The body of a JavaScript factory `(__deps) => exports` with the same behaviour as the
   * TypeScript source; `__deps` maps each import specifier of this module to its exports.
   */
  javascript() {
    const lines = ['"use strict";'];
    for (const [from, names] of sortedImports(this.imports)) lines.push(`const { ${[...names].sort().join(', ')} } = __deps[${JSON.stringify(from)}];`);
    if (this.jsonImport) lines.push(`const ${this.jsonImport.name} = __deps[${JSON.stringify(this.jsonImport.from)}];`);
    for (const c of this.consts) lines.push(c.js);
    for (const u of this.units) lines.push(u.emit(false));
    lines.push(`return { ${this.exports().join(', ')} };`);
    return lines.join('\n');
  }

  /** Specifiers this module loads at run time (value imports and JSON). */
  runtimeImports() {
    const list = [...this.imports.keys()];
    if (this.jsonImport) list.push(this.jsonImport.from);
    return list;
  }
}

function sortedImports(imports) {
  // Package barrels first (`../x`), then siblings (`./x`); alphabetical within each group.
  return [...imports.entries()].sort(([a], [b]) => {
    const rank = (s) => (s.startsWith('../') ? 0 : 1);
    return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  });
}

module.exports = { ModuleBuilder };
