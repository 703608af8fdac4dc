import * as fs from 'fs';
import * as path from 'path';
import type { Config } from '@jest/types';
import type { CountingTransformerConfig } from './transform';

/** Transformers known to strip types without checking them: a file's output depends on it alone. */
const TRANSPILE_ONLY = /(^|[\\/])(babel-jest|@swc[\\/]jest|esbuild-jest|@sucrase[\\/]jest-plugin|sucrase-jest)([\\/]|$)/;

/** `jest-difftest/transform`, as `withDiffTest` names it in a config. */
export const COUNTING_TRANSFORMER = require.resolve('./transform');

/**
 * The transformer entry Jest uses for a file, if any: the project's own, where `withDiffTest` wrapped
 * it in the counting transformer.
 */
export function transformerFor(config: Config.ProjectConfig, file: string): [path: string, options: Record<string, unknown>] | undefined {
  const entry = config.transform.find(([pattern]) => new RegExp(pattern).test(file));
  if (!entry) return undefined;
  if (entry[1] !== COUNTING_TRANSFORMER) return [entry[1], entry[2] ?? {}];
  const { transformer, options } = (entry[2] ?? {}) as CountingTransformerConfig;
  return transformer ? [transformer, (options ?? {}) as Record<string, unknown>] : undefined;
}

/**
 * Whether the transform of `file` type-checks it, so that its output can change (or fail) when a file
 * it imports changes: ts-jest unless told to transpile only (`isolatedModules`, `diagnostics: false`).
 * Read from the config rather than guessed; an unknown transformer or an unreadable tsconfig counts
 * as type-checking, since when unsure the safe answer is to check.
 */
export function typeChecks(config: Config.ProjectConfig, file: string): boolean {
  const transformer = transformerFor(config, file);
  if (!transformer) return false;
  const [modulePath, options] = transformer;
  if (TRANSPILE_ONLY.test(modulePath)) return false;
  if (!/(^|[\\/])ts-jest([\\/]|$)/.test(modulePath)) return true;
  if (options.isolatedModules === true || options.diagnostics === false) return false;
  const tsconfig = options.tsconfig;
  if (tsconfig !== null && typeof tsconfig === 'object') return (tsconfig as { isolatedModules?: unknown }).isolatedModules !== true;
  const file_ = typeof tsconfig === 'string' ? tsconfig.replace('<rootDir>', config.rootDir) : path.join(config.rootDir, 'tsconfig.json');
  return !transpilesOnly(path.resolve(config.rootDir, file_));
}

function transpilesOnly(tsconfigPath: string): boolean {
  try {
    const json = JSON.parse(stripJsonComments(fs.readFileSync(tsconfigPath, 'utf8'))) as {
      compilerOptions?: { isolatedModules?: unknown };
    };
    return json.compilerOptions?.isolatedModules === true;
  } catch {
    return false;
  }
}

/** tsconfig files are JSON with comments and trailing commas. */
function stripJsonComments(text: string): string {
  return text
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_match, string: string | undefined) => string ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
}
