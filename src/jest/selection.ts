import * as fs from 'fs';
import * as path from 'path';
import type { Test, TestContext } from '@jest/test-result';
import type { Config } from '@jest/types';
import { detectChanges } from '../core/cascade';
import { filesToCheck, maxFingerprintId, selectTests, type Selection } from '../core/select';
import { mergeStores, openStore, readFileProvenance } from '../store';
import type { Fingerprint, Snapshot } from '../store/types';
import { loadHasher } from '../../wasm/hasher';
import { runningJestVersion } from './fromJest';
import { changedInputs, mergeInputs, runWideInputs } from './inputs';
import { formatBroken, formatExplain, formatHeader, formatProvenance } from './messages';
import { findCompileErrors } from './compile';
import { isCodeFile } from '../core/blocks';
import type { CurrentFile } from '../core/cascade';
import type { ResolvedOptions } from './options';
import { commonAncestor, fromStorePath, toStorePath } from './paths';
import { DiskBlockTables } from './blockTables';
import { crawlOf } from './crawl';
import { diskFileSource } from './fileSource';
import { getConfigSeen, type RunState, type SkippedCase } from './runState';
import { readSummary, summaryFile, writeSummary } from './summary';

/** The outcome of selection: the tests to run and what the reporter needs afterwards. */
export interface Plan {
  tests: Test[];
  state: RunState;
  selection: Selection;
  /** Recorded duration of a test file, from the data file (the same on every machine). */
  durationOf(test: Test): number | undefined;
  /** Lines for the user: warnings, the header, and with `explain` one line per selected test. */
  lines: string[];
  /** Absolute test file path → the test cases to skip in it (with the `testCases` option). */
  skipCases: Record<string, string[]>;
}

/**
 * Decides which of the tests Jest found must run: opens the data file, compares the run-wide inputs,
 * runs the change-detection cascade over every file the candidates depend on, and applies the core's
 * selection rule.
 */
export async function planRun(
  tests: readonly Test[],
  options: ResolvedOptions,
  globalConfig: Config.GlobalConfig | undefined,
): Promise<Plan> {
  const startedAt = Date.now();
  const root = storeRoot(tests, globalConfig);
  const dataFile = path.resolve(root, options.dataFile);
  // Both WebAssembly modules compile at once, and while the data file is read.
  const hasherLoading = loadHasher();
  hasherLoading.catch(() => undefined);
  const lines = options.baseline ? await startFromBaseline(dataFile, path.resolve(root, options.baseline)) : [];

  const contexts = uniqueContexts(tests);
  const configs = contexts.map((context) => context.config);
  const byPath = new Map<string, Test[]>();
  for (const test of tests) {
    const relative = toStorePath(root, test.path);
    byPath.set(relative, [...(byPath.get(relative) ?? []), test]);
  }
  const candidates = [...byPath.keys()];
  const summary = summaryFile(configs[0]!.cacheDirectory, dataFile, options.env);
  const crawl = crawlOf(contexts.map((context) => context.hasteFS), root);
  const replay = diskFileSource(root, crawl);
  const summarised = options.select && !options.rebuild && !options.baseline
    ? readSummary(summary, dataFile, options.env, options.testCases, candidates, replay)
    : undefined;
  // A new source for the cascade after a replay that did not hold: `explain` counts one look per file.
  const source = summarised ? replay : diskFileSource(root, crawl);
  const opened = summarised ? { snapshot: summarised.snapshot, status: 'ok', warnings: [] } : await openStore(dataFile, options.env);
  const { snapshot } = opened;
  lines.push(...opened.warnings);
  const hasher = await hasherLoading;
  const inputs = runWideInputs(configs, root, hasher, runningJestVersion());

  const runAll = runAllReason(options, opened.status, snapshot, inputs, globalConfig);
  const current = runAll === undefined && !summarised
    ? detectChanges(filesToCheck(candidates, snapshot), snapshot.files, source, hasher, startedAt, new DiskBlockTables(configs[0]!.cacheDirectory))
    : new Map<string, CurrentFile | null>();
  const compileStart = Date.now();
  const broken = runAll === undefined ? await compileChanges(root, candidates, byPath, snapshot, current, globalConfig) : new Map<string, string>();
  const compileMs = Date.now() - compileStart;
  const selection = summarised && runAll === undefined
    ? summarised.selection
    : selectTests({ tests: candidates, snapshot, current, broken, byCase: options.testCases, ...(runAll === undefined ? {} : { runAll }) });
  // A test file run by two projects gets one merged record: which run a case belongs to is lost.
  for (const test of selection.cases.keys()) if (byPath.get(test)!.length > 1) selection.cases.delete(test);
  if (!summarised && 'identity' in opened && opened.identity && runAll === undefined && nothingChanged(current, broken, snapshot, candidates)) {
    writeSummary(summary, opened.identity, options.testCases, snapshot, selection, [...current.values()].map((file) => file!.state));
  }

  const skippedMs = selection.skipped.reduce((sum, test) => sum + (snapshot.tests.get(test)?.durationMs ?? 0), 0);
  const state: RunState = {
    root,
    dataFile,
    options,
    environment: { name: options.env, inputs: mergeInputs(snapshot.environment?.inputs, inputs) },
    resetEnvironment: options.rebuild || (snapshot.environment !== undefined && changedInputs(snapshot.environment.inputs, inputs).length > 0),
    removedTests: removedTests(snapshot, new Set(candidates), root),
    current,
    skippedMs,
    skippedCount: selection.skipped.length,
    startedAt,
    skippedCases: skippedCases(selection, snapshot),
  };
  if (options.explain && snapshot.provenance) lines.push(formatProvenance('data file', dataFile, snapshot.provenance, startedAt));
  lines.push(formatHeader(selection, current, candidates.length, runAll));
  lines.push(...formatBroken(broken, selection));
  if (options.explain) {
    lines.push(...formatExplain(selection));
    const how = summarised ? ', from the summary of the last selection: no file changed since' : '';
    const { crawl, stat } = source.looked;
    const looked = crawl > 0 ? `, ${crawl - stat} files known unchanged from Jest's crawl, ${stat} stat'ed` : `, ${stat} files stat'ed`;
    lines.push(`jest-difftest: selection took ${Date.now() - startedAt} ms (compile check ${compileMs} ms${looked}${how})`);
  }
  const selected = [...selection.selected.keys()].flatMap((relative) => byPath.get(relative) ?? []);
  const durationOf = (test: Test): number | undefined => snapshot.tests.get(toStorePath(root, test.path))?.durationMs;
  const skipCases: Record<string, string[]> = {};
  for (const [test, plan] of selection.cases) for (const { path: absolute } of byPath.get(test)!) skipCases[absolute] = plan.skip;
  return { tests: selected, state, selection, durationOf, lines, skipCases };
}

