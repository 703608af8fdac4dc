import * as fs from 'fs';
import * as path from 'path';
import { blocksOf, fileHash, isCodeFile, splitBlocks } from '../../src/core/blocks';
import { readState } from '../../src/core/cascade';
import { parseCode } from '../../src/core/parse';
import type { BlockTables, Checksum, FileBlocks } from '../../src/core/types';
import { getHasher } from './harness';

const REPO = path.resolve(__dirname, '..', '..');

const split = async (text: string, file = 'a.ts'): Promise<FileBlocks> => splitBlocks(text, file, await getHasher());
const names = (fb: FileBlocks): string[] => fb.blocks.map((b) => b.name);
const checksumOf = (fb: FileBlocks, name: string): bigint => {
  const block = fb.blocks.find((b) => b.name === name);
  if (!block) throw new Error(`no block ${name} in ${names(fb).join(', ')}`);
  return block.checksum;
};

const SAMPLE = `import { x } from './x';
export const LIMIT = 10;
export function add(a: number, b = LIMIT): number { return a + b; }
export default function () { return 1; }
@Component({ make: () => 1 })
export class Calc<T> extends Base implements I {
  private total = 0;
  handler = () => this.total;
  static { Calc.count = 1; }
  constructor(@Inject(X) private readonly x: X) { super(); }
  @log() add(n: number) { const inner = (m: number) => m * 2; return inner(n); }
  get value() { return this.total; }
  set value(v) { this.total = v; }
  #secret() { return [1, 2].map(function (q) { return q; }).map((z) => z); }
  [Symbol.iterator]() {}
}
const api = { fetch() {}, nested: { deep: async () => {} }, arrow: () => 1 };
module.exports.foo = function () {};
items.forEach(() => {});
interface Shape { area(): number }
`;

