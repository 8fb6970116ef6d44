import { Option, type Command } from 'commander';
import { commands, type Declared } from './lazy.js';
import { dbOptions, readingOptions, sftpOptions } from './options.js';

/** The daily loop: deliver on the district's side, sync on the vendor's. */
export function declareDeliveryCommands(program: Command, { out, done }: Declared): void {
  readingOptions(
    sftpOptions(
      program
        .command('deliver')
        .description('validate a roster file, then upload it by SFTP under its final name only once it is whole')
        .argument('<file>', 'roster file (.csv .tsv .txt .zip), or a OneRoster .zip (sent as it is)')
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
    sftpOptions(
      dbOptions(
        program
          .command('sync')
          .description("apply the newest roster file delivered into a district's folder, then set the files aside")
          .argument('[source]', "the district's inbox: a folder (or sftp://USER@HOST[:PORT]/DIR/)")
          .option('--config <districts.json>', 'sync every district listed in this file (instead of SOURCE and --org)')
          .option('--concurrency <n>', 'with --config: districts synced at once (default 1)')
          .option(
            '--settle <seconds>',
            'leave a file modified less than this ago for the next run; 0 turns it off',
            '60',
          )
          .option('--max-removals <limit>', 'reject a file above this many removals: a share (default 10%) or a count')
          .option('--max-updates <limit>', 'reject a file above this many updates: a share (default 75%) or a count')
          .option('--force', 'apply even when a guard would refuse')
          .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
          .option('-q, --quiet', 'print nothing on standard output for a text result; the exit code tells'),
      ),
    ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  $ dessa-roster sync /srv/sftp/springfield --org springfield --db postgres://localhost/dessa\n' +
        '  $ dessa-roster sync sftp://dessa@sftp.vendor.example/springfield/ --org springfield ' +
        '--identity ~/.ssh/id_ed25519\n' +
        '  $ dessa-roster sync --config districts.json --concurrency 4\n' +
        '\nExit codes: 0 applied, unchanged, nothing to read or a file still arriving; 1 rejected as invalid; ' +
        '2 an error (unreadable folder, connection, login, host key, database, busy); 3 rejected by a guard. ' +
        'With --config: the worst.',
    )
    .action(async (source: string | undefined, opts, cmd: Command) => {
      // --config entries name their programs: only one typed on the command line is refused with it.
      if (cmd.getOptionValueSource('program') === 'default') delete opts.program;
      done(await (await commands.sync()).syncCommand(source, opts, out));
    });
}