/** Merges a baseline data file into the data file; a missing or unusable baseline is only a warning. */
async function startFromBaseline(dataFile: string, baseline: string): Promise<string[]> {
  if (!fs.existsSync(baseline)) return [`jest-difftest: baseline ${baseline} does not exist; selecting from the local data only.`];
  const merged = await mergeStores(dataFile, [baseline]);
  const provenance = merged.saved ? await readFileProvenance(baseline) : undefined;
  return [...merged.warnings, ...(provenance ? [formatProvenance('baseline', baseline, provenance, Date.now())] : [])];
}

/**
 * Changed code files that recorded tests loaded go through the project's transformer before the
 * selection is final: under a type-checking transform, an edit can break modules (and tests) that
 * never ran the changed code.
 */
async function compileChanges(
  root: string,
  candidates: readonly string[],
  byPath: ReadonlyMap<string, Test[]>,
  snapshot: Snapshot,
  current: ReadonlyMap<string, CurrentFile | null>,
  globalConfig: Config.GlobalConfig | undefined,
): Promise<Map<string, string>> {
  const changed = [...current].filter(([file, now]) => now?.changed && isCodeFile(file)).map(([file]) => file);
  if (changed.length === 0) return new Map();
  const loadedBy = new Map<string, Test>();
  // Tests share most fingerprints: each is looked at once, not once per test that links to it.
  const seen = new Uint8Array(maxFingerprintId(snapshot) + 1);
  for (const test of candidates) {
    const jestTest = byPath.get(test)![0]!;
    for (const id of snapshot.tests.get(test)?.fingerprintIds ?? []) {
      if (seen[id] !== 0) continue;
      seen[id] = 1;
      const file = snapshot.fingerprints.get(id)?.file;
      if (file !== undefined && !loadedBy.has(file) && isCodeFile(file)) loadedBy.set(file, jestTest);
    }
  }
  return findCompileErrors({ root, changed, loadedBy, globalConfig });
}