describe('splitBlocks: the block model', () => {
  test('module first, then every function in source order, with qualified names', async () => {
    const fb = await split(SAMPLE);
    expect(fb.parseError).toBeUndefined();
    expect(fb.blocks.map((b) => [b.name, b.kind, b.parent])).toEqual([
      ['<module>', 'module', -1],
      ['add', 'function', 0],
      ['default', 'function', 0],
      ['make', 'function', 0],
      ['Calc.handler', 'function', 0],
      ['Calc.<static>', 'static', 0],
      ['Calc.constructor', 'function', 0],
      ['Calc.add', 'function', 0],
      ['Calc.add.inner', 'function', 7],
      ['Calc.get value', 'function', 0],
      ['Calc.set value', 'function', 0],
      ['Calc.#secret', 'function', 0],
      ['Calc.#secret.<anonymous:14>', 'function', 11],
      ['Calc.#secret.<anonymous:14>', 'function', 11],
      ['Calc.[Symbol.iterator]', 'function', 0],
      ['api.fetch', 'function', 0],
      ['api.nested.deep', 'function', 0],
      ['api.arrow', 'function', 0],
      ['module.exports.foo', 'function', 0],
      ['<anonymous:19>', 'function', 0],
    ]);
    expect(new Set(fb.blocks.map((b) => b.checksum)).size).toBe(fb.blocks.length);
  });

  test('ranges: a function covers its header; its body starts at the body; decorators stay outside', async () => {
    const fb = await split(SAMPLE);
    const block = (name: string) => fb.blocks.find((b) => b.name === name)!;
    expect(block('add')).toMatchObject({ start: { line: 3, column: 0 }, bodyStart: { line: 3, column: 50 }, end: { line: 3, column: 67 } });
    expect(block('Calc.add')).toMatchObject({ start: { line: 11, column: 8 }, bodyStart: { line: 11, column: 24 } });
    expect(block('Calc.add.inner')).toMatchObject({ start: { line: 11, column: 40 }, bodyStart: { line: 11, column: 55 } });
    expect(block('<module>')).toMatchObject({ start: { line: 1, column: 0 }, end: { line: 21, column: 0 } });
  });

  test('a nested function is a placeholder in its parent: edits inside it leave the parent alone', async () => {
    const before = await split('function outer() {\n  function inner() { return 1; }\n  return inner();\n}\n');
    const body = await split('function outer() {\n  function inner() { return 2; }\n  return inner();\n}\n');
    const renamed = await split('function outer() {\n  function other() { return 1; }\n  return inner();\n}\n');
    expect(checksumOf(body, 'outer')).toBe(checksumOf(before, 'outer'));
    expect(checksumOf(body, 'outer.inner')).not.toBe(checksumOf(before, 'outer.inner'));
    expect(checksumOf(renamed, 'outer')).not.toBe(checksumOf(before, 'outer'));
  });

  test('top-level function declarations leave no trace in the module block; other functions do', async () => {
    const base = 'const a = 1;\nexport function f() { return a; }\n';
    const m = async (text: string) => checksumOf(await split(text), '<module>');
    expect(await m(`${base}export function g() {}\n`)).toBe(await m(base));
    expect(await m(`function g() {}\n${base}`)).toBe(await m(base));
    expect(await m(`${base}export default function () {}\n`)).toBe(await m(base));
    // Not hoisted declarations: a const arrow, a class method, a second declaration of the same name,
    // a declaration named like a global.
    expect(await m(`${base}export const g = () => {};\n`)).not.toBe(await m(base));
    expect(await m(`${base}class C { g() {} }\n`)).not.toBe(await m('const a = 1;\nexport function f() { return a; }\nclass C {}\n'));
    const script = 'var a = 1;\nfunction f() { return a; }\n';
    expect(await m(`${script}function f() { return 2; }\n`)).not.toBe(await m(script));
    expect(await m(`${base}function setTimeout() {}\n`)).not.toBe(await m(base));
  });

  test('identical functions get distinct checksums, stable under edits of the other', async () => {
    const twins = 'export const h = [() => 1, () => 1];\n';
    const fb = await split(twins);
    const [, first, second] = fb.blocks;
    expect(first!.checksum).not.toBe(second!.checksum);
    const edited = await split('export const h = [() => 2, () => 1];\n');
    expect(edited.blocks[2]!.checksum).toBe(second!.checksum);
    expect(edited.blocks[1]!.checksum).not.toBe(first!.checksum);
  });

  test('whitespace, comments, line endings and trailing commas do not count; other tokens do', async () => {
    const base = await split('export function f(a, b) {\n  return [a, b];\n}\n');
    const same = [
      'export function f(a,b){return [a,b]}\n'.replace('b]}', 'b];}'),
      '/* c */ export function f(a, b) { // x\n\n\treturn [a, b]; /* y */\n}',
      'export function f(a, b) {\r\n  return [a, b];\r\n}\r\n',
      'export function f(a, b,) {\n  return [a, b,];\n}\n',
    ];
    for (const text of same) expect((await split(text)).blocks.map((b) => b.checksum)).toEqual(base.blocks.map((b) => b.checksum));
    const different = [
      'export function f(a, b) {\n  return [b, a];\n}\n',
      'export function f(a, b) {\n  return [a, b, ,];\n}\n',
      'export function f(a, b) {\n  return [a, "b"];\n}\n',
      'export function f(a, c) {\n  return [a, b];\n}\n',
    ];
    for (const text of different) expect(checksumOf(await split(text), 'f')).not.toBe(checksumOf(base, 'f'));
  });

  test('array holes keep their commas', async () => {
    const a = await split('export const x = [,];\n');
    const b = await split('export const x = [];\n');
    const c = await split('export const x = [1,,];\n');
    const d = await split('export const x = [1,];\n');
    expect(a.blocks[0]!.checksum).not.toBe(b.blocks[0]!.checksum);
    expect(c.blocks[0]!.checksum).not.toBe(d.blocks[0]!.checksum);
  });

  test('template literal contents count, CRLF inside them does not', async () => {
    const lf = await split('export const t = `a\n b ${1}`;\n');
    expect((await split('export const t = `a\r\n b ${1}`;\r\n')).blocks[0]!.checksum).toBe(lf.blocks[0]!.checksum);
    expect((await split('export const t = `a\n  b ${1}`;\n')).blocks[0]!.checksum).not.toBe(lf.blocks[0]!.checksum);
  });
});

