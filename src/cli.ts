import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import type { Output } from './command-kit/output.js';
import { DessaError, EXIT } from './base/errors.js';
import { declareDatabaseCommands } from './cli/database.js';
import { declareDeliveryCommands } from './cli/delivery.js';
import { declareFileCommands } from './cli/files.js';

/**
 * The version of this package, from the nearest package.json above this file (the package's own:
 * it sits above src/, dist/ and the bench's build alike). npm's npm_package_version is not it: that
 * names whichever package's script is running, if any.
 */
function packageVersion(): string {
  for (let dir = new URL('.', import.meta.url); ; dir = new URL('..', dir)) {
    const file = new URL('package.json', dir);
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (new URL('..', dir).href === dir.href) throw new Error('package.json not found above the program');
  }
}

/** Declares the commands; each action hands its options to a function that returns an exit code. */
export function buildProgram(out: Output, done: (code: number) => void): Command {
  const program = new Command('dessa-roster')
    .description('Validate DESSA System roster files and import them into a database.')
    .version(packageVersion())
    .option('--debug', 'show the stack trace of an unexpected failure')
    // Commander's own complaints are not printed: run() turns them into the one documented line.
    .configureOutput({
      writeOut: (s) => out.stdout.write(s),
      writeErr: (s) => out.stderr.write(s),
      outputError: () => {},
    })
    .exitOverride();

  const declared = { out, done };
  declareFileCommands(program, declared);
  declareDatabaseCommands(program, declared);
  declareDeliveryCommands(program, declared);

  return program;
}

/** Commands whose --format can be json: every exit path of theirs then prints one JSON document. */
const JSON_COMMANDS = new Set(['validate', 'diff', 'apply', 'history', 'spec', 'deliver', 'sync', 'fix', 'convert']);

/**
 * The report format asked for, from the words typed: what decides how a failure is shown when
 * commander refuses the command line before parsing it (an unknown option, a missing argument).
 */
export function formatFromArgv(argv: readonly string[]): string {
  const command = argv.find((a) => !a.startsWith('-'));
  if (!command || !JSON_COMMANDS.has(command)) return 'text';
  let format = 'text';
  argv.forEach((a, i) => {
    if (a === '--format' && argv[i + 1] !== undefined) format = argv[i + 1];
    else if (a.startsWith('--format=')) format = a.slice('--format='.length);
  });
  return format;
}

/** What run() learnt of the command line that main needs to show a failure. */
export interface Invocation {
  /** The --format of the command: from argv at first, from commander's parse once it is done. */
  format: string;
}

/** Runs the CLI and returns its exit code; throws only DessaError or unexpected failures. */
export async function run(argv: string[], out: Output, invocation: Invocation = { format: 'text' }): Promise<number> {
  let code: number = EXIT.ok;
  invocation.format = formatFromArgv(argv);
  const program = buildProgram(out, (c) => {
    code = c;
  });
  program.hook('preAction', async (_program, action) => {
    const format = action.opts().format;
    invocation.format = typeof format === 'string' ? format : 'text';
    // Before any input is read: a malformed wait would otherwise first show up after the work.
    if (action.options.some((o) => o.long === '--db')) (await import('./db/connect.js')).checkDatabaseSettings();
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return EXIT.ok;
    if (err.code === 'commander.help') {
      // `help` asked for is a success; help shown because no command was given is a usage error.
      if (err.exitCode === 0) return EXIT.ok;
      throw new DessaError('usage', 'no command given: choose one of the commands listed above');
    }
    if (err.code === 'commander.executeSubCommandAsync') return EXIT.ok;
    throw new DessaError('usage', `${err.message.replace(/^error: /, '')} (run with --help for usage)`);
  }
  return code;
}
