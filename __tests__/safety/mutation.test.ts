/**
 * The mutation machinery of the safety check: which units and sites it finds, that every mutant is
 * valid code that differs from the original, that the choice is seeded, and that files are always
 * restored — also when the process is interrupted.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';

/* eslint-disable @typescript-eslint/no-require-imports */
const { codeUnits } = require('../../benchmarks/lib/mutation/sites');
const { jsonUnits } = require('../../benchmarks/lib/mutation/json');
const { chooseMutants, collectUnits, FileGuard } = require('../../benchmarks/lib/mutation');
const { generateProject, writeProject } = require('../../benchmarks/lib/generator');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Site {
  kind: string;
  start: number;
  end: number;
  replacement: string;
  line: number;
  path?: string;
}
interface Unit {
  file: string;
  name: string;
  kind: string;
  sites: Site[];
}

const SOURCE = `import { helper } from './helper';
import type { Shape } from './types';

const FACTOR = 3;
export const LABEL = 'box';

export function area(shape: Shape): number {
  if (shape.width > 10) {
    return shape.width * FACTOR;
  }
  return shape.width + helper(shape.height);
}

export class Box {
  static readonly SIZE = 4;
  constructor(private readonly side: number) {}
  get double(): number {
    return this.side - 2;
  }
  static of(n: number): Box {
    return new Box(n === 0 ? Box.SIZE : n);
  }
  isBig(): boolean {
    return this.side >= 8 && true;
  }
  onClick = (): string => LABEL;
}

export const tools = {
  within: (x: number): boolean => x < 5 || x > 9,
  loop(n: number): number {
    let total = 0;
    for (let i = 0; i < n; i++) total += i;
    while (total > 100) total -= 7;
    return total;
  },
};

export interface Options {
  size: number;
  name: string;
  mode: 'a' | 'b';
}
`;

const summary = (units: Unit[]): Record<string, string[]> =>
  Object.fromEntries(units.map((u) => [`${u.kind} ${u.name}`, u.sites.map((s) => `${s.kind} ${SOURCE.slice(s.start, s.end)}→${s.replacement}`)]));

describe('codeUnits', () => {
  const units: Unit[] = codeUnits('src/box.ts', SOURCE);

  test('finds functions, methods, getters, statics, arrow properties, constants and types, with their sites', () => {
    expect(summary(units)).toEqual({
      'constant const FACTOR': ['number 3→7'],
      'constant const LABEL': ["string 'box'→'box~'"],
      'function area()': ['comparison >→<=', 'number 10→21', 'arithmetic +→-'],
      'static Box.SIZE': ['number 4→9'],
      'getter Box.get double': ['arithmetic -→+', 'number 2→5'],
      'static Box.of()': ['comparison ===→!==', 'number 0→1'],
      'method Box.isBig()': ['boolean this.side >= 8 && true→!(this.side >= 8 && true)', 'logical &&→||', 'comparison >=→<', 'number 8→17', 'boolean true→false'],
      'arrow tools.within()': ['boolean x < 5 || x > 9→!(x < 5 || x > 9)', 'logical ||→&&', 'comparison <→>=', 'number 5→11', 'comparison >→<=', 'number 9→19'],
      'arrow tools.loop()': ['number 0→1', 'number 0→1', 'arithmetic +=→-=', 'number 100→201', 'arithmetic -=→+=', 'number 7→15'],
      "type type Options": ['type number→string', 'type string→number', "type 'a'→'a~'", "type 'b'→'b~'"],
    });
  });

  test('leaves imports, type annotations and loop conditions alone', () => {
    const all = units.flatMap((u) => u.sites.map((s) => SOURCE.slice(s.start, s.end)));
    expect(all).not.toContain("'./helper'");
    expect(all).not.toContain("'./types'");
    // `i < n` and `total > 100` are loop conditions: flipping them can hang a test instead of failing
    // it. A literal there only moves the bound.
    const loop = units.find((u) => u.name === 'tools.loop()')!.sites.map((s) => `${s.kind} ${SOURCE.slice(s.start, s.end)}`);
    expect(loop.filter((s) => s.startsWith('comparison'))).toEqual([]);
    expect(loop).toContain('number 100');
  });

  test('reads JavaScript too', () => {
    const js = `const limit = 5;\nmodule.exports = { check: (n) => n > limit, name: 'x' };\nfunction f() { return 1 + 2; }\n`;
    expect(codeUnits('lib/a.js', js).map((u: Unit) => `${u.kind} ${u.name} ${u.sites.length}`)).toEqual(['constant const limit 1', 'function f() 3']);
  });
});