/**
 * Every test runs when there is nothing to compare with, when asked to, when tests were named on the
 * command line (unless `forceSelect`), or when a run-wide input changed.
 */
function runAllReason(
  options: ResolvedOptions,
  status: string,
  snapshot: Snapshot,
  inputs: Readonly<Record<string, string>>,
  globalConfig: Config.GlobalConfig | undefined,
): string | undefined {
  if (options.rebuild) return 'rebuild asked: running all';
  if (!options.select) return 'selection off: running all';
  if (status === 'new') return 'new data file: running all';
  if (status !== 'ok') return `data file ${status}: running all`;
  if (!snapshot.environment) return `no data for environment "${options.env}" yet: running all`;
  if (!options.forceSelect && namesTests(globalConfig)) {
    return 'tests named on the command line: running them all (--diff-forceselect selects among them)';
  }
  const changed = changedInputs(snapshot.environment.inputs, inputs);
  if (changed.length > 0) {
    const shown = changed.slice(0, 3).join(', ') + (changed.length > 3 ? ` and ${changed.length - 3} more` : '');
    return `${shown} changed: running all`;
  }
  return undefined;
}

function namesTests(globalConfig: Config.GlobalConfig | undefined): boolean {
  if (!globalConfig) return false;
  const patterns = (globalConfig as { testPathPatterns?: { patterns?: unknown[] } }).testPathPatterns?.patterns;
  return Boolean(globalConfig.testNamePattern) || (Array.isArray(patterns) && patterns.length > 0);
}

/**
 * The directory every stored path is relative to: Jest's `rootDir` (the root config's, with
 * `projects`). Jest 29 does not hand sequencers the global config; there the root config's directory
 * as `withDiffTest` saw it, or else the working directory when it holds every project (their common
 * root if not).
 */
export function storeRoot(tests: readonly Test[], globalConfig: Config.GlobalConfig | undefined): string {
  if (globalConfig) return globalConfig.rootDir;
  const fromConfig = getConfigSeen()?.rootDir;
  if (fromConfig) return fromConfig;
  const roots = [...new Set(tests.map((test) => test.context.config.rootDir))];
  // A monorepo run from its root (the usual case) keeps its data there, as Jest 30 does.
  const cwd = process.cwd();
  return roots.every((root) => !path.relative(cwd, root).startsWith('..')) ? cwd : commonAncestor(roots);
}

/** One context per project (by config id), in the order of their root directories. */
function uniqueContexts(tests: readonly Test[]): TestContext[] {
  const contexts = new Map<string, TestContext>();
  for (const test of tests) contexts.set(test.context.config.id, test.context);
  return [...contexts.values()].sort((a, b) => a.config.rootDir.localeCompare(b.config.rootDir) || a.config.id.localeCompare(b.config.id));
}

/** The cases each partly run test file skips, with the fingerprints they recorded (to keep them). */
function skippedCases(selection: Selection, snapshot: Snapshot): Map<string, SkippedCase[]> {
  const out = new Map<string, SkippedCase[]>();
  for (const [test, plan] of selection.cases) {
    const record = snapshot.tests.get(test)!;
    const skip = new Set(plan.skip);
    const fingerprintAt = (position: number): Fingerprint => snapshot.fingerprints.get(record.fingerprintIds[position]!)!;
    out.set(
      test,
      record.cases!.cases.filter((c) => skip.has(c.name)).map((c) => ({ name: c.name, failed: c.failed, fingerprints: c.fingerprints.map(fingerprintAt) })),
    );
  }
  return out;
}

/**
 * A full selection worth summarising (see summary.ts): among every recorded test, with every file
 * they depend on there and unchanged, and nothing failing to compile.
 */
function nothingChanged(current: ReadonlyMap<string, CurrentFile | null>, broken: ReadonlyMap<string, string>, snapshot: Snapshot, candidates: readonly string[]): boolean {
  if (broken.size > 0) return false;
  for (const file of current.values()) if (!file || file.changed) return false;
  const all = new Set(candidates);
  for (const test of snapshot.tests.keys()) if (!all.has(test)) return false;
  return true;
}

/** Recorded test files that no longer exist on disk. */
function removedTests(snapshot: Snapshot, candidates: ReadonlySet<string>, root: string): string[] {
  return [...snapshot.tests.keys()].filter((test) => !candidates.has(test) && !fs.existsSync(fromStorePath(root, test)));
}
