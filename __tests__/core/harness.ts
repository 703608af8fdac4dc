/**
 * Real coverage for the round-trip tables: instruments source with the istanbul-lib-instrument that
 * babel-jest uses, runs it in a fresh VM context, and returns the FileCoverage the run produced.
 */
import * as path from 'path';
import * as vm from 'vm';
import * as ts from 'typescript';
import { loadHasher } from '../../wasm/hasher';
import type { Hasher } from '../../src/core/types';
import type { IstanbulFileCoverage } from '../../src/core/coverage';

interface Instrumenter {
  instrumentSync(code: string, filename: string, inputSourceMap?: object): string;
  lastFileCoverage(): IstanbulFileCoverage;
}
interface InstrumentLib {
  createInstrumenter(options: Record<string, unknown>): Instrumenter;
}

/** babel-jest's own copy, so the instrumenter is the one Jest runs. */
const instrumentLib: InstrumentLib = require(
  require.resolve('istanbul-lib-instrument', { paths: [path.dirname(require.resolve('babel-jest/package.json'))] }),
) as InstrumentLib;

let hasher: Hasher | undefined;
export async function getHasher(): Promise<Hasher> {
  hasher ??= await loadHasher();
  return hasher;
}

/**
 * How the code reaches the instrumenter:
 * - `babel`: babel-jest's way. The original source is instrumented (TypeScript and JSX are stripped
 *   afterwards), so coverage is in original coordinates.
 * - `transformed`: ts-jest's way. TypeScript compiles first (with a source map) and the output is
 *   instrumented with that map as `inputSourceMap`: coverage is in the compiled code's coordinates.
 */
export type Pipeline = 'babel' | 'transformed';

export type Exports = Record<string, any>;

const PARSER_PLUGINS = ['typescript', 'jsx', 'decorators-legacy', 'classStaticBlock', 'topLevelAwait'];

function compile(source: string, filename: string, sourceMap: boolean): { code: string; map?: object } {
  const out = ts.transpileModule(source, {
    // Always CommonJS output: the extension only decides whether JSX is allowed.
    fileName: /\.[jt]sx$/.test(filename) ? 'module.tsx' : 'module.ts',
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      jsx: ts.JsxEmit.React,
      experimentalDecorators: true,
      esModuleInterop: true,
      sourceMap,
      inlineSourceMap: false,
      inlineSources: sourceMap,
    },
  });
  return { code: out.outputText, map: out.sourceMapText ? (JSON.parse(out.sourceMapText) as object) : undefined };
}

/**
 * Instruments `source`, runs it as a CommonJS module (inside an async function, so top-level await
 * works), then calls `run` with its exports, and returns the coverage of everything that ran.
 */
export async function cover(
  source: string,
  filename: string,
  run: (exports: Exports) => unknown,
  pipeline: Pipeline = 'babel',
): Promise<IstanbulFileCoverage> {
  const instrumenter = instrumentLib.createInstrumenter({
    coverageVariable: '__coverage__',
    esModules: true,
    compact: false,
    produceSourceMap: false,
    parserPlugins: PARSER_PLUGINS,
  });
  let code: string;
  if (pipeline === 'babel') {
    code = compile(instrumenter.instrumentSync(source, filename), filename, false).code;
  } else {
    const compiled = compile(source, filename, true);
    code = instrumenter.instrumentSync(compiled.code, filename, compiled.map);
  }
  const context = vm.createContext({ React: { createElement: (...args: unknown[]) => args }, console });
  const module = { exports: {} as Exports };
  const body = vm.runInContext(`(async function (exports, require, module) {\n${code}\n})`, context) as (
    exports: Exports,
    require: (id: string) => unknown,
    module: { exports: Exports },
  ) => Promise<void>;
  await body(module.exports, (id) => require(id), module);
  await run(module.exports);
  const coverage = (context.__coverage__ as Record<string, IstanbulFileCoverage>)[filename];
  if (!coverage) throw new Error(`no coverage for ${filename}`);
  // Through JSON, as Jest hands it over from its workers.
  return JSON.parse(JSON.stringify(coverage)) as IstanbulFileCoverage;
}
