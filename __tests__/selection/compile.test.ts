import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Config } from '@jest/types';
import { compileReach, scanImports } from '../../src/core/imports';
import { typeChecks } from '../../src/jest/typeCheck';

describe('scanImports', () => {
  test.each([
    ["import { a } from './a';", ['./a'], []],
    ["import type { A } from './types';", ['./types'], []],
    ["import './side-effect';", ['./side-effect'], []],
    ["import * as ns from '../ns';", ['../ns'], []],
    ["import def, { x } from 'pkg';", ['pkg'], []],
    ["export * from './barrel-part';", ['./barrel-part'], ['./barrel-part']],
    ["export { a as b } from './a';", ['./a'], ['./a']],
    ["export type { T } from './t';", ['./t'], ['./t']],
    ["export * as ns from './n';", ['./n'], ['./n']],
    ["const x = require('./cjs');", ['./cjs'], []],
    ["const m = await import('./lazy');", ['./lazy'], []],
    ["import fs = require('fs');", ['fs'], []],
    ["import {\n  a,\n  b,\n} from './multi';", ['./multi'], []],
  ])('%s', (source, imports, reexports) => {
    const found = scanImports(source);
    expect(found.imports.sort()).toEqual([...imports].sort());
    expect(found.reexports).toEqual(reexports);
  });

  test('a local export is no import', () => {
    expect(scanImports('export const a = 1;\nexport function f() {}\nexport { a as b };')).toEqual({ imports: [], reexports: [] });
  });
});

describe('compileReach', () => {
  // util ← report (plain importer) ← app;  util ← index (barrel) ← page
  const importers: Record<string, Array<{ file: string; reexports: boolean }>> = {
    util: [{ file: 'report', reexports: false }, { file: 'index', reexports: true }],
    report: [{ file: 'app', reexports: false }],
    index: [{ file: 'page', reexports: false }],
  };
  const reach = (changed: string[]): string[] => [...compileReach(changed, (f) => importers[f] ?? [])].sort();

  test('direct importers, and through barrels their importers; no further', () => {
    expect(reach(['util'])).toEqual(['index', 'page', 'report']);
  });

  test('a file nobody imports reaches nothing', () => {
    expect(reach(['page'])).toEqual([]);
  });
});

describe('typeChecks', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-typecheck-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const config = (transformer: string, options: Record<string, unknown> = {}): Config.ProjectConfig =>
    ({ rootDir: dir, transform: [['^.+\\.tsx?$', transformer, options]] }) as unknown as Config.ProjectConfig;
  const file = path.join(dir, 'a.ts');

  test('transpile-only transformers do not', () => {
    expect(typeChecks(config('/x/node_modules/babel-jest/build/index.js'), file)).toBe(false);
    expect(typeChecks(config('/x/node_modules/@swc/jest/index.js'), file)).toBe(false);
  });

  test('ts-jest does, unless told to transpile only', () => {
    const tsJest = '/x/node_modules/ts-jest/dist/index.js';
    expect(typeChecks(config(tsJest), file)).toBe(true);
    expect(typeChecks(config(tsJest, { isolatedModules: true }), file)).toBe(false);
    expect(typeChecks(config(tsJest, { diagnostics: false }), file)).toBe(false);
    expect(typeChecks(config(tsJest, { tsconfig: { isolatedModules: true } }), file)).toBe(false);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{\n  // transpile only\n  "compilerOptions": { "isolatedModules": true, },\n}\n');
    expect(typeChecks(config(tsJest), file)).toBe(false);
    expect(typeChecks(config(tsJest, { tsconfig: '<rootDir>/tsconfig.json' }), file)).toBe(false);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), '{ "extends": "./base.json" }');
    expect(typeChecks(config(tsJest), file)).toBe(true);
  });

  test('an unknown transformer counts as type-checking; a file no transform matches does not', () => {
    expect(typeChecks(config('/x/my-transformer.js'), file)).toBe(true);
    expect(typeChecks(config('/x/my-transformer.js'), path.join(dir, 'a.json'))).toBe(false);
  });
});
