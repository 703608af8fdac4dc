#!/usr/bin/env node
import * as os from 'os';
import { DiffTestError } from '../errors';
import { ENV_VARS } from '../jest/options';
import { parseArgs } from './args';

const HELP = `Usage:
  jest-difftest [jest arguments] [--diff-* flags]   run Jest, only the affected test files
  jest-difftest status [jest arguments]             show what would run and why, run nothing
  jest-difftest help                                this text

Flags:
  --diff-rebuild      forget the recorded data, run every test and record afresh
  --diff-noselect     run every test, record
  --diff-nocollect    select, record nothing
  --diff-forceselect  select even among tests named on the command line
  --diff-env NAME     keep separate data for this environment (a Node version, a CI job)
  --diff-datafile F   the data file (default: .difftestdata in Jest's rootDir)
  --diff-explain      print why each selected test file runs
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


