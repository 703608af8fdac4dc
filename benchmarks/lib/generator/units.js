'use strict';
/**
 * The kinds of code a generated module holds, each written as TypeScript (`emit(true)`) or as plain
 * JavaScript with the same behaviour (`emit(false)`), and each with probes: calls a test can make,
 * whose expected values the generator computes by running the JavaScript.
 *
 * @typedef {{expr: string, matcher: 'toBe' | 'toEqual' | 'snapshot'}} Check
 * @typedef {{title: string, setup?: {ts: string, js: string}, checks: Check[], values: string[], types: string[]}} Probe
 * @typedef {{kind: string, name: string, exports: string[], numeric: boolean,
 *   emit: (ts: boolean) => string, probes: Array<(rng: import('../rng').Rng) => Probe>}} Unit
 */
const { camel, pascal } = require('./names');

const COMPARISONS = ['>', '<', '>=', '<='];
const t = (ts, text) => (ts ? text : '');
const exp = (ts) => (ts ? 'export ' : '');

/** Integers a test feeds a numeric function: spread wide enough to reach both sides of its branches. */
function inputs(rng, count) {
  const values = new Set();
  while (values.size < count) values.add(rng.pick([rng.int(-8, 12), rng.int(0, 40), rng.int(25, 90)]));
  return [...values];
}

/** Inputs around a threshold, where a flipped comparison shows. */
function near(rng, value, count) {
  const values = new Set();
  while (values.size < count) values.add(rng.chance(0.75) ? value + rng.int(-15, 15) : rng.int(-8, 90));
  return [...values];
}

function record(rng) {
  const tags = rng.sample(['red', 'blue', 'green', 'fast', 'new', 'old'], rng.int(0, 3));
  return `{ id: 'r${rng.int(1, 99)}', weight: ${rng.int(0, 30)}, tags: [${tags.map((tag) => `'${tag}'`).join(', ')}] }`;
}

/** `compute<Words>(x: number): number` — branches on a computed value. */
function numFn(m, verb = 'compute') {
  const name = camel([verb, ...m.words]);
  let base = m.expr();
  // A module given the package's JSON data uses it at least once.
  if (m.available.json && !m.jsonImport) base += ` + ${m.jsonTerm()}`;
  const limit = m.rng.int(5, 60);
  const cmp = m.rng.pick(COMPARISONS);
  const shape = m.rng.int(0, 2);
  // A modulus the results actually reach keeps values small and makes its literal matter.
  const mod = m.rng.int(40, 99);
  let body;
  if (shape === 0) {
    const high = m.term();
    const low = m.term();
    body = (ts) => `  const base${t(ts, ': number')} = ${base};
  if (base ${cmp} ${limit}) {
    return (base - ${high}) % ${mod};
  }
  return (base + ${low}) % ${mod};`;
  } else if (shape === 1) {
    const steps = [m.rng.int(1, 9), m.rng.int(1, 9), m.rng.int(1, 9)].join(', ');
    const k = m.rng.int(2, 4);
    body = (ts) => `  let total${t(ts, ': number')} = ${base};
  for (const step of [${steps}]) {
    total = total ${cmp} ${limit} ? total - step : total + step * ${k};
  }
  return total % ${mod};`;
  } else {
    const other = m.term();
    body = () => `  const scaled = ${base};
  return scaled ${cmp} ${limit} ? (scaled * 2 - ${other}) % ${mod} : (${other} - scaled) % ${mod};`;
  }
  return {
    kind: 'function',
    name,
    exports: [name],
    numeric: true,
    emit: (ts) => `${exp(ts)}function ${name}(x${t(ts, ': number')})${t(ts, ': number')} {\n${body(ts)}\n}`,
    probes: [(rng) => ({ title: name, checks: inputs(rng, rng.int(2, 3)).map((x) => ({ expr: `${name}(${x})`, matcher: 'toBe' })), values: [name], types: [] })],
  };
}

/** `is<Words>Ready(x: number): boolean` — a boolean return built from comparisons. */
function predicate(m) {
  const name = camel(['is', ...m.words, 'ready']);
  const exported = m.rng.chance(0.5);
  const limit = exported ? m.exportedLimit() : String(m.rng.int(10, 60));
  const limitValue = exported ? m.constValue(limit) : Number(limit);
  const mod = m.rng.int(2, 5);
  const rest = m.rng.int(0, mod - 1);
  const shape = m.rng.int(0, 1);
  const expr =
    shape === 0 ? `x % ${mod} === ${rest} || x ${m.rng.pick(COMPARISONS)} ${limit}` : `Math.abs(x - ${limit}) <= ${m.rng.int(3, 15)} && x !== ${m.rng.int(0, 40)}`;
  return {
    kind: 'function',
    name,
    exports: [name],
    numeric: false,
    emit: (ts) => `${exp(ts)}function ${name}(x${t(ts, ': number')})${t(ts, ': boolean')} {\n  return ${expr};\n}`,
    probes: [
      (rng) => ({
        title: `${name} decides`,
        checks: near(rng, limitValue, 3).map((x) => ({ expr: `${name}(${x})`, matcher: 'toBe' })),
        values: [name],
        types: [],
      }),
    ],
  };
}

