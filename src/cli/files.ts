import { Option, type Command } from 'commander';
import { commands, FIX_REPORT_FORMATS, REPORT_FORMATS, type Declared } from './lazy.js';
import { readingOptions } from './options.js';

/** The commands that read a roster file and write what it says: validate, fix, convert, template, spec. */
export function declareFileCommands(program: Command, { out, done }: Declared): void {
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
      .argument('<file>', 'roster file (.csv .tsv .txt .zip), or a OneRoster export (folder or .zip)')
      .requiredOption('-o, --output <fixed.csv>', 'the corrected copy to write (never the input file)')
      .option('--changes <changes.csv>', 'also write every changed cell and dropped row as a CSV')
      .addOption(new Option('--format <format>', 'summary format').choices(FIX_REPORT_FORMATS).default('text'))
      .option(
        '--report <file>',
        'write the summary (text, json or the html page) to a file instead of standard output',
      ),
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
        '  $ dessa-roster fix export.csv --output fixed.csv --format html --report fix.html\n' +
        '  $ dessa-roster fix oneroster-export.zip --output fixed.csv   (the converted roster, repaired)\n' +
        '\nThe corrected copy goes only to --output; the summary or page goes to standard output, or to --report.\n' +
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
}
