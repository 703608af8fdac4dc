'use strict';
const { changeNumber } = require('./change');

/**
 * Mutation sites of a JSON file: every number, string and boolean value (not keys), with its path,
 * found by a small scanner so that an edit touches one value and leaves the rest byte for byte.
 */

/**
 * @param {string} file
 * @param {string} text
 * @returns {import('./sites').Unit[]} one unit per file, one site per scalar value
 */
function jsonUnits(file, text) {
  const sites = [];
  let i = 0;
  const lineAt = (pos) => text.slice(0, pos).split('\n').length;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const fail = () => {
    throw new Error(`${file}: not valid JSON near offset ${i}`);
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (text[i] !== '"') fail();
    i++;
    return { start, end: i };
  };
  const value = (path) => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const key = string();
        const name = JSON.parse(text.slice(key.start, key.end));
        ws();
        if (text[i++] !== ':') fail();
        value(path ? `${path}.${name}` : name);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`);
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    const start = i;
    if (c === '"') {
      const { end } = string();
      sites.push({ kind: 'json', start, end, replacement: `${text.slice(start, end - 1)}~"`, line: lineAt(start), path });
      return undefined;
    }
    const match = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 40));
    if (!match) fail();
    i += match[0].length;
    const token = match[0];
    if (token === 'null') return undefined;
    const replacement = token === 'true' ? 'false' : token === 'false' ? 'true' : changeNumber(Number(token));
    sites.push({ kind: 'json', start, end: i, replacement, line: lineAt(start), path });
    return undefined;
  };
  value('');
  ws();
  if (i !== text.length) fail();
  return sites.length > 0 ? [{ file, name: file.split('/').pop(), kind: 'json', sites }] : [];
}

module.exports = { jsonUnits };
