#!/usr/bin/env node
'use strict';
/**
 * The safety check: mutation testing of jest-difftest's selection.
 *
 *   node benchmarks/safety.js (--project DIR | --size small|medium|large) --mutants N --seed S
 *        [--jest 30|29] [--only K] [--kinds function,method,...] [--workers N] [--json [FILE]]
 *        [--gen-seed N] [--transform ts-jest-isolated|ts-jest|babel] [--fresh] [--test-cases]
 *
 * Records once, then for each of N seeded mutants (a fault injected into a function, method,
 * getter, constant, JSON file or type) compares the test files that fail under plain Jest with the
 * ones jest-difftest selects and the ones `jest --findRelatedTests` selects, and restores the file.
 * Exit code: 0 when nothing was missed, 1 when a failing test file was not selected (or the data
 * file changed, or the project could not be restored), 2 on a usage or setup error.
 *
 * `--test-cases` checks per-test-case selection: it records with `testCases`, runs each selection for
 * real (recording nothing) and counts a failing test case that did not run as missed.
 *
 * `--size` generates the project (seeded by --gen-seed, default 1) under benchmarks/.generated/ and
 * reuses it on the next run while its files are unchanged, unless `--fresh`. Build first:
 * `npm run build`.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { parseFlags } = require('./lib/flags');
const { runSafetyCheck } = require('./lib/safety-check');
const { printTable } = require('./lib/safety-report');
const { generateProject, writeProject, SIZES } = require('./lib/generator');
const { UNIT_KINDS } = require('./lib/mutation');

const USAGE = `Usage: node benchmarks/safety.js (--project DIR | --size ${Object.keys(SIZES).join('|')}) --mutants N --seed S [--jest 30|29] [--only K] [--kinds ${UNIT_KINDS.join(',')}] [--workers N] [--json [FILE]] [--gen-seed N] [--transform T] [--fresh] [--test-cases]`;

async function main(argv) {
  const flags = parseFlags(
    argv,
    {
      project: 'string',
      size: 'string',
      mutants: 'integer',
      seed: 'integer',
      only: 'integer',
      jest: 'string',
      kinds: 'string',
      workers: 'integer',
      json: 'optional-string',
      genSeed: 'integer',
      transform: 'string',
      fresh: 'boolean',
      testCases: 'boolean',
      help: 'boolean',
    },
    USAGE,
  );
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!flags.project === !flags.size) throw new Error(`give either --project or --size\n${USAGE}`);
  const kinds = flags.kinds ? flags.kinds.split(',').map((k) => k.trim()) : undefined;
  for (const kind of kinds ?? []) if (!UNIT_KINDS.includes(kind)) throw new Error(`--kinds: unknown kind ${kind}; use ${UNIT_KINDS.join(',')}`);
  const root = flags.project ? path.resolve(flags.project) : prepareGenerated(flags);
  if (!fs.existsSync(root)) throw new Error(`--project ${root} does not exist`);

  const log = (line) => process.stderr.write(`${line}\n`);
  const result = await runSafetyCheck(
    {
      root,
      mutants: flags.mutants ?? 10,
      seed: flags.seed ?? 1,
      only: flags.only,
      jest: flags.jest ?? '30',
      workers: flags.workers ?? os.cpus().length,
      kinds,
      testCases: flags.testCases,
    },
    log,
  );
  if (flags.json === true) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else printTable(result, (text) => process.stdout.write(text));
  if (typeof flags.json === 'string') fs.writeFileSync(flags.json, `${JSON.stringify(result, null, 2)}\n`);
  return result.ok ? 0 : 1;
}

/**
 * Generates benchmarks/.generated/<size>-<seed>-<transform>, or reuses it (with its Jest cache and
 * git history) when every generated file on disk is still byte for byte what the generator gives.
 */
function prepareGenerated(flags) {
  const seed = flags.genSeed ?? 1;
  const transform = flags.transform ?? 'ts-jest-isolated';
  const dir = path.join(__dirname, '.generated', `${flags.size}-${seed}-${transform}`);
  const started = Date.now();
  const project = generateProject({ size: flags.size, seed, transform });
  const same = (file, text) => {
    try {
      return fs.readFileSync(path.join(dir, file), 'utf8') === text;
    } catch {
      return false;
    }
  };
  if (!flags.fresh && [...project.files].every(([file, text]) => same(file, text))) {
    process.stderr.write(`project: reusing ${dir}\n`);
    return dir;
  }
  writeProject(project, dir, { force: true });
  process.stderr.write(`project: generated ${dir} (${project.manifest.sourceFiles} source files, ${project.manifest.testFiles} test files) in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return dir;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`safety: ${error.message}\n`);
    process.exitCode = 2;
  },
);
