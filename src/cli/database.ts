import { Option, type Command } from 'commander';
import { quietOutput } from '../command-kit/output.js';
import { commands, QUIET_RESULT, type Declared } from './lazy.js';
import { dbOptions, readingOptions } from './options.js';

/** The commands that read or write the database: diff, apply, history, db migrate, db unlock. */
export function declareDatabaseCommands(program: Command, { out, done }: Declared): void {
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
}
