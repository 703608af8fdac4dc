import * as fs from 'fs';
import * as path from 'path';
import type { Config } from '@jest/types';
import type { Hasher } from '../core/types';
import { isInstalledPackage, toStorePath } from './paths';
import { OWN_COVERAGE } from './ranCoverage';
import type { CountingTransformerConfig } from './transform';

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

/**
 * Config keys that differ between machines or runs without changing what a test does: our own
 * `testEnvironmentOptions` flag only says who reads coverage, and Jest 30 copies `--coverage` and
 * its report settings into each project's config.
 */
const VOLATILE_KEYS = new Set(['id', 'name', 'cacheDirectory', 'displayName', 'verbose', OWN_COVERAGE, 'collectCoverage', 'coverageReporters', 'coverageDirectory']);

/**
 * The run-wide inputs of a run: Node and Jest versions, each project's config, its setup files,
 * custom environment, transformers and resolver, its compiler configs, package.json and lockfiles.
 * A change to any of them reruns every test, and the message names it.
 *
 * @returns input name → hash of its content (`missing` for a file that is not there: adding one is a change).
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
    const project = toStorePath(root, config.rootDir);
    const label = project ? `Jest config of ${project}` : 'Jest config';
    inputs[label] = hasher.hashString(configFingerprint(config, root)).toString(16);
    for (const file of inputFiles(config, root)) files.add(file);
  }
  for (const file of [...files].sort()) {
    const content = readIfFile(file);
    inputs[toStorePath(root, file)] = content === undefined ? MISSING : hasher.hashBytes(content).toString(16);
  }
  return inputs;
}

const MISSING = 'missing';

/**
 * The files among the run-wide inputs of a run that includes `config`'s project (absolute paths):
 * its config's modules, compiler configs, package.json and lockfiles, and those at the store's root.
 */
function inputFiles(config: Config.ProjectConfig, root: string): string[] {
  return [
    ...configFiles(config),
    ...PROJECT_FILES.map((name) => path.join(config.rootDir, name)),
    ...findLockfiles(config.rootDir),
    ...PROJECT_FILES.map((name) => path.join(root, name)),
  ];
}

/**
 * {@link inputFiles} as a set. A change to one of these files reruns all the project's tests
 * already, so a test's read of one need not be recorded (ts-jest reads tsconfig.json when it first
 * needs it, in whichever test file that is: recorded, it would tie one test file, another in each
 * run, to it).
 */
export function inputFileSet(config: Config.ProjectConfig, root: string): ReadonlySet<string> {
  return new Set(inputFiles(config, root));
}

/**
 * The inputs of this run that differ from the recorded ones, `[]` when none. A run of some of the
 * projects evaluates only theirs: inputs it did not evaluate are not changes.
 */
export function changedInputs(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>): string[] {
  return Object.keys(after)
    .filter((name) => (before[name] ?? MISSING) !== after[name])
    .sort();
}

/** What to record after this run: the recorded inputs, updated with those this run evaluated. */
export function mergeInputs(before: Readonly<Record<string, string>> | undefined, after: Readonly<Record<string, string>>): Record<string, string> {
  return { ...before, ...after };
}

function configFingerprint(config: Config.ProjectConfig, root: string): string {
  const json = JSON.stringify(config, (key, value: unknown) => {
    if (VOLATILE_KEYS.has(key)) return undefined;
    if (value instanceof RegExp) return value.source;
    return value;
  });
  // Absolute paths differ between machines and checkouts; the project's shape does not. The project's
  // own root first, then the store's (a workspace root with hoisted packages), deepest first.
  const inJson = (dir: string): string => JSON.stringify(dir).slice(1, -1);
  return json.split(inJson(config.rootDir)).join('<rootDir>').split(inJson(root)).join('<root>');
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
    // The transformer the counting one wraps is the project's own.
    ...config.transform.flatMap(([, transformer, options]) => [transformer, (options as CountingTransformerConfig | undefined)?.transformer]),
  ];
  return files.filter(
    (file): file is string => typeof file === 'string' && path.isAbsolute(file) && !isInstalledPackage(file),
  );
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
