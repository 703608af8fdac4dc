/**
 * The benchmark project generator: deterministic for a seed, the promised shape and sizes, and a
 * generated project that type-checks and passes under plain Jest (29 and 30) without rewriting its
 * snapshots.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateProject, writeProject } = require('../../benchmarks/lib/generator');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { jestConfig } = require('../../benchmarks/lib/generator/config');

type Project = { files: Map<string, string>; manifest: Record<string, number | string> };

const REPO = path.resolve(__dirname, '..', '..');
const gen = (size: string, seed: number, transform?: string): Project => generateProject({ size, seed, ...(transform ? { transform } : {}) });
const paths = (p: Project, test: (file: string) => boolean): string[] => [...p.files.keys()].filter(test);

describe('determinism', () => {
  test('the same seed gives the same files, byte for byte', () => {
    const a = gen('medium', 7);
    const b = gen('medium', 7);
    expect([...a.files.keys()]).toEqual([...b.files.keys()]);
    for (const [file, text] of a.files) expect(b.files.get(file)).toBe(text);
  });

  test('another seed gives another project of the same size', () => {
    const a = gen('small', 1);
    const b = gen('small', 2);
    expect(a.files.get('src/shared/constants.ts')).not.toBe(b.files.get('src/shared/constants.ts'));
    expect([a.manifest.sourceFiles, a.manifest.testFiles]).toEqual([b.manifest.sourceFiles, b.manifest.testFiles]);
  });

  test('the transform changes only jest.config.js and the manifest', () => {
    const a = gen('small', 3, 'ts-jest-isolated');
    const b = gen('small', 3, 'ts-jest');
    const differ = [...a.files.keys()].filter((f) => a.files.get(f) !== b.files.get(f));
    expect(differ.sort()).toEqual(['difftest-generated.json', 'jest.config.js']);
  });

  test('bad options are refused with the option named', () => {
    expect(() => gen('huge', 1)).toThrow(/unknown size "huge"/);
    expect(() => gen('small', -1)).toThrow(/seed/);
    expect(() => gen('small', 1, 'swc')).toThrow(/unknown transform "swc"/);
  });
});

describe('sizes', () => {
  test.each([
    ['small', 50, 40],
    ['medium', 500, 400],
    ['large', 5000, 2000],
  ])('%s: %i source files, %i test files', (size, sources, tests) => {
    const p = gen(size as string, 1);
    expect(paths(p, (f) => f.startsWith('src/') && f.endsWith('.ts'))).toHaveLength(sources as number);
    expect(paths(p, (f) => f.endsWith('.test.ts'))).toHaveLength(tests as number);
    expect(p.manifest).toMatchObject({ sourceFiles: sources, testFiles: tests });
    if (size === 'large') expect(Number(p.manifest.testCases) / (tests as number)).toBeGreaterThanOrEqual(10);
  });
});

describe('shape', () => {
  const p = gen('medium', 1);
  const texts = (test: (file: string) => boolean): string[] => paths(p, test).map((f) => p.files.get(f)!);
  const sources = texts((f) => f.startsWith('src/') && f.endsWith('.ts'));
  const tests = texts((f) => f.endsWith('.test.ts'));

  test('packages have barrels that re-export modules and types', () => {
    const barrels = texts((f) => /^src\/[^/]+\/index\.ts$/.test(f));
    expect(barrels.length).toBeGreaterThan(10);
    expect(barrels.every((b) => /export \* from '\.\/|export \{ /.test(b))).toBe(true);
    expect(barrels.filter((b) => /^export type \{/m.test(b)).length).toBe(barrels.length - 1); // all but shared
  });

  test('sources hold classes, getters, statics, arrow properties, constants, import type and JSON imports', () => {
    const all = sources.join('\n');
    expect(all).toMatch(/^export class \w+ \{/m);
    expect(all).toMatch(/^ {2}get \w+\(\): number \{/m);
    expect(all).toMatch(/^ {2}static readonly LIMIT = \d+;/m);
    expect(all).toMatch(/^ {2}double: \(x: number\): number => /m);
    expect(all).toMatch(/^const (FACTOR|OFFSET|BIAS|SPAN) = \d+;/m);
    expect(all).toMatch(/^const TABLE: readonly number\[\] = \[/m);
    expect(all).toMatch(/^import type \{ [\w, ]+ \} from '\.\/types';/m);
    expect(all).toMatch(/^import rates from '\.\/data\/rates\.json';/m);
    expect(all).toMatch(/from '\.\.\/shared';/);
  });

  test('tests import through barrels, call only part of what they import, use snapshots and fixtures', () => {
    expect(tests.filter((t) => /from '\.\.\/\.\.\/src\/[\w-]+';/.test(t)).length / tests.length).toBeGreaterThan(0.9);
    expect(tests.some((t) => /from '\.\.\/\.\.\/src\/[\w-]+\/[\w-]+';/.test(t))).toBe(true);
    expect(tests.some((t) => t.includes('toMatchSnapshot()'))).toBe(true);
    expect(tests.some((t) => /^import cases from '\.\.\/fixtures\//m.test(t))).toBe(true);
    expect(tests.some((t) => t.includes("readFileSync(join(__dirname, '..', 'fixtures'"))).toBe(true);
    expect(tests.some((t) => /^import type \{/m.test(t))).toBe(true);
    // Imported but never called: some names in the import lists appear nowhere else in the file.
    const unused = tests.filter((t) => {
      const names = [...t.matchAll(/^import \{ ([\w, ]+) \} from '\.\.\/\.\.\/src\/[\w-]+';$/gm)].flatMap((m) => m[1]!.split(', '));
      return names.some((name) => t.split(name).length === 2);
    });
    expect(unused.length).toBeGreaterThan(tests.length / 4);
    expect(paths(p, (f) => f.endsWith('.snap')).length).toBeGreaterThan(10);
  });

  test('the project installs nothing: its config and tsconfig point into this repository', () => {
    const config = p.files.get('jest.config.js')!;
    expect(config).toContain(`require(${JSON.stringify(path.join(REPO, 'dist', 'src', 'index.js'))})`);
    expect(config).toContain(JSON.stringify(path.join(REPO, 'node_modules', 'ts-jest', 'dist', 'index.js')));
    expect(config).toContain('"isolatedModules": true');
    expect(JSON.parse(p.files.get('package-lock.json')!)).toMatchObject({ lockfileVersion: 3, packages: { '': {} } });
    expect(JSON.parse(p.files.get('tsconfig.json')!).compilerOptions.typeRoots).toEqual([path.join(REPO, 'node_modules', '@types')]);
  });
});

describe('a generated project on disk', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-gen-')));
    writeProject(gen('small', 5), dir);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('refuses to write into a non-empty directory unless forced', () => {
    expect(() => writeProject(gen('small', 5), dir)).toThrow(/not empty.*--force/);
  });

  test('type-checks with tsc', () => {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', dir], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });

  test.each([
    ['jest 30', path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js')],
    ['jest 29', path.join(REPO, 'node_modules', 'jest29', 'bin', 'jest.js')],
  ])('every test passes under plain %s, and no snapshot is written', (_name, bin) => {
    const config = JSON.stringify({ ...jestConfig('ts-jest-isolated'), rootDir: dir });
    const out = path.join(dir, '..', `${path.basename(dir)}-result.json`);
    const before = fs.readFileSync(path.join(dir, 'test', 'shared', 'math.test.ts'), 'utf8');
    const run = spawnSync(process.execPath, [bin, '--config', config, '--ci', '--json', `--outputFile=${out}`], { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    fs.rmSync(out, { force: true });
    expect({ status: run.status, suites: result.numTotalTestSuites, failed: result.numFailedTests }).toEqual({ status: 0, suites: 40, failed: 0 });
    expect(result.snapshot).toMatchObject({ added: 0, updated: 0, unchecked: 0, filesAdded: 0 });
    expect(result.snapshot.matched).toBeGreaterThan(0);
    expect(run.stderr).not.toMatch(/deprecated|ts-jest\[/i);
    expect(fs.readFileSync(path.join(dir, 'test', 'shared', 'math.test.ts'), 'utf8')).toBe(before);
  });
});