/** `format<Words>(x: number, mode: Mode): string` — strings, a template literal, a mode switch. */
function strFn(m) {
  const name = camel(['format', ...m.words]);
  const prefix = m.prefixConst();
  const mode = m.type('mode');
  const k = m.rng.int(2, 9);
  const limit = m.rng.int(10, 50);
  const sep = m.rng.pick([':', '/', '#']);
  return {
    kind: 'function',
    name,
    exports: [name],
    numeric: false,
    emit: (ts) => `${exp(ts)}function ${name}(x${t(ts, ': number')}, mode${t(ts, `: ${mode}`)})${t(ts, ': string')} {
  if (mode === 'short') {
    return \`\${${prefix}}-\${x}\`;
  }
  return ${prefix} + '${sep}' + String(x * ${k}) + (x > ${limit} ? '+' : '');
}`,
    probes: [
      (rng) => ({
        title: `${name} labels`,
        checks: inputs(rng, 2).map((x) => ({ expr: `${name}(${x}, '${rng.pick(['short', 'long', 'long'])}')`, matcher: 'toBe' })),
        values: [name],
        types: [],
      }),
    ],
  };
}

/** `weigh<Words>(record: Record, options: Options): number` — a function typed by the types module. */
function recordFn(m) {
  const name = camel(['weigh', ...m.words]);
  const rec = m.type('record');
  const opts = m.type('options');
  const k = m.rng.int(1, 6);
  const op = m.rng.pick(['+', '*']);
  return {
    kind: 'function',
    name,
    exports: [name],
    numeric: false,
    emit: (ts) => `${exp(ts)}function ${name}(record${t(ts, `: ${rec}`)}, options${t(ts, `: ${opts}`)})${t(ts, ': number')} {
  const bonus = record.tags.length ${op} ${k};
  if (options.mode === 'long') {
    return record.weight * options.scale + bonus;
  }
  return record.weight - bonus;
}`,
    probes: [
      (rng) => {
        const literal = record(rng);
        return {
          title: `${name} weighs a record`,
          setup: { ts: `const record: ${rec} = ${literal};`, js: `const record = ${literal};` },
          checks: [
            { expr: `${name}(record, { scale: ${rng.int(1, 5)}, mode: 'long' })`, matcher: 'toBe' },
            { expr: `${name}(record, { scale: ${rng.int(1, 5)}, mode: 'short' })`, matcher: 'toBe' },
          ],
          values: [name],
          types: [rec],
        };
      },
    ],
  };
}

/** `summarize<Words>(x): Summary` — an object result, checked with toEqual or a snapshot. */
function summaryFn(m, parts) {
  const name = camel(['summarize', ...m.words]);
  const summary = m.type('summary');
  const konst = m.numConst();
  const k = m.rng.int(2, 7);
  const limit = m.rng.int(10, 50);
  return {
    kind: 'function',
    name,
    exports: [name],
    numeric: false,
    emit: (ts) => `${exp(ts)}function ${name}(x${t(ts, ': number')})${t(ts, `: ${summary}`)} {
  return {
    label: ${parts.label}(x, 'long'),
    value: ${parts.value}(x),
    ready: ${parts.ready}(x),
    parts: [x % ${k}, ${konst}, x > ${limit} ? 1 : 0],
  };
}`,
    probes: [
      (rng) => ({
        title: `${name} summarises`,
        checks: [{ expr: `${name}(${inputs(rng, 1)[0]})`, matcher: rng.chance(0.6) ? 'snapshot' : 'toEqual' }],
        values: [name],
        types: [],
      }),
    ],
  };
}

