#!/usr/bin/env node
import * as os from 'os';
import { DiffTestError } from '../errors';
import { ENV_VARS } from '../jest/options';
import { mergeStores } from '../store';
import { UsageError } from '../jest/errors';
import { parseArgs } from './args';

const HELP = `Usage:
  jest-difftest [jest arguments] [--diff-* flags]   run Jest, only the affected test files
  jest-difftest status [jest arguments]             show what would run and why, run nothing
  jest-difftest merge OUT IN...                     merge data files (from CI shards or machines) into OUT
  jest-difftest help                                this text

Flags:
  --diff-rebuild      forget the recorded data, run every test and record afresh
  --diff-noselect     run every test, record
  --diff-nocollect    select, record nothing
  --diff-forceselect  select even among tests named on the command line
  --diff-env NAME     keep separate data for this environment (a Node version, a CI job)
  --diff-datafile F   the data file (default: .difftestdata in Jest's rootDir)
  --diff-baseline F   merge a data file recorded elsewhere (CI) into it before selecting
  --diff-explain      print why each selected test file runs
  --diff-testcases    also skip the test cases of a selected file that ran none of the change
  --diff-strict       fail the run when the data file cannot be read or written
  --no-diff           plain Jest: no selection, no recording
`;

interface JestCli {
  run(argv?: string[]): Promise<void>;
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  if (command === 'merge') {
    await merge(rest);
    return;
  }
  const status = command === 'status';
  const { jestArgs, env } = parseArgs(status ? rest : argv);
  Object.assign(process.env, env);
  if (status) {
    process.env[ENV_VARS.explain] = '1';
    process.env[ENV_VARS.collect] = '0';
    jestArgs.push('--listTests', `--outputFile=${os.devNull}`);
  }
  if (!jestArgs.some((arg) => arg.startsWith('--passWithNoTests'))) jestArgs.push('--passWithNoTests');
  await loadJest().run(jestArgs);
}

/** `merge OUT IN...`: newest record of each test wins; environments stay apart. */
async function merge(args: readonly string[]): Promise<void> {
  const [out, ...inputs] = args;
  if (!out || inputs.length === 0) throw new UsageError('merge needs an output file and at least one input', 'jest-difftest merge OUT IN...');
  const result = await mergeStores(out, inputs);
  for (const warning of result.warnings) process.stderr.write(`${warning}\n`);
  if (!result.saved) {
    process.exitCode = 1;
    return;
  }
  process.stderr.write(`jest-difftest: merged ${inputs.length} data file${inputs.length === 1 ? '' : 's'} into ${out}\n`);
}

/** The project's own Jest, so that the version the project pins is the one that runs. */
function loadJest(): JestCli {
  const id = require.resolve('jest', { paths: [process.cwd(), __dirname] });
  return require(id) as JestCli;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof DiffTestError || error instanceof TypeError) {
    process.stderr.write(`${error.message}\n`);
    if (error instanceof DiffTestError && error.code === 'DIFFTEST_UNKNOWN_FLAG') process.stderr.write(`\n${HELP}`);
  } else {
    process.stderr.write(`jest-difftest: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exitCode = 2;
});


