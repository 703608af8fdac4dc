import * as path from 'path';
import { fileURLToPath } from 'url';
import type { Test, TestContext, TestResult } from '@jest/test-result';
import { caseCallbackBlocks } from '../core/testCallbacks';
import { fingerprintFromIstanbul, type IstanbulFileCoverage } from '../core/coverage';
import { sortUnique } from '../core/match';
import type { Hasher } from '../core/types';
import type { PositionMapper } from '../core/coverage';
import { FingerprintPool } from '../store/fingerprintPool';
import type { FileState, Fingerprint, TestRun } from '../store/types';
import { DependencyWalker, existingFile, snapshotPath } from './dependencies';
import { isInstalledPackage, toStorePath } from './paths';
import type { RunState, SkippedCase } from './runState';
import { createPositionMapper } from './sourcemap';
import { v8Fingerprint } from './v8';
import { docblockKeepsOurEnvironment, isOurEnvironment, takeLog } from './environmentLog';
import { readShelvedMap, type RanFileCoverage } from './ranCoverage';
import type { CaseLog, Hits } from './caseTracker';
import { typeChecks } from './typeCheck';
import { mergeFingerprints } from './mergeRuns';
import { inputFileSet } from './inputs';
import { SeenFiles } from './seenFiles';

/** A file's coverage as Jest reports it, or as the environment handed it over. */
type IstanbulCoverage = IstanbulFileCoverage & Pick<RanFileCoverage, 'sourceMap' | 'whole'>;

/**
 * Turns each finished test file into a {@link TestRun}: the checksums of the blocks its coverage says
 * ran, whole-file fingerprints for the dependencies coverage cannot see (static imports, files read
 * with `fs`, the snapshot file, the test file itself), and whether the data can be trusted.
 */
export class Recorder {
  private readonly seen: SeenFiles;
  private readonly walkers = new Map<TestContext, Map<boolean, DependencyWalker>>();
  /** Source-map readers of the test file being recorded: its whole coverage and each case's share one. */
  private readonly mappers = new Map<string, PositionMapper>();
  /** Source-map readers of shelved maps (see ranCoverage.ts), by name and file. */
  private readonly shelved = new Map<string, PositionMapper | undefined>();
  /** Test files a docblock ran in another environment than ours: they run every time. */
  readonly outsideEnvironment: string[] = [];
  /**
   * The run's fingerprints, each kept once: the records of a full run stay in memory until it is
   * saved, in the process that runs the tests when Jest runs in band.
   */
  private readonly pool = new FingerprintPool();
  /** {@link inputFileSet} by project config, for the run. */
  private readonly inputFiles = new Map<TestContext['config'], ReadonlySet<string>>();

  constructor(private readonly state: RunState, hasher: Hasher) {
    this.seen = new SeenFiles(state, hasher);
  }

  record(test: Test, result: TestResult): TestRun {
    this.mappers.clear();
    this.seen.keepTablesIn(test.context.config.cacheDirectory);
    const testFile = toStorePath(this.state.root, test.path);
    const fingerprints = new Map<string, Fingerprint>();
    let forced = false;
    const add = (fp: Fingerprint | undefined): void => {
      if (fp) fingerprints.set(fp.file, mergeFingerprints(fingerprints.get(fp.file), fp));
      else forced = true;
    };

    const { testEnvironment } = test.context.config;
    const found = takeLog(test.context.config.cacheDirectory, test.path);
    // Our environment always leaves a log: without it, what the test read with `fs` (and, under our
    // counters, what it ran) is unknown. So is it when a docblock named another environment.
    if (!found && isOurEnvironment(testEnvironment)) {
      forced = true;
      if (!docblockKeepsOurEnvironment(this.seen.read(test.path)?.text)) this.outsideEnvironment.push(testFile);
    }
    const log = found ?? { reads: [] };
    // The environment hands over what our counters saw, and istanbul's coverage when it took that away
    // from Jest; Jest's own coverage is of the files it instrumented, which our transform left alone.
    const fromJest = result.coverage as unknown as Record<string, IstanbulCoverage> | undefined;
    const coverage = fromJest && log.coverage ? { ...log.coverage, ...fromJest } : (fromJest ?? log.coverage);

    const covered = new Set<string>();
    for (const [file, data] of Object.entries(coverage ?? {})) {
      covered.add(file);
      add(this.fromIstanbul(test.context.config.cacheDirectory, file, data));
    }
    for (const entry of result.v8Coverage ?? []) {
      const file = entry.result.url.startsWith('file:') ? fileURLToPath(entry.result.url) : entry.result.url;
      if (!path.isAbsolute(file) || isInstalledPackage(file)) continue;
      covered.add(file);
      add(this.seen.fingerprint(file, (seen) => v8Fingerprint(this.seen.blocksOf(seen), entry, seen.text)));
    }

