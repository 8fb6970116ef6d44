import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { quietOutput, type Output } from './command-kit/output.js';
import type { FORMATS } from './command-kit/validation-report.js';
import type { FIX_FORMATS } from './commands/fix.js';
import { DessaError, EXIT } from './base/errors.js';
import { readingOptions, sftpOptions } from './cli-options.js';

/**
 * Each command's module, imported when that command runs and not before: `validate`, which CI
 * scripts run on many small files, then starts without knex, the database drivers, or the plan
 * and apply code. test/cold-start.test.ts fails if a static import brings them back.
 */
const commands = {
  validate: () => import('./commands/validate.js'),
  spec: () => import('./commands/spec.js'),
  diff: () => import('./commands/diff.js'),
  apply: () => import('./commands/apply/apply.js'),
  history: () => import('./commands/history.js'),
  deliver: () => import('./commands/deliver.js'),
  sync: () => import('./commands/sync/sync.js'),
  fix: () => import('./commands/fix.js'),
  convert: () => import('./commands/convert.js'),
};

/** validate's --format choices, written here so that declaring the option loads nothing; the type keeps them equal. */
const REPORT_FORMATS: typeof FORMATS = ['text', 'json', 'csv', 'html'];
/** fix's --format choices, kept equal to the command's own list in the same way. */
const FIX_REPORT_FORMATS: typeof FIX_FORMATS = ['text', 'json'];

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

