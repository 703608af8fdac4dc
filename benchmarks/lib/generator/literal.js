'use strict';
/**
 * Values as TypeScript source (`expect(x).toBe(<literal>)`) and as Jest snapshots, the latter in the
 * exact format Jest 29 and 30 write (pretty-format with `printBasicPrototype: false`, sorted keys),
 * so that the snapshot files the generator writes are read back as matching, never rewritten.
 */

/** A TypeScript literal for a number, string, boolean, array or plain object. */
function literal(value) {
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : literal(k)}: ${literal(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  throw new Error(`no literal for ${String(value)}`);
}

/** pretty-format's output for the plain values the generator produces. */
function prettyFormat(value, indent = '') {
  const inner = `${indent}  `;
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${prettyFormat(v, inner)},\n`).join('')}${indent}]`;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${inner}"${k}": ${prettyFormat(value[k], inner)},\n`).join('')}${indent}}`;
  }
  throw new Error(`cannot snapshot ${String(value)}`);
}

const escapeBacktick = (text) => text.replace(/`|\\|\$\{/g, '\\$&');

/**
 * A `.snap` file: entries sorted by key as Jest sorts them (natural order for the keys we produce:
 * they differ in a `#n` counter, compared numerically).
 * @param {Array<{key: string, value: unknown}>} entries
 */
function snapshotFile(entries) {
  const sorted = [...entries].sort((a, b) => naturalCompare(a.key, b.key));
  const body = sorted.map(({ key, value }) => {
    const printed = prettyFormat(value);
    const data = printed.includes('\n') ? `\n${printed}\n` : printed;
    return `exports[\`${escapeBacktick(key)}\`] = \`${escapeBacktick(data)}\`;`;
  });
  return `// Jest Snapshot v1, https://jestjs.io/docs/snapshot-testing\n\n${body.join('\n\n')}\n`;
}

/** Digit runs compare as numbers, the rest as text (the `natural-compare` package's order). */
function naturalCompare(a, b) {
  const split = (s) => s.match(/\d+|\D+/g) ?? [];
  const pa = split(a);
  const pb = split(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    if (/^\d/.test(x) && /^\d/.test(y)) return Number(x) - Number(y) || x.length - y.length;
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}

module.exports = { literal, prettyFormat, snapshotFile };
