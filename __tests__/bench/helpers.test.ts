/**
 * The performance benchmarks' helpers (benchmarks/lib/bench): medians and tables, and the edits
 * they make to a generated project. No timing is asserted here.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { median, table, ratio, percent, signedMs } = require('../../benchmarks/lib/bench/stats');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { editFunction, editableSources, spreadSources, sharedModule } = require('../../benchmarks/lib/bench/edit');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateProject } = require('../../benchmarks/lib/generator');

describe('stats', () => {
  test('median of odd and even counts, ignoring non-numbers', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([NaN, 5])).toBe(5);
    expect(median([])).toBeNaN();
  });

  test('ratios and percentages', () => {
    expect(ratio(3, 2)).toBe('1.50×');
    expect(ratio(1, 0)).toBe('n/a');
    expect(percent(110, 100)).toBe('+10.0 %');
    expect(percent(90, 100)).toBe('-10.0 %');
    expect(signedMs(1085.4)).toBe('+1085');
    expect(signedMs(-44.81)).toBe('-44.8');
  });

  test('a markdown table with aligned columns', () => {
    const text: string = table(['name', 'ms'], [['a', 1], ['long name', 12.5]]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^\| :-+ \| -+: \|$/);
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });
});

describe('edits', () => {
  const source = 'const K = 1;\n\nexport function alpha(a: number): number {\n  return a + K;\n}\n\nexport function beta(): string {\n  return "b";\n}\n';

  test('a statement that does nothing goes at the top of the first exported function', () => {
    const edited = editFunction(source, undefined, 7);
    expect(edited.name).toBe('alpha');
    expect(edited.text).toBe(source.replace('number {\n', 'number {\n  void 7;\n'));
  });

  test('a named function, and nothing for a file without exported functions', () => {
    expect(editFunction(source, 'beta', 1).text).toContain('string {\n  void 1;\n  return "b"');
    expect(editFunction('export const x = 1;\n')).toBeUndefined();
  });

  test('on a generated project: editable modules are spread evenly and the shared module is under src/shared', () => {
    const { files } = generateProject({ size: 'small', seed: 1 });
    const all: string[] = editableSources(files);
    expect(all.length).toBeGreaterThan(10);
    expect(all.some((file) => /\/(index|types|constants)\.ts$/.test(file))).toBe(false);
    const ten: string[] = spreadSources(files, 10);
    expect(new Set(ten).size).toBe(10);
    expect(ten).toEqual(spreadSources(files, 10));
    const shared = sharedModule(files);
    expect(shared.file).toMatch(/^src\/shared\//);
    expect(editFunction(files.get(shared.file), shared.name, 1)).toBeDefined();
  });
});

describe('transform cache writes', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { transformCacheWrites } = require('../../benchmarks/lib/bench/runs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('fs') as typeof import('fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const os = require('os') as typeof import('os');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('path') as typeof import('path');

  test('counts the cached code files written since a time, not their maps or other caches', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'difftest-cache-writes-'));
    try {
      const put = (file: string, at: Date) => {
        const abs = path.join(root, '.jest-cache', file);
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, 'x');
        fs.utimesSync(abs, at, at);
      };
      const before = new Date('2026-01-01T00:00:00Z');
      const after = new Date('2026-01-02T00:00:00Z');
      put('jest-transform-cache-a-b/0a/old_0a1', before);
      put('jest-transform-cache-a-b/0b/new_0b2', after);
      put('jest-transform-cache-a-b/0b/new_0b2.map', after);
      put('jest-transform-cache-c-d/1c/new_1c3', after);
      put('haste-map-a-b', after);
      put('jest-difftest/log/x.json', after);
      expect(transformCacheWrites(root, Date.parse('2026-01-01T12:00:00Z'))).toBe(2);
      expect(transformCacheWrites(root, before.getTime())).toBe(3);
      expect(transformCacheWrites(path.join(root, 'missing'), 0)).toBe(0);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
