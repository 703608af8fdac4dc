import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { liveCounters, ownsCoverage, readShelvedMap, shelfDirectory, SourceMapShelf, takeCounters, takeRanCoverage } from '../../src/jest/ranCoverage';

const range = (line: number) => ({ start: { line, column: 0 }, end: { line, column: 10 } });
const HASH = 'a'.repeat(40);
const MAP = { version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' };

/** A file's coverage as istanbul's instrumented code keeps it in `__coverage__`. */
function live(s: number[], f: number[], extra: Record<string, unknown> = {}) {
  return {
    path: '/p/a.ts',
    statementMap: Object.fromEntries(s.map((_, id) => [id, range(id + 1)])),
    s: Object.fromEntries(s.map((count, id) => [id, count])),
    fnMap: Object.fromEntries(f.map((_, id) => [id, { name: `f${id}`, decl: range(id + 1), loc: range(id + 1) }])),
    f: Object.fromEntries(f.map((count, id) => [id, count])),
    ...extra,
  };
}

describe('takeRanCoverage', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-shelf-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('keeps the statements and functions that ran, with their ranges, and nothing else', () => {
    const ran = takeRanCoverage({ '/p/a.ts': live([1, 0, 3], [0, 2]) }, new SourceMapShelf(shelfDirectory(dir)));
    expect(ran).toEqual({
      '/p/a.ts': {
        statementMap: { 0: range(1), 2: range(3) },
        s: { 0: 1, 2: 3 },
        fnMap: { 1: { loc: range(2), decl: range(2) } },
        f: { 1: 2 },
      },
    });
  });

  test('a file loaded but not run is still reported (its module block counts)', () => {
    const ran = takeRanCoverage({ '/p/a.ts': live([0], [0]) }, new SourceMapShelf(shelfDirectory(dir)));
    expect(ran).toEqual({ '/p/a.ts': { statementMap: {}, s: {}, fnMap: {}, f: {} } });
  });

  test('stores a source map once under its hash and hands over the name', () => {
    const shelf = new SourceMapShelf(shelfDirectory(dir));
    const first = takeRanCoverage({ '/p/a.ts': live([1], [], { hash: HASH, inputSourceMap: MAP }) }, shelf);
    expect(first['/p/a.ts']).toMatchObject({ sourceMap: HASH });
    expect(first['/p/a.ts']).not.toHaveProperty('inputSourceMap');
    expect(readShelvedMap(dir, HASH)).toEqual(MAP);

    // Another worker finds it stored and does not write it again.
    const stored = path.join(shelfDirectory(dir), `${HASH}.json`);
    fs.writeFileSync(stored, JSON.stringify({ ...MAP, mappings: 'AACA' }));
    const again = takeRanCoverage({ '/p/a.ts': live([1], [], { hash: HASH, inputSourceMap: MAP }) }, new SourceMapShelf(shelfDirectory(dir)));
    expect(again['/p/a.ts']).toMatchObject({ sourceMap: HASH });
    expect(JSON.parse(fs.readFileSync(stored, 'utf8')).mappings).toBe('AACA');
    expect(fs.readdirSync(shelfDirectory(dir))).toEqual([`${HASH}.json`]);
  });

  test('keeps the map inline when it cannot be stored or has no usable hash', () => {
    // A file where the directory should be: nothing can be stored under it.
    const blocked = path.join(dir, 'blocked');
    fs.writeFileSync(blocked, '');
    const inline = takeRanCoverage({ '/p/a.ts': live([1], [], { hash: HASH, inputSourceMap: MAP }) }, new SourceMapShelf(path.join(blocked, 'maps')));
    expect(inline['/p/a.ts']).toMatchObject({ inputSourceMap: MAP });
    expect(inline['/p/a.ts']).not.toHaveProperty('sourceMap');

    const unhashed = takeRanCoverage({ '/p/a.ts': live([1], [], { hash: '../../etc/passwd', inputSourceMap: MAP }) }, new SourceMapShelf(shelfDirectory(dir)));
    expect(unhashed['/p/a.ts']).toMatchObject({ inputSourceMap: MAP });
    expect(fs.existsSync(shelfDirectory(dir))).toBe(false);
  });
});