const QUIET_RESULT =
  "print nothing on standard output for a text result (an invalid file's report too); the exit code tells";

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

  readingOptions(
    program
      .command('validate')
      .description('check a roster file against the DESSA spec, row by row')
      .argument('<file>', 'roster file (.csv .tsv .txt .zip), or - for standard input')
      .addOption(new Option('--format <format>', 'report format').choices(REPORT_FORMATS).default('text'))
      .option('-o, --output <file>', 'write the report to a file instead of standard output')
      .option('--strict', 'warnings also fail (exit 1)')
      .option('-q, --quiet', 'print nothing for a text report; the exit code tells'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ dessa-roster validate samples/roster.csv\n' +
        '  $ dessa-roster validate export.zip --format json --output report.json\n' +
        '  $ dessa-roster validate - --delimiter tab < export.txt\n' +
        '\nExit codes: 0 valid, 1 invalid, 2 unreadable input or misuse.',
    )
    .action(async (file: string, opts) => done(await (await commands.validate()).validateCommand(file, opts, out)));

  readingOptions(
    program
      .command('fix')
      .description('write a corrected copy of a roster: mechanical Excel damage repaired, every change listed')
      .argument('<file>', 'roster file (.csv .tsv .txt .zip)')
      .requiredOption('-o, --output <fixed.csv>', 'the corrected copy to write (never the input file)')
      .option('--changes <changes.csv>', 'also write every changed cell and dropped row as a CSV')
      .addOption(new Option('--format <format>', 'summary format').choices(FIX_REPORT_FORMATS).default('text')),
  )
    .addHelpText(
      'after',
      '\nRepairs only what has one reading: whitespace, header names and order, dates (3/4/2015, 2015-03-04,\n' +
        'Excel serials), 4-digit and ZIP+4 zip codes, grades (KG, 01, 3rd), the case and words of listed values\n' +
        '(f, Male, Yes), blank and repeated rows. Day-first or two-digit-year dates, IDs in scientific notation\n' +
        'and conflicts between rows stay as they are and are reported.\n' +
        '\nExamples:\n' +
        '  $ dessa-roster fix export.csv --output fixed.csv\n' +
        '  $ dessa-roster fix export.zip --output fixed.csv --changes changes.csv --format json\n' +
        '\nExit codes: 0 the copy is valid, 1 errors remain (or no copy could be written), ' +
        '2 unreadable input or misuse.',
    )
    .action(async (file: string, opts) => done(await (await commands.fix()).fixCommand(file, opts, out)));

  readingOptions(
    program
      .command('convert')
      .description('write the DESSA roster a OneRoster 1.1 or 1.2 bulk export (folder or .zip) becomes')
      .argument('<export>', 'OneRoster export: a folder or .zip holding manifest.csv')
      .requiredOption('-o, --output <roster.csv>', 'the roster CSV to write (replaced whole, never half-written)')
      .addOption(new Option('--format <format>', 'result format').choices(['text', 'json']).default('text')),
  )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ dessa-roster convert oneroster-export.zip --output roster.csv\n' +
        '  $ dessa-roster convert export/ --output roster.csv --student-id sourcedId --sasid-type SASID\n' +
        '\nExit codes: 0 every row converted, 1 some source rows could not become rows (the rest are written), ' +
        '2 unreadable input or misuse.',
    )
    .action(async (file: string, opts) => done(await (await commands.convert()).convertCommand(file, opts, out)));

  program
    .command('template')
    .description('write the blank import template (DESSA_Import_Template.csv)')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .addHelpText('after', '\nExample:\n  $ dessa-roster template > my_roster.csv')
    .action(async (opts) => done(await (await commands.spec()).templateCommand(opts, out)));

  program
    .command('spec')
    .description('print the roster field table: names, required, validation rules')
    .addOption(new Option('--format <format>', 'table format').choices(['text', 'markdown', 'json']).default('text'))
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .addHelpText('after', '\nExample:\n  $ dessa-roster spec --format markdown')
    .action(async (opts) => done(await (await commands.spec()).specCommand(opts, out)));

  const dbOptions = (cmd: Command) =>
    cmd
      .option('--org <key>', 'the district (org) key: scopes every read and write')
      .option('--program <key>', 'the program within the org', 'default')
      .option(
        '--db <url>',
        'sqlite:PATH, postgres://… or mysql://… (default: DESSA_DATABASE_URL, else sqlite:./dessa.sqlite)',
      );

  readingOptions(
    dbOptions(
      program
        .command('diff')
        .description('show what apply would create, update, remove and reactivate; changes nothing')
        .argument('<file>', 'roster file (.csv .tsv .txt .zip)')
        .addOption(
          new Option('--format <format>', 'output format (html: a page on standard output)')
            .choices(['text', 'json', 'html'])
            .default('text'),
        )
        .option('-o, --output <plan.json>', 'save the plan, to apply exactly it later with apply --plan')
        .option('--max-removals <limit>', 'removal guard to warn about: a share (10%) or a count (500)')
        .option('--max-updates <limit>', 'update guard to warn about: a share (75%) or a count')
        .option('--force', 'no guard warning; the printed apply --plan command carries --force')
        .option('-q, --quiet', QUIET_RESULT),
    ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ dessa-roster diff samples/roster.csv --org demo\n  $ dessa-roster diff export.csv --org springfield --db postgres://localhost/dessa --output plan.json' +
        '\n  $ dessa-roster diff export.csv --org springfield --format html > plan.html',
    )
    .action(async (file: string, opts) => done(await (await commands.diff()).diffCommand(file, opts, out)));

  readingOptions(
    dbOptions(
      program
        .command('apply')
        .description('commit the roster to the database in one transaction (soft removals, guarded)')
        .argument('[file]', 'roster file (.csv .tsv .txt .zip)')
        .option(
          '--plan <plan.json>',
          'apply a plan saved by diff --output: its roster file is re-read and re-planned, ' +
            'and applied only if that gives the same changes',
        )
        .option('--max-removals <limit>', 'refuse above this many removals: a share (default 10%) or a count')
        .option('--max-updates <limit>', 'refuse above this many updates: a share (default 75%) or a count')
        .option('--force', 'apply even when a guard would refuse')
        .option(
          '--if-changed',
          'skip the file of the last successful run read with the same --map, --encoding, --delimiter',
        )
        .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
        .option('-q, --quiet', QUIET_RESULT),
    ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ dessa-roster apply samples/roster.csv --org demo\n  $ dessa-roster apply --plan plan.json --db postgres://localhost/dessa\n\nExit codes: 0 applied (or nothing to do), 1 invalid file or stale plan, 2 unreadable input, database or misuse, 3 a guard refused.',
    )
    .action(async (file: string | undefined, opts, cmd: Command) => {
      // With --plan the plan names the program: only one given on the command line is compared with it.
      if (cmd.getOptionValueSource('program') === 'default') delete opts.program;
      done(await (await commands.apply()).applyCommand(file, opts, out));
    });

  readingOptions(
    sftpOptions(
      program
        .command('deliver')
        .description('validate a roster file, then upload it by SFTP under its final name only once it is whole')
        .argument('<file>', 'roster file (.csv .tsv .txt .zip)')
        .argument('<url>', 'sftp://USER@HOST[:PORT]/DIR/ (no password in it: use DESSA_SFTP_PASSWORD)')
        .option('--name <name>', "the file's name on the server (default: the local file's name)")
        .option('--strict', 'warnings also stop the delivery (exit 1)')
        .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
        .option('-q, --quiet', 'print nothing on standard output for a text result; the exit code tells'),
    ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ dessa-roster deliver export.csv sftp://district@sftp.vendor.example/inbox/ --identity ~/.ssh/id_ed25519\n' +
        '  $ dessa-roster deliver export.csv sftp://district@[2001:db8::5]:2222/inbox/ ' +
        '--host-key SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s --name roster.csv\n' +
        '\nExit codes: 0 delivered, 1 invalid file (nothing sent), 2 connection, login, host key or transfer ' +
        'failure, or misuse.',
    )
    .action(async (file: string, url: string, opts) =>
      done(await (await commands.deliver()).deliverCommand(file, url, opts, out)),
    );

  readingOptions(
    dbOptions(
      program
        .command('sync')
        .description("apply the newest roster file delivered into a district's folder, then set the files aside")
        .argument('[source]', "the district's inbox: a folder (or sftp://USER@HOST[:PORT]/DIR/)")
        .option('--config <districts.json>', 'sync every district listed in this file (instead of SOURCE and --org)')
        .option('--concurrency <n>', 'with --config: districts synced at once (default 1)')
        .option('--settle <seconds>', 'leave a file modified less than this ago for the next run; 0 turns it off', '60')
        .option('--max-removals <limit>', 'reject a file above this many removals: a share (default 10%) or a count')
        .option('--max-updates <limit>', 'reject a file above this many updates: a share (default 75%) or a count')
        .option('--force', 'apply even when a guard would refuse')
        .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
        .option('-q, --quiet', 'print nothing on standard output for a text result; the exit code tells'),
    ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ dessa-roster sync /srv/sftp/springfield --org springfield --db postgres://localhost/dessa\n' +
        '  $ dessa-roster sync --config districts.json --concurrency 4\n' +
        '\nExit codes: 0 applied, unchanged, nothing to read or a file still arriving; 1 rejected as invalid; ' +
        '2 an error (unreadable folder, database, busy); 3 rejected by a guard. With --config: the worst.',
    )
    .action(async (source: string | undefined, opts, cmd: Command) => {
      // --config entries name their programs: only one typed on the command line is refused with it.
      if (cmd.getOptionValueSource('program') === 'default') delete opts.program;
      done(await (await commands.sync()).syncCommand(source, opts, out));
    });

  // Not dbOptions: --program has no default here. Without it, history is of every program of the org.
  program
    .command('history')
    .description('list the runs of an org, or show the changes of one run')
    .argument('[run-id]', 'a run to show in full')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--org <key>', 'the district (org) key: scopes every read')
    .option('--program <key>', 'only the runs of this program (default: every program of the org)')
    .option(
      '--db <url>',
      'sqlite:PATH, postgres://… or mysql://… (default: DESSA_DATABASE_URL, else sqlite:./dessa.sqlite)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ dessa-roster history --org demo\n' +
        '  $ dessa-roster history --org demo --program summer\n' +
        '  $ dessa-roster history 12 --org demo --format json',
    )
    .action(async (runId: string | undefined, opts) =>
      done(await (await commands.history()).historyCommand(runId, opts, out)),
    );

  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('create or update the schema (apply also does this first)')
    .option('--db <url>', 'sqlite:PATH, postgres://… or mysql://…')
    .option('-q, --quiet', 'print nothing on success; the exit code tells')
    .addHelpText('after', '\nExample:\n  $ dessa-roster db migrate --db postgres://postgres@127.0.0.1/test')
    .action(async (opts) =>
      done(await (await commands.history()).migrateCommand(opts, opts.quiet ? quietOutput(out) : out)),
    );
  db.command('unlock')
    .description(
      'release the migration lock left by a process killed while migrating ' +
        '(only when no other dessa-roster is running)',
    )
    .option('--db <url>', 'sqlite:PATH, postgres://… or mysql://…')
    .option('-q, --quiet', 'print nothing on success; the exit code tells')
    .addHelpText('after', '\nExample:\n  $ dessa-roster db unlock --db sqlite:./dessa.sqlite')
    .action(async (opts) =>
      done(await (await commands.history()).unlockCommand(opts, opts.quiet ? quietOutput(out) : out)),
    );

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
