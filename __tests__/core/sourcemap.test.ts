import * as ts from 'typescript';
import { createOffsetMapper, createPositionMapper } from '../../src/jest/sourcemap';

const ORIGINAL = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';
const compiled = ts.transpileModule(ORIGINAL, {
  fileName: 'add.ts',
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, sourceMap: true },
});
const MAP = JSON.parse(compiled.sourceMapText!) as { sources: string[] };

describe('createOffsetMapper', () => {
  test('without a map, offsets are read in the code itself (UTF-16 units, any line break)', () => {
    const code = 'a\r\nb\u2028é😀c\nd';
    const map = createOffsetMapper(code, null);
    expect(map(0)).toEqual({ line: 1, column: 0 });
    expect(map(3)).toEqual({ line: 2, column: 0 });
    expect(map(5)).toEqual({ line: 3, column: 0 });
    expect(map(code.indexOf('c'))).toEqual({ line: 3, column: 3 });
    expect(map(code.indexOf('d'))).toEqual({ line: 4, column: 0 });
    expect(map(-1)).toBeNull();
    expect(map(code.length + 1)).toBeNull();
  });

  test("takes Jest 29's module wrapper off", () => {
    const map = createOffsetMapper('abc\ndef', null, { wrapperLength: 10 });
    expect(map(9)).toBeNull();
    expect(map(10)).toEqual({ line: 1, column: 0 });
    expect(map(14)).toEqual({ line: 2, column: 0 });
  });

  test('through a source map', () => {
    const code = compiled.outputText;
    const map = createOffsetMapper(code, MAP);
    // TypeScript maps the declaration to its statement, `export` included.
    expect(map(code.indexOf('function add'))).toEqual({ line: 1, column: 0 });
    expect(map(code.indexOf('return a + b'))).toEqual({ line: 2, column: 2 });
    // Indentation before the first segment of a line: the first segment after it.
    expect(map(code.indexOf('return a + b') - 1)).toEqual({ line: 2, column: 2 });
  });

  test('transformed code without a map maps nothing', () => {
    const map = createOffsetMapper(compiled.outputText, null, { originalCode: ORIGINAL });
    expect(map(compiled.outputText.indexOf('function add'))).toBeNull();
  });

  test('with several sources, only the file asked for', () => {
    const two = { ...MAP, sources: ['other.ts', 'add.ts'], mappings: MAP.sources.length ? (MAP as unknown as { mappings: string }).mappings : '' };
    const code = compiled.outputText;
    // All segments point at source 0 (other.ts): nothing maps into add.ts.
    expect(createOffsetMapper(code, two, { file: '/x/add.ts' })(code.indexOf('function add'))).toBeNull();
    expect(createOffsetMapper(code, two, { file: '/x/other.ts' })(code.indexOf('function add'))).toEqual({ line: 1, column: 0 });
  });
});

describe('createPositionMapper', () => {
  test('maps generated positions back', () => {
    const map = createPositionMapper(MAP);
    const lines = compiled.outputText.split('\n');
    const line = lines.findIndex((l) => l.includes('return a + b')) + 1;
    expect(map({ line, column: lines[line - 1]!.indexOf('return') })).toEqual({ line: 2, column: 2 });
    expect(map({ line: 999, column: 0 })).toBeNull();
  });

  test('an empty or broken map maps nothing instead of throwing', () => {
    expect(createPositionMapper({ version: 3, mappings: '', sources: [] })({ line: 1, column: 0 })).toBeNull();
    expect(createPositionMapper('not json')({ line: 1, column: 0 })).toBeNull();
  });
});
