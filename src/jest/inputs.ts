import * as fs from 'fs';
import * as path from 'path';
import type { Config } from '@jest/types';
import type { Hasher } from '../core/types';
import { isInstalledPackage, toStorePath } from './paths';

/** Files next to a project's root whose change can change any test's result. */
const PROJECT_FILES = [
  'package.json',
  'tsconfig.json',
  'jsconfig.json',
  'babel.config.js',
  'babel.config.cjs',
  'babel.config.mjs',
  'babel.config.json',
  'babel.config.ts',
  '.babelrc',
  '.babelrc.js',
  '.babelrc.cjs',
  '.babelrc.json',
  '.swcrc',
  'jest.config.js',
  'jest.config.cjs',
  'jest.config.mjs',
  'jest.config.ts',
  'jest.config.json',
];

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];

/** Config keys that differ between machines or runs without changing what a test does. */
const VOLATILE_KEYS = new Set(['id', 'name', 'cacheDirectory', 'displayName']);

/**
 * The run-wide inputs of a run: Node and Jest versions, each project's config, its setup files,
 * custom environment, transformers and resolver, its compiler configs, package.json and lockfiles.
 * A change to any of them reruns every test, and the message names it.
 *
 * @returns input name → hash of its content (`missing` for a file that is not there).
 */
export function runWideInputs(
  configs: readonly Config.ProjectConfig[],
  root: string,
  hasher: Hasher,
  jestVersion: string,
): Record<string, string> {
  const inputs: Record<string, string> = {
    'Node.js version': process.version,
    'Jest version': jestVersion,
  };
  const files = new Set<string>();
  for (const config of configs) {
    const label = configs.length > 1 ? `Jest config of ${toStorePath(root, config.rootDir) || '.'}` : 'Jest config';
    inputs[label] = hasher.hashString(configFingerprint(config)).toString(16);
    for (const file of configFiles(config)) files.add(file);
    for (const name of PROJECT_FILES) files.add(path.join(config.rootDir, name));
    for (const lockfile of findLockfiles(config.rootDir)) files.add(lockfile);
  }
  for (const name of PROJECT_FILES) files.add(path.join(root, name));
  for (const file of [...files].sort()) {
    const content = readIfFile(file);
    if (content === undefined && !isModulePath(file, configs)) continue;
    inputs[toStorePath(root, file)] = content === undefined ? 'missing' : hasher.hashBytes(content).toString(16);
  }
  return inputs;
}

/** The names of the inputs that differ between two records, `[]` when none. */
export function changedInputs(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => before[name] !== after[name]).sort();
}

function configFingerprint(config: Config.ProjectConfig): string {
  const json = JSON.stringify(config, (key, value: unknown) => {
    if (VOLATILE_KEYS.has(key)) return undefined;
    if (value instanceof RegExp) return value.source;
    return value;
  });
  // Absolute paths differ between machines and checkouts; the project's shape does not.
  return json.split(JSON.stringify(config.rootDir).slice(1, -1)).join('<rootDir>');
}

/** Modules the config names by path: a change to one of them can change every test. */
function configFiles(config: Config.ProjectConfig): string[] {
  const files: Array<string | null | undefined> = [
    ...config.setupFiles,
    ...config.setupFilesAfterEnv,
    ...config.snapshotSerializers,
    config.globalSetup,
    config.globalTeardown,
    config.testEnvironment,
    config.resolver,
    config.snapshotResolver,
    config.dependencyExtractor,
    config.testRunner,
    ...config.transform.map(([, transformer]) => transformer),
  ];
  return files.filter(
    (file): file is string => typeof file === 'string' && path.isAbsolute(file) && !isInstalledPackage(file),
  );
}

function isModulePath(file: string, configs: readonly Config.ProjectConfig[]): boolean {
  return configs.some((config) => configFiles(config).includes(file));
}

/** Lockfiles in `dir` or, in a workspace, in the nearest ancestor that has one. */
function findLockfiles(dir: string): string[] {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const found = LOCKFILES.map((name) => path.join(current, name)).filter(isFile);
    if (found.length > 0) return found;
    if (fs.existsSync(path.join(current, '.git')) || current === path.dirname(current)) return [];
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function readIfFile(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}
