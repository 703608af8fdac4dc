import * as fs from 'fs';
import * as vm from 'vm';
import type { Test } from '@jest/test-result';
import type { Config } from '@jest/types';
import { compileReach, scanImports } from '../core/imports';
import { fromStorePath, isInstalledPackage, toStorePath } from './paths';
import { requireFromJest } from './fromJest';
import { typeChecks } from './typeCheck';

export interface CompileInput {
  root: string;
  /** Changed code files some recorded test loaded, and changed test files (store paths). */
  changed: readonly string[];
  /** For each file some recorded test loaded: a test whose project transforms it. */
  loadedBy: ReadonlyMap<string, Test>;
  globalConfig: Config.GlobalConfig | undefined;
}

/** The part of Jest's `ScriptTransformer` used here (its types differ between Jest 29 and 30). */
interface Transformer {
  transformAsync(file: string, options: ReturnType<typeof transformOptions>): Promise<unknown>;
}
type CreateTransformer = (config: Config.ProjectConfig) => Promise<Transformer>;

/** Files that fail to transform → the transformer's first message line. */
export type CompileErrors = Map<string, string>;

/**
 * Compiles what a change can break with the project's own transformer: each changed file, and
 * where the transform type-checks, the files that import one (through barrels). Jest's transform
 * cache keeps what compiled, so the test run reuses it. Never the whole project: only what the
 * change reached.
 */
export async function findCompileErrors(input: CompileInput): Promise<CompileErrors> {
  const { root, changed, loadedBy } = input;
  const errors: CompileErrors = new Map();
  const projectOf = (file: string): Test | undefined => loadedBy.get(file);
  const checked = changed.filter((file) => {
    const test = projectOf(file);
    return test !== undefined && typeChecks(test.context.config, fromStorePath(root, file));
  });
  const toCompile = new Set(changed);
  if (checked.length > 0) {
    const importers = importerIndex(root, loadedBy);
    for (const file of compileReach(checked, (file) => importers.get(file) ?? [])) toCompile.add(file);
  }

  const transformers = new Map<string, Promise<Transformer>>();
  for (const file of [...toCompile].sort()) {
    const test = projectOf(file);
    const absolute = fromStorePath(root, file);
    if (!test || !fs.existsSync(absolute)) continue;
    const { config } = test.context;
    let transformer = transformers.get(config.id);
    if (!transformer) {
      const { createScriptTransformer } = requireFromJest<{ createScriptTransformer: CreateTransformer }>('@jest/transform');
      transformer = createScriptTransformer(config);
      transformers.set(config.id, transformer);
    }
    try {
      await (await transformer).transformAsync(absolute, transformOptions(input.globalConfig));
    } catch (error) {
      errors.set(file, firstLine(error));
    }
  }
  return errors;
}

/**
 * Who imports whom among the files tests loaded, from a scan of their text (type-only imports
 * included), resolved with each project's own resolver.
 */
function importerIndex(root: string, loadedBy: ReadonlyMap<string, Test>): Map<string, Array<{ file: string; reexports: boolean }>> {
  const index = new Map<string, Array<{ file: string; reexports: boolean }>>();
  for (const [file, test] of loadedBy) {
    const absolute = fromStorePath(root, file);
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch {
      continue;
    }
    const { imports, reexports } = scanImports(text);
    for (const specifier of imports) {
      let target: string;
      try {
        target = test.context.resolver.resolveModule(absolute, specifier);
      } catch {
        continue;
      }
      if (isInstalledPackage(target)) continue;
      const key = toStorePath(root, target);
      index.set(key, [...(index.get(key) ?? []), { file, reexports: reexports.includes(specifier) }]);
    }
  }
  return index;
}

/** The options jest-runtime transforms CommonJS modules with, so the cache key is the run's own. */
function transformOptions(globalConfig: Config.GlobalConfig | undefined) {
  return {
    isInternalModule: false,
    supportsDynamicImport: typeof (vm as { SyntheticModule?: unknown }).SyntheticModule === 'function',
    supportsExportNamespaceFrom: false,
    supportsStaticESM: false,
    supportsTopLevelAwait: false,
    collectCoverage: globalConfig?.collectCoverage ?? true,
    collectCoverageFrom: globalConfig?.collectCoverageFrom ?? [],
    coverageProvider: globalConfig?.coverageProvider ?? 'babel',
    ...(globalConfig ? { globalRootDir: globalConfig.rootDir } : {}),
  };
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  return plain.split('\n').map((line) => line.trim()).find((line) => line.length > 0) ?? 'transform failed';
}