    const wholeFiles: Fingerprint[] = [];
    const whole = (fp: Fingerprint | undefined): void => {
      add(fp);
      if (fp) wholeFiles.push(fp);
    };
    // Run-wide inputs rerun every test when they change: reads of them are not the test's own.
    let runWide = this.inputFiles.get(test.context.config);
    if (!runWide) this.inputFiles.set(test.context.config, (runWide = inputFileSet(test.context.config, this.state.root)));
    const reads = log.reads.filter((file) => !runWide.has(file));
    for (const file of [test.path, ...this.walker(test.context, typeChecks(test.context.config, test.path)).closure(test.path), ...reads]) {
      if (!covered.has(file)) whole(this.seen.wholeFile(file));
    }
    // The test wrote its own snapshot file during the run if anything: its content is this run's.
    const snapshot = snapshotPath(test.context, test.path);
    if (existingFile(snapshot)) whole(this.seen.wholeFile(snapshot, true));

    const skipped = this.state.skippedCases.get(testFile);
    const split = log.cases && coverage && !result.v8Coverage ? this.splitByCase(test.context.config.cacheDirectory, log.cases, coverage, wholeFiles, testFile, skipped ?? []) : undefined;
    // Cases skipped by this run keep what they recorded before; without a split they are not known.
    if (skipped && !split) forced = true;
    const run: TestRun = {
      path: testFile,
      durationMs: durationOf(result),
      failed: result.numFailingTests > 0 || Boolean(result.testExecError) || Boolean(result.failureMessage),
      forced,
      recordedAt: Date.now(),
      fingerprints: [...fingerprints.values()],
    };
    if (split) {
      for (const c of skipped ?? []) split.cases.push({ name: c.name, failed: c.failed, fingerprints: c.fingerprints });
      run.fingerprints = split.fingerprints;
      run.cases = { shared: split.shared, cases: split.cases.map((c) => ({ ...c, fingerprints: c.fingerprints.map((fp) => split.position(fp)) })) };
    }
    if (run.fingerprints.some((fp) => this.seen.get(fp.file)?.untrusted)) run.forced = true;
    run.fingerprints = run.fingerprints.map((fp) => this.pool.intern(fp));
    return run;
  }

  /**
   * The test file's fingerprints split by case, from the environment's log: each case's coverage, and
   * shared by all cases what ran outside them and the whole-file dependencies. `undefined` when it
   * cannot be built (a fallback, a file coverage does not describe): the file is recorded whole.
   */
  private splitByCase(
    cacheDirectory: string,
    log: CaseLog,
    coverage: Readonly<Record<string, IstanbulCoverage>>,
    wholeFiles: readonly Fingerprint[],
    testFile: string,
    skipped: readonly SkippedCase[],
  ) {
    if (log.fallback || !Array.isArray(log.cases)) return undefined;
    const fingerprints: Fingerprint[] = [];
    const positions = new Map<Fingerprint, number>();
    const position = (fp: Fingerprint): number => {
      let at = positions.get(fp);
      if (at === undefined) {
        at = fingerprints.push(fp) - 1;
        positions.set(fp, at);
      }
      return at;
    };
    const fromHits = (hits: Hits): Fingerprint[] | undefined => {
      const out: Fingerprint[] = [];
      for (const [file, { s, f }] of Object.entries(hits ?? {})) {
        const data = coverage[file];
        const fp = data && this.fromIstanbul(cacheDirectory, file, { ...data, s: counts(s), f: counts(f) });
        if (!fp) return undefined;
        out.push(fp);
      }
      return out;
    };
    const outside = fromHits(log.outside);
    if (!outside) return undefined;
    const callbacks = this.testFileByCase(testFile, wholeFiles, log, skipped);
    const shared = [...outside, ...wholeFiles.filter((fp) => !callbacks || fp.file !== testFile), ...(callbacks ? [callbacks.shared] : [])].map(position);
    const cases: SkippedCase[] = [];
    for (const [index, c] of log.cases.entries()) {
      const ran = fromHits(c.hits);
      if (!ran || typeof c.name !== 'string') return undefined;
      const own = callbacks?.cases[index];
      if (own) ran.push(own);
      ran.forEach(position);
      cases.push({ name: c.name, failed: Boolean(c.failed), fingerprints: ran });
    }
    return { fingerprints, shared, cases, position };
  }