/** A class: a static member and factory, a private field, a parameter property, methods, getters. */
function classUnit(m) {
  const name = pascal(m.words);
  const rec = m.type('record');
  const limit = m.rng.int(20, 80);
  const mul = m.rng.int(1, 5);
  const cut = m.rng.int(1, 9);
  const seed = m.rng.int(2, 9);
  const minus = m.rng.int(0, 5);
  const prefix = m.prefixConst();
  const emit = (ts) => `${exp(ts)}class ${name} {
  static ${t(ts, 'readonly ')}LIMIT = ${limit};
  ${t(ts, 'private readonly ')}entries${t(ts, ': number[]')} = [];

  ${ts ? 'constructor(private readonly base: number) {}' : 'constructor(base) {\n    this.base = base;\n  }'}

  static create()${t(ts, `: ${name}`)} {
    return new ${name}(${name}.LIMIT % ${seed});
  }

  add(value${t(ts, ': number')})${t(ts, ': this')} {
    this.entries.push(value * ${mul} + this.base);
    return this;
  }

  get total()${t(ts, ': number')} {
    let sum = 0;
    for (const entry of this.entries) {
      sum += entry;
    }
    return sum > ${name}.LIMIT ? sum - ${cut} : sum;
  }

  get size()${t(ts, ': number')} {
    return this.entries.length;
  }

  describe()${t(ts, ': string')} {
    return \`\${${prefix}}[\${this.size}]=\${this.total}\`;
  }

  score(record${t(ts, `: ${rec}`)})${t(ts, ': number')} {
    return record.weight * this.base + record.tags.length - ${minus};
  }
}`;
  const adds = (rng) => Array.from({ length: rng.int(1, 4) }, () => `.add(${rng.int(-5, 40)})`).join('');
  return {
    kind: 'class',
    name,
    exports: [name],
    numeric: false,
    emit,
    probes: [
      // The first probe a test uses touches every member; later ones only some.
      (rng) => {
        const literal = record(rng);
        const build = `new ${name}(${rng.int(0, 9)})${adds(rng)}`;
        return {
          title: `${name} adds, totals, describes and scores`,
          setup: { ts: `const record: ${rec} = ${literal};\nconst item = ${build};`, js: `const record = ${literal};\nconst item = ${build};` },
          checks: ['item.total', 'item.size', 'item.describe()', 'item.score(record)'].map((expr) => ({ expr, matcher: 'toBe' })),
          values: [name],
          types: [rec],
        };
      },
      (rng) => ({ title: `${name}.create`, checks: [{ expr: `${name}.create()${adds(rng)}.total`, matcher: 'toBe' }], values: [name], types: [] }),
    ],
  };
}

/** An object of arrow-function properties. */
function helpers(m) {
  const name = camel([...m.words, 'helpers']);
  const rec = m.type('record');
  const konst = m.numConst();
  const k = m.rng.int(2, 5);
  const lo = m.rng.int(0, 20);
  const hi = lo + m.rng.int(5, 40);
  const emit = (ts) => `${exp(ts)}const ${name} = {
  double: (x${t(ts, ': number')})${t(ts, ': number')} => x * ${k} + ${konst},
  tag: (record${t(ts, `: ${rec}`)})${t(ts, ': string')} => \`\${record.id}/\${record.tags.join('+')}\`,
  within: (x${t(ts, ': number')})${t(ts, ': boolean')} => x >= ${lo} && x < ${hi},
};`;
  return {
    kind: 'arrow',
    name,
    exports: [name],
    numeric: false,
    emit,
    probes: [
      (rng) => ({
        title: `${name} double, within and tag`,
        checks: [
          { expr: `${name}.double(${inputs(rng, 1)[0]})`, matcher: 'toBe' },
          ...near(rng, rng.pick([lo, hi]), 2).map((x) => ({ expr: `${name}.within(${x})`, matcher: 'toBe' })),
          { expr: `${name}.tag(${record(rng)})`, matcher: 'toBe' },
        ],
        values: [name],
        types: [],
      }),
      (rng) => ({ title: `${name}.double`, checks: inputs(rng, 2).map((x) => ({ expr: `${name}.double(${x})`, matcher: 'toBe' })), values: [name], types: [] }),
    ],
  };
}

/** A shared helper `(a: number, b: number): number`, used by many modules. */
function sharedFn(m, name) {
  const shape = m.rng.int(0, 3);
  const k = m.rng.int(2, 7);
  const k2 = m.rng.int(1, 9);
  let body;
  if (shape === 0) body = `return a > b ? (a * ${k} - b) % ${m.rng.int(60, 99)} : (b * ${k2} + a) % ${m.rng.int(60, 99)};`;
  else if (shape === 1) body = `return Math.min(Math.max(a, -b * ${k}), b * ${k} + ${k2});`;
  else if (shape === 2) body = `return (((a % b) + b) % b) * ${m.term('a')};`;
  else body = `return Math.round((a * ${k}) / (b + ${k2})) + ${m.term('b')};`;
  return {
    kind: 'function',
    name,
    exports: [name],
    numeric: false,
    emit: (ts) => `${exp(ts)}function ${name}(a${t(ts, ': number')}, b${t(ts, ': number')})${t(ts, ': number')} {\n  ${body}\n}`,
    probes: [
      (rng) => ({
        title: name,
        checks: Array.from({ length: rng.int(2, 3) }, () => ({ expr: `${name}(${rng.int(-20, 60)}, ${rng.int(2, 9)})`, matcher: 'toBe' })),
        values: [name],
        types: [],
      }),
    ],
  };
}

module.exports = { numFn, predicate, strFn, recordFn, summaryFn, classUnit, helpers, sharedFn };