describe('readShelvedMap', () => {
  test('is undefined for a missing, damaged or ill-named map', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-shelf-'));
    try {
      fs.mkdirSync(shelfDirectory(dir), { recursive: true });
      fs.writeFileSync(path.join(shelfDirectory(dir), `${HASH}.json`), '{"version": 3, "mapp');
      expect(readShelvedMap(dir, HASH)).toBeUndefined();
      expect(readShelvedMap(dir, 'b'.repeat(40))).toBeUndefined();
      expect(readShelvedMap(dir, '../x')).toBeUndefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ownsCoverage', () => {
  const recording = { collectCoverage: true, coverageProvider: 'babel', coverageReporters: ['none'], collectCoverageFrom: [] };

  test('only where withDiffTest turned coverage on for recording and nobody asked for more', () => {
    expect(ownsCoverage(recording, true)).toBe(true);
    expect(ownsCoverage(recording, undefined)).toBe(false);
    expect(ownsCoverage({ ...recording, collectCoverage: false }, true)).toBe(false);
    expect(ownsCoverage({ ...recording, coverageProvider: 'v8' }, true)).toBe(false);
    expect(ownsCoverage({ ...recording, coverageReporters: ['text'] }, true)).toBe(false);
    expect(ownsCoverage({ ...recording, coverageReporters: ['none', 'lcov'] }, true)).toBe(false);
    expect(ownsCoverage({ ...recording, coverageThreshold: { global: { lines: 90 } } }, true)).toBe(false);
    expect(ownsCoverage({ ...recording, collectCoverageFrom: ['src/**'] }, true)).toBe(false);
  });
});

describe('liveCounters', () => {
  /** What the transformed code calls. */
  const register = (counters: object, file: string, hash: string, fn: string | null, length: number): number[] =>
    (counters as { register: (...args: unknown[]) => number[] }).register(file, hash, fn, length);

  test('lists only files; the same code registered again keeps its counts, other code starts anew', () => {
    const counters = liveCounters();
    const first = register(counters, '/p/a.js', 'h1', '1:0,1:0;2:0,2:0', 2);
    first[1]!++;
    expect(register(counters, '/p/a.js', 'h1', '1:0,1:0;2:0,2:0', 2)).toBe(first);
    expect(Object.keys(counters)).toEqual(['/p/a.js']);
    expect(Object.keys(takeCounters(counters)['/p/a.js']!.f)).toEqual(['1']);
    expect(register(counters, '/p/a.js', 'h2', null, 1)).toEqual([0]);
    expect(takeCounters(counters)['/p/a.js']!.whole).toBe(true);
  });

  test('a file loaded but none of whose functions ran: its module only, whole without positions, shared and frozen', () => {
    const counters = liveCounters();
    register(counters, '/p/a.js', 'h1', '1:0,1:0;2:0,2:0', 2);
    register(counters, '/p/b.js', 'h2', '1:0,1:0', 1);
    register(counters, '/p/c.js', 'h3', null, 1);
    const ran = takeCounters(counters);
    expect(ran['/p/a.js']).toEqual({ statementMap: {}, s: {}, fnMap: {}, f: {} });
    expect(ran['/p/b.js']).toBe(ran['/p/a.js']);
    expect(ran['/p/c.js']).toEqual({ statementMap: {}, s: {}, fnMap: {}, f: {}, whole: true });
    expect(Object.isFrozen(ran['/p/a.js']!.f)).toBe(true);
    expect(JSON.parse(JSON.stringify(ran))).toEqual(ran);
  });

  test('positions registered later complete a registration without them (a function called through an import cycle)', () => {
    const counters = liveCounters();
    const early = register(counters, '/p/a.js', 'h1', null, 2);
    early[1]!++;
    expect(register(counters, '/p/a.js', 'h1', '1:10,1:0;4:12,4:0', 2)).toBe(early);
    expect(takeCounters(counters)['/p/a.js']).toEqual({ statementMap: {}, s: {}, f: { 1: 1 }, fnMap: { 1: { loc: { start: { line: 4, column: 12 }, end: { line: 4, column: 12 } }, decl: { start: { line: 4, column: 0 }, end: { line: 4, column: 0 } } } } });
    // Positions once given stay: a file is one code under one hash.
    register(counters, '/p/a.js', 'h1', null, 2);
    expect(takeCounters(counters)['/p/a.js']!.whole).toBeUndefined();
  });

  test('places an entered function at its body and declares it at its start; the same text read again gives the same', () => {
    const counters = liveCounters();
    const entries = register(counters, '/p/c.js', 'h1', '3:20,3:0;,7:4;9:1,9:0', 3);
    entries[0]!++;
    entries[1]! += 2;
    const at = (line: number, column: number) => ({ start: { line, column }, end: { line, column } });
    const expected = { statementMap: {}, s: {}, f: { 0: 1, 1: 2 }, fnMap: { 0: { loc: at(3, 20), decl: at(3, 0) }, 1: { loc: at(7, 4), decl: at(7, 4) } } };
    expect(takeCounters(counters)['/p/c.js']).toEqual(expected);
    expect(takeCounters(counters)['/p/c.js']).toEqual(expected);
  });

  test("a helper the transform wrote (no original position) is left out where the map places the file's functions", () => {
    const counters = liveCounters();
    // Entry 0 is TypeScript's `__importDefault`, run when the module loads; 1 and 2 are the file's own.
    const helperOnly = register(counters, '/p/a.js', 'h1', ',;6:45,6:0;15:45,15:0', 3);
    helperOnly[0]!++;
    expect(takeCounters(counters)['/p/a.js']).toEqual({ statementMap: {}, s: {}, fnMap: {}, f: {} });
    helperOnly[2]!++;
    expect(Object.keys(takeCounters(counters)['/p/a.js']!.f)).toEqual(['2']);
    expect(takeCounters(counters)['/p/a.js']!.whole).toBeUndefined();
  });

  test('an entered function counts the whole file where the map places none of its functions', () => {
    const counters = liveCounters();
    const unmapped = register(counters, '/p/b.js', 'h1', ',;,', 2);
    expect(takeCounters(counters)['/p/b.js']!.whole).toBeUndefined();
    unmapped[1]!++;
    expect(takeCounters(counters)['/p/b.js']!.whole).toBe(true);
  });
});
