#!/usr/bin/env node
'use strict';
/**
 * Generates a synthetic TypeScript project for benchmarks and the safety check.
 *
 *   node benchmarks/generate.js --size small|medium|large --seed N --out DIR
 *        [--transform ts-jest-isolated|ts-jest|babel] [--force]
 *
 * The same size, seed and transform give the same files, byte for byte. The project installs
 * nothing: its jest.config.js loads the built jest-difftest (`npm run build` first) and its tools
 * from this repository's node_modules by absolute path.
 */
const path = require('path');
const { generateProject, writeProject, SIZES } = require('./lib/generator');
const { TRANSFORMS } = require('./lib/generator/config');
const { parseFlags } = require('./lib/flags');

const USAGE = `Usage: node benchmarks/generate.js --size ${Object.keys(SIZES).join('|')} --seed N --out DIR [--transform ${Object.keys(TRANSFORMS).join('|')}] [--force]`;

function main(argv) {
  const flags = parseFlags(argv, { size: 'string', seed: 'integer', out: 'string', transform: 'string', force: 'boolean', help: 'boolean' }, USAGE);
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!flags.out) throw new Error(`--out is required\n${USAGE}`);
  const started = process.hrtime.bigint();
  const project = generateProject({ size: flags.size ?? 'small', seed: flags.seed ?? 1, transform: flags.transform ?? 'ts-jest-isolated' });
  const out = path.resolve(flags.out);
  writeProject(project, out, { force: flags.force });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const m = project.manifest;
  process.stdout.write(
    `${out}: ${m.sourceFiles} source files in ${m.packages} packages + shared, ${m.testFiles} test files (${m.testCases} test cases), ` +
      `${m.jsonFiles} JSON files, ${m.snapshotFiles} snapshot files; transform ${m.transform}; ${project.files.size} files in ${seconds.toFixed(2)} s\n`,
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`generate: ${error.message}\n`);
  process.exitCode = 2;
}
