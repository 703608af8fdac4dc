'use strict';
/** A strict `--name value` / `--name=value` / `--switch` parser for the benchmark scripts. */

/**
 * @param {readonly string[]} argv
 * @param {Record<string, 'string' | 'integer' | 'boolean' | 'optional-string'>} spec
 *   `optional-string`: a switch that may take a value (`--json` or `--json out.json`)
 * @param {string} usage appended to errors
 * @returns {Record<string, any>}
 * @example
 * parseFlags(['--size', 'small', '--force'], { size: 'string', force: 'boolean' }, '') // { size: 'small', force: true }
 */
function parseFlags(argv, spec, usage) {
  const result = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}\n${usage}`);
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const camelName = name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    const kind = spec[camelName];
    if (!kind) throw new Error(`unknown flag --${name}\n${usage}`);
    let value = eq > 0 ? arg.slice(eq + 1) : undefined;
    if (kind === 'boolean') {
      if (value !== undefined) throw new Error(`--${name} takes no value\n${usage}`);
      result[camelName] = true;
      continue;
    }
    if (kind === 'optional-string') {
      if (value === undefined && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) value = argv[++i];
      result[camelName] = value ?? true;
      continue;
    }
    if (value === undefined) value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value\n${usage}`);
    if (kind === 'integer') {
      if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer, not ${JSON.stringify(value)}\n${usage}`);
      result[camelName] = Number(value);
    } else {
      result[camelName] = value;
    }
  }
  return result;
}

module.exports = { parseFlags };
