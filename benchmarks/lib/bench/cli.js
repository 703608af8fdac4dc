'use strict';
/**
 * What the benchmark scripts share: their flags, the project and its recording, the machine
 * description, and printing results as tables (or JSON).
 *
 * A benchmark is `async (context) => Section[]`, a section `{title, header, rows, notes}`.
 */
const fs = require('fs');
const { parseFlags } = require('../flags');
const { SIZES } = require('../generator');
const { TRANSFORMS } = require('../generator/config');
const { machine, loadAverage, waitForQuiet } = require('./machine');
const { prepareProject, ensureRecording } = require('./project');
const { table } = require('./stats');

const COMMON = {
  size: 'string',
  seed: 'integer',
  transform: 'string',
  runs: 'integer',
  fresh: 'boolean',
  rerecord: 'boolean',
  keepRecord: 'boolean',
  maxOthers: 'string',
  maxWait: 'integer',
  json: 'string',
  help: 'boolean',
};

function usage(script, extra = '') {
  return (
    `Usage: node benchmarks/${script} [--size ${Object.keys(SIZES).join('|')}] [--runs N] [--seed N] [--transform ${Object.keys(TRANSFORMS).join('|')}]\n` +
    `        [--fresh] [--rerecord | --keep-record] [--max-others C] [--max-wait S] [--json FILE]${extra}\n` +
    '  --size      the generated project (default small)\n' +
    '  --runs      runs per figure (default: 5, 3 for full Jest runs)\n' +
    '  --fresh     generate the project again; --rerecord: record again\n' +
    '  --keep-record  use the recording of an earlier build (a recording belongs to one build otherwise); for\n' +
    '              figures that only read it (selection), when what changed since does not record differently\n' +
    '  --max-others  before each benchmark, wait (at most --max-wait seconds, default 600) until other processes use at most\n' +
    '              C cores (default 0.25); a run during which they used more is repeated (up to 3 times)\n' +
    '  --json      also write the results as JSON to FILE\n' +
    '  Build first: npm run build (npm run bench does).'
  );
}

/**
 * Parses the flags, prepares the project and its recording.
 * @param {string[]} argv
 * @param {{script: string, flags?: object, extraUsage?: string}} spec
 */
async function setUp(argv, { script, flags = {}, extraUsage = '' }) {
  const text = usage(script, extraUsage);
  const parsed = parseFlags(argv, { ...COMMON, ...flags }, text);
  if (parsed.help) {
    process.stdout.write(`${text}\n`);
    return undefined;
  }
  const size = parsed.size ?? 'small';
  if (!SIZES[size]) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}\n${text}`);
  // The commit now, before the recording run (minutes at large size) gives anyone time to commit.
  const described = machine();
  const log = (line) => process.stderr.write(`${line}\n`);
  const maxOthers = parsed.maxOthers === undefined ? 0.25 : Number(parsed.maxOthers);
  if (!Number.isFinite(maxOthers)) throw new Error(`--max-others must be a number\n${text}`);
  const project = prepareProject({ size, seed: parsed.seed ?? 1, transform: parsed.transform ?? 'ts-jest-isolated', fresh: parsed.fresh, log });
  const quiet = () => waitForQuiet({ maxOthers, maxWaitS: parsed.maxWait ?? 600, log });
  await quiet();
  const recording = await ensureRecording(project, { log, force: parsed.rerecord, keep: parsed.keepRecord });
  /**
   * Runs `fn` (which resolves with a run that has `others`, the cores other processes used) again,
   * after waiting for quiet, while other processes used more than `maxOthers`: at most 3 repeats.
   */
  const steady = async (fn) => {
    for (let attempt = 0; ; attempt++) {
      const run = await fn();
      if (!(run.others > maxOthers) || attempt >= 3) return run;
      log(`other processes used ${run.others.toFixed(2)} cores during that run: repeating it`);
      await quiet();
    }
  };
  return { flags: parsed, size, project, recording, log, quiet, steady, maxOthers, machine: described, shared: {} };
}

/** Prints sections as markdown tables with their notes; writes JSON when asked. */
function report(context, sections, out = (text) => process.stdout.write(text)) {
  for (const section of sections) {
    out(`\n### ${section.title}\n\n${table(section.header, section.rows, section.align)}\n`);
    for (const note of section.notes ?? []) out(`\n${note}\n`);
  }
  if (context.flags.json) {
    fs.writeFileSync(context.flags.json, `${JSON.stringify({ machine: context.machine, size: context.size, manifest: context.project.manifest, sections }, null, 2)}\n`);
  }
}

/** The description of the machine and the project, for the top of a report. */
function describeSetup(context) {
  const m = context.machine;
  const p = context.project.manifest;
  return [
    `machine: ${m.nproc} cores (${m.cpu}), ${m.memory}, ${m.os}; load average now ${loadAverage()}`,
    `versions: Node ${m.node}, Jest ${m.jest}, ts-jest ${m.tsJest}, jest-difftest ${m.package} at ${m.commit}`,
    `project: ${context.size} (seed ${p.seed}, ${p.transform}): ${p.sourceFiles} source files, ${p.testFiles} test files, ${p.testCases} test cases, ${p.jsonFiles} JSON files, ${p.snapshotFiles} snapshot files`,
  ];
}

/** Runs a benchmark as a script: set up, run, print. */
function main(script, benchmark, spec = {}) {
  (async () => {
    const context = await setUp(process.argv.slice(2), { script, ...spec });
    if (!context) return;
    for (const line of describeSetup(context)) process.stdout.write(`${line}\n`);
    report(context, await benchmark(context));
  })().catch((error) => {
    process.stderr.write(`${script}: ${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  });
}

module.exports = { setUp, report, describeSetup, main, usage, COMMON };