describe('splitBlocks: syntax by extension', () => {
  test.each([
    ['a.ts', 'const f = <T>(x: T): T => x; const y = <number>z; enum E { A = 1 } namespace N { export function g() {} }'],
    ['a.ts', 'const x = {} satisfies X; abstract class A { abstract m(): void; accessor v = 1; }'],
    ['a.ts', 'class A { constructor(@Inject(B) private b: B) {} }'],
    ['a.mts', 'export const x = await import("./y.js"); export function f(): void {}'],
    ['a.cts', 'import fs = require("fs"); export = fs;'],
    ['a.tsx', 'export const C = <T,>(p: { v: T }) => <div>{String(p.v)}</div>;'],
    ['a.d.ts', 'export declare function f(a: string): void; declare module "x" { const y: number; }'],
    ['a.jsx', 'export const C = () => <><A b={1} {...c} /></>;'],
    ['a.js', '// @flow\nfunction f(x: number): string { return String(x); }'],
    ['a.js', '@dec export class A { @dec m() {} }'],
    ['a.js', 'export @dec class A {}'],
    ['a.js', 'var a = 010; with (a) { b(); } function f(a, a) {}'],
    ['a.cjs', '#!/usr/bin/env node\nif (require.main !== module) return;\nmodule.exports = 1;'],
    ['a.mjs', 'const config = await load(); export default config;'],
    ['a.js', 'import j from "./a.json" with { type: "json" };'],
  ])('%s: %s', async (file, text) => {
    const fb = await split(text, file);
    expect(fb.parseError).toBeUndefined();
    expect(fb.blocks[0]!.kind).toBe('module');
  });

  test('a declaration file has only its module block', async () => {
    const fb = await split('export declare class A { m(): void; }\nexport declare function f(): void;\n', 'types.d.ts');
    expect(names(fb)).toEqual(['<module>']);
  });

  test('TypeScript functions in enums and namespaces are blocks', async () => {
    const fb = await split('namespace N { export function g() { return 1; } }\nenum E { A = (() => 1)() }\n');
    expect(names(fb)).toEqual(['<module>', 'g', '<anonymous:2>']);
  });
});