describe('jsonUnits', () => {
  const text = '{\n  "base": 4,\n  "steps": [1, 2.5, -3],\n  "label": "a\\"b",\n  "on": true,\n  "none": null,\n  "nested": { "k": [ { "v": 0 } ] }\n}\n';

  test('one site per scalar value, with its path; keys and null untouched', () => {
    const [unit] = jsonUnits('data/x.json', text) as Unit[];
    expect(unit!.sites.map((s) => `${s.path}: ${text.slice(s.start, s.end)}→${s.replacement}`)).toEqual([
      'base: 4→9',
      'steps[0]: 1→3',
      'steps[1]: 2.5→6',
      'steps[2]: -3→-5',
      'label: "a\\"b"→"a\\"b~"',
      'on: true→false',
      'nested.k[0].v: 0→1',
    ]);
  });

  test('each mutant is valid JSON that differs at its path only', () => {
    const [unit] = jsonUnits('data/x.json', text) as Unit[];
    const original = JSON.parse(text);
    for (const site of unit!.sites) {
      const mutated = JSON.parse(text.slice(0, site.start) + site.replacement + text.slice(site.end));
      expect(mutated).not.toEqual(original);
      const walk = (o: unknown, p: string): unknown => p.split(/\.|\[|\]/).filter(Boolean).reduce((v: any, k) => v[k], o);
      expect(walk(mutated, site.path!)).not.toEqual(walk(original, site.path!));
    }
  });

  test('refuses invalid JSON', () => {
    expect(() => jsonUnits('bad.json', '{"a": 1,, }')).toThrow(/not valid JSON/);
  });
});

describe('on a generated project', () => {
  let dir: string;
  let units: Unit[];
  const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');
  beforeAll(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-mut-')));
    writeProject(generateProject({ size: 'small', seed: 3 }), dir);
    const tests = new Set(fs.readdirSync(path.join(dir, 'test'), { recursive: true }).map(String).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(dir, 'test', f)));
    units = collectUnits(dir, tests);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('units come from sources and data files, never from tests, configs or snapshots', () => {
    const files = [...new Set(units.map((u) => u.file))];
    expect(files.every((f) => /^src\/.+\.(ts|json)$|^test\/fixtures\/.+\.json$/.test(f))).toBe(true);
    const kinds = new Set(units.map((u) => u.kind));
    expect([...kinds].sort()).toEqual(['arrow', 'constant', 'function', 'getter', 'json', 'method', 'static', 'type']);
  });

  test('every site gives code that still parses and differs from the original', () => {
    let count = 0;
    for (const unit of units.filter((u) => u.kind !== 'json')) {
      const text = read(unit.file);
      for (const site of unit.sites) {
        const mutated = text.slice(0, site.start) + site.replacement + text.slice(site.end);
        expect(mutated).not.toBe(text);
        const parsed = ts.createSourceFile(unit.file, mutated, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS) as ts.SourceFile & { parseDiagnostics: ts.Diagnostic[] };
        expect(parsed.parseDiagnostics.map((d) => d.messageText)).toEqual([]);
        count++;
      }
    }
    expect(count).toBeGreaterThan(500);
  });

  test('the choice is seeded, takes unit kinds in turn and never the same unit twice', () => {
    const a = chooseMutants(units, { count: 16, seed: 9 }, read);
    const b = chooseMutants(units, { count: 16, seed: 9 }, read);
    const c = chooseMutants(units, { count: 16, seed: 10 }, read);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.map((m: { index: number }) => m.index)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(new Set(a.slice(0, 8).map((m: { unitKind: string }) => m.unitKind)).size).toBe(8);
    expect(new Set(a.map((m: { file: string; unit: string }) => `${m.file} ${m.unit}`)).size).toBe(16);
    const noTypes = chooseMutants(units, { count: 30, seed: 9, kinds: ['function', 'json'] }, read);
    expect(new Set(noTypes.map((m: { unitKind: string }) => m.unitKind))).toEqual(new Set(['function', 'json']));
  });

  test('FileGuard applies a mutant and restores the exact bytes; a stale mutant is refused', () => {
    const [mutant] = chooseMutants(units, { count: 1, seed: 1 }, read);
    const before = fs.readFileSync(path.join(dir, mutant.file));
    const guard = new FileGuard(dir);
    try {
      guard.apply(mutant);
      expect(read(mutant.file)).not.toBe(before.toString());
      expect(guard.restoreAll()).toEqual([]);
      expect(fs.readFileSync(path.join(dir, mutant.file)).equals(before)).toBe(true);
      expect(() => guard.apply({ ...mutant, original: 'something else' })).toThrow(/changed since the mutants were chosen/);
    } finally {
      expect(guard.dispose()).toEqual([]);
    }
  });

  test('SIGINT while a mutant is applied: the file is restored and the process exits 130', async () => {
    const [mutant] = chooseMutants(units, { count: 1, seed: 2 }, read);
    const before = fs.readFileSync(path.join(dir, mutant.file));
    const script = `const { FileGuard } = require(${JSON.stringify(path.resolve(__dirname, '../../benchmarks/lib/mutation'))});
const guard = new FileGuard(${JSON.stringify(dir)});
guard.apply(${JSON.stringify(mutant)});
process.stdout.write('applied\\n');
setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    expect(fs.readFileSync(path.join(dir, mutant.file)).equals(before)).toBe(false);
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(130);
    expect(fs.readFileSync(path.join(dir, mutant.file)).equals(before)).toBe(true);
  });
});