  /** Every file state read during the run, with those the sequencer read: the next run's cache. */
  fileStates(): FileState[] {
    const states = new Map<string, FileState>();
    for (const [file, current] of this.state.current) if (current) states.set(file, current.state);
    for (const state of this.seen.trustedStates()) states.set(state.path, state);
    return [...states.values()];
  }

  /**
   * The test file itself split by case: each case's callback (and what is nested in it) as its own
   * fingerprint, everything else of the file shared. `undefined` when the test file is not a
   * whole-file dependency here or its cases' callbacks cannot be placed: it then stays shared whole.
   */
  private testFileByCase(testFile: string, wholeFiles: readonly Fingerprint[], log: CaseLog, skippedByUs: readonly SkippedCase[]) {
    const whole = wholeFiles.find((fp) => fp.file === testFile);
    const seen = whole && this.seen.get(testFile);
    if (!seen) return undefined;
    const file = this.seen.blocksOf(seen);
    // The callback of a case that did not run is not shared either: one this run skipped keeps its
    // earlier record, which watches it (unless that record predates the split), and one the user
    // skipped can change no result until the test file changes around it.
    const unwatched = new Set(skippedByUs.filter((c) => !c.fingerprints.some((fp) => fp.file === testFile)).map((c) => c.name));
    const skippedSites = (Array.isArray(log.skipped) ? log.skipped : []).filter((s) => !unwatched.has(s.name)).map((s) => s.site);
    const owned = caseCallbackBlocks(seen.text, testFile, file, [...log.cases.map((c) => c.site), ...skippedSites]);
    if (!owned) return undefined;
    const taken = new Set(owned.flat());
    const fingerprint = (indices: readonly number[]): Fingerprint => ({
      file: testFile,
      fileHash: seen.current.state.hash,
      checksums: sortUnique(indices.map((i) => file.blocks[i]!.checksum)),
    });
    return {
      shared: fingerprint(file.blocks.map((_, i) => i).filter((i) => !taken.has(i))),
      cases: owned.slice(0, log.cases.length).map((indices) => (indices.length > 0 ? fingerprint(indices) : undefined)),
    };
  }

  private fromIstanbul(cacheDirectory: string, file: string, data: IstanbulCoverage): Fingerprint | undefined {
    if (data.whole) return this.seen.wholeFile(file);
    // ts-jest's coverage is taken on the transformed code: map it back through its source map.
    let toOriginal: PositionMapper | undefined;
    if (data.sourceMap) toOriginal = this.shelvedMapper(cacheDirectory, file, data.sourceMap);
    else if (data.inputSourceMap) {
      toOriginal = this.mappers.get(file) ?? createPositionMapper(data.inputSourceMap, file);
      this.mappers.set(file, toOriginal);
    }
    // A shelved map that is gone leaves no mapper: the core then counts the whole file.
    const forCore = data.sourceMap ? { ...data, inputSourceMap: data.sourceMap } : data;
    return this.seen.fingerprint(file, (seen) => fingerprintFromIstanbul(this.seen.blocksOf(seen), forCore, toOriginal));
  }

  /** A shelved map's content never changes under its name: its reader serves the whole run. */
  private shelvedMapper(cacheDirectory: string, file: string, name: string): PositionMapper | undefined {
    const key = `${name}\0${file}`;
    if (!this.shelved.has(key)) {
      const map = readShelvedMap(cacheDirectory, name);
      this.shelved.set(key, typeof map === 'object' && map !== null ? createPositionMapper(map, file) : undefined);
    }
    return this.shelved.get(key);
  }

  /** Under a type-checking transform, type-only imports are dependencies too. */
  private walker(context: TestContext, withTypeImports: boolean): DependencyWalker {
    let walkers = this.walkers.get(context);
    if (!walkers) {
      walkers = new Map();
      this.walkers.set(context, walkers);
    }
    let walker = walkers.get(withTypeImports);
    if (!walker) {
      walker = new DependencyWalker(context, withTypeImports);
      walkers.set(withTypeImports, walker);
    }
    return walker;
  }
}

/** Istanbul's counters from a list of ids that counted. */
function counts(ids: readonly number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of Array.isArray(ids) ? ids : []) out[id] = 1;
  return out;
}

function durationOf(result: TestResult): number {
  const { start, end, runtime } = result.perfStats;
  return typeof runtime === 'number' && runtime > 0 ? runtime : Math.max(0, end - start);
}