describe('splitBlocks: files that are not code, or do not parse', () => {
  test.each(['data.json', 'a.snap', 'style.css', 'README', 'Makefile.am', 'a.ts.orig'])('%s is one raw block', async (file) => {
    const hasher = await getHasher();
    const text = '{"a": function () {}}\n';
    const fb = await split(text, file);
    expect(isCodeFile(file)).toBe(false);
    expect(fb.parseError).toBeUndefined();
    expect(fb.blocks).toEqual([
      { name: '<file>', kind: 'raw', start: { line: 1, column: 0 }, end: { line: 2, column: 0 }, parent: -1, checksum: fileHash(text, hasher) },
    ]);
  });

  test('code that does not parse is one raw block over its text, with the error', async () => {
    const hasher = await getHasher();
    const text = 'export function f( {\n';
    const fb = await split(text, 'broken.ts');
    expect(fb.parseError).toMatch(/Unexpected token|expected/);
    expect(fb.blocks).toHaveLength(1);
    expect(fb.blocks[0]).toMatchObject({ name: '<file>', kind: 'raw', checksum: hasher.hashString(text) });
  });

  test('never throws, even on pathological input', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    for (const text of [deep, '\u0000\uFFFF', '`${', '/*', '"\\', '<div>', '@', '']) {
      for (const file of ['a.ts', 'a.js', 'a.tsx', 'a.json']) {
        const fb = await split(text, file);
        expect(fb.blocks.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('fileHash', () => {
  test('bytes and their UTF-8 string hash the same', async () => {
    const hasher = await getHasher();
    const text = 'const é = "€😀";\n';
    expect(fileHash(Buffer.from(text, 'utf8'), hasher)).toBe(fileHash(text, hasher));
    expect(fileHash(new Uint8Array(Buffer.from(text, 'utf8')), hasher)).toBe(fileHash(text, hasher));
    expect(fileHash('a', hasher)).not.toBe(fileHash('b', hasher));
  });
});

/** Tables in memory, with what was asked of them. */
function memoryTables(): BlockTables & { kept: Map<string, FileBlocks>; gets: number } {
  const kept = new Map<string, FileBlocks>();
  const key = (path: string, hash: Checksum) => `${path}\0${hash}`;
  return {
    kept,
    gets: 0,
    get(path, hash) {
      this.gets++;
      return kept.get(key(path, hash));
    },
    set(path, hash, blocks) {
      kept.set(key(path, hash), blocks);
    },
  };
}

describe('blocksOf: block tables kept between runs', () => {
  test('a table kept for the content is used as it is; a new content is split and kept', async () => {
    const hasher = await getHasher();
    const tables = memoryTables();
    const text = 'export function f() { return 1; }\n';
    const first = blocksOf(text, 'a.ts', fileHash(text, hasher), hasher, tables);
    expect(first).toEqual(splitBlocks(text, 'a.ts', hasher));
    expect(tables.kept.size).toBe(1);
    // A kept table stands for the content: what it says is what the caller gets, without a parse.
    const planted: FileBlocks = { blocks: [{ ...first.blocks[0]!, name: 'planted' }] };
    tables.set('a.ts', fileHash(text, hasher), planted);
    expect(blocksOf(text, 'a.ts', fileHash(text, hasher), hasher, tables)).toBe(planted);
    // Given a way to get the content, a kept table spares decoding it; a new content is asked for once.
    const asked: string[] = [];
    const lazily = (content: string) => () => (asked.push(content), content);
    expect(blocksOf(lazily(text), 'a.ts', fileHash(text, hasher), hasher, tables)).toBe(planted);
    expect(asked).toEqual([]);
    const other = 'export function g() { return 3; }\n';
    expect(blocksOf(lazily(other), 'a.ts', fileHash(other, hasher), hasher, tables)).toEqual(splitBlocks(other, 'a.ts', hasher));
    expect(asked).toEqual([other]);
    const edited = 'export function f() { return 2; }\n';
    expect(checksumOf(blocksOf(edited, 'a.ts', fileHash(edited, hasher), hasher, tables), 'f')).not.toBe(checksumOf(first, 'f'));
    expect(tables.kept.size).toBe(3);
  });

  test('a parse error is not kept, and files that are not code are not looked up', async () => {
    const hasher = await getHasher();
    const tables = memoryTables();
    const broken = 'export function (\n';
    expect(blocksOf(broken, 'a.ts', fileHash(broken, hasher), hasher, tables).parseError).toBeDefined();
    expect(tables.kept.size).toBe(0);
    const data = '{"a": 1}';
    expect(blocksOf(data, 'a.json', fileHash(data, hasher), hasher, tables)).toEqual(splitBlocks(data, 'a.json', hasher));
    expect(tables.gets).toBe(1);
    expect(tables.kept.size).toBe(0);
  });

  test('readState hands out the table it split, and none when the last state stands', async () => {
    const hasher = await getHasher();
    const tables = memoryTables();
    const bytes = Buffer.from('export const a = () => 1;\n');
    const stat = { mtimeMs: 1, size: bytes.length };
    const first = readState('a.ts', bytes, stat, undefined, hasher, 10_000, tables);
    expect(first.blocks).toEqual(splitBlocks(bytes.toString(), 'a.ts', hasher));
    expect(first.state.blocks).toEqual(first.blocks!.blocks.map((b) => ({ name: b.name, checksum: b.checksum })));
    expect(tables.kept.size).toBe(1);
    const again = readState('a.ts', bytes, { mtimeMs: 2, size: bytes.length }, first.state, hasher, 20_000, tables);
    expect(again.changed).toBe(false);
    expect(again.blocks).toBeUndefined();
  });
});

describe('real code', () => {
  const files = [
    ...['blocks.ts', 'functions.ts', 'coverage-v8.ts', 'select.ts', 'cascade.ts'].map((f) => path.join(REPO, 'src', 'core', f)),
    path.join(REPO, 'node_modules', 'jest-runtime', 'build', 'index.js'),
    path.join(REPO, 'node_modules', '@jest', 'transform', 'build', 'ScriptTransformer.js'),
    path.join(REPO, 'node_modules', '@babel', 'core', 'lib', 'transformation', 'index.js'),
  ].filter((f) => fs.existsSync(f));

  test.each(files.map((f) => [path.relative(REPO, f), f]))('%s: tokens hold every character but whitespace and comments', (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const parsed = parseCode(text, file);
    if (!parsed || 'error' in parsed) throw new Error(`does not parse: ${JSON.stringify(parsed)}`);
    const covered = new Uint8Array(text.length);
    for (const token of parsed.tokens) covered.fill(1, token.start, token.end);
    let leftover = '';
    for (let i = 0; i < text.length; i++) if (!covered[i]) leftover += text[i];
    expect(leftover.replace(/^#!.*/, '').trim()).toBe('');
  });

  test.each(files.map((f) => [path.relative(REPO, f), f]))('%s: parses into unique checksums, whitespace-insensitively', async (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    const fb = await split(text, file);
    expect(fb.parseError).toBeUndefined();
    expect(fb.blocks.length).toBeGreaterThan(1);
    expect(new Set(fb.blocks.map((b) => b.checksum)).size).toBe(fb.blocks.length);
    for (const block of fb.blocks.slice(1)) {
      expect(fb.blocks[block.parent]).toBeDefined();
    }
    // Re-indent every line and double the blank lines (outside template literals): nothing changes.
    const parsed = parseCode(text, file);
    if (!parsed || 'error' in parsed) throw new Error('does not parse');
    const inTemplate = new Uint8Array(text.length);
    for (const t of parsed.tokens) if (typeof t.type !== 'string' && t.type.label === 'template') inTemplate.fill(1, t.start, t.end);
    const reindented = text.replace(/\n[ \t]*/g, (m, at: number) => (inTemplate[at] ? m : `\n\n\t${m.slice(1)}`));
    expect((await split(reindented, file)).blocks.map((b) => b.checksum)).toEqual(fb.blocks.map((b) => b.checksum));
  });
});
