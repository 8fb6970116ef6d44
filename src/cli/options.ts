import { Option, type Command } from 'commander';
import { ENCODINGS } from '../input/decode.js';

/* Option groups several commands declare alike; declaring them loads nothing of the commands. */

/** How a roster file is read: validate, diff, apply and deliver take the same options. */
export function readingOptions(cmd: Command): Command {
  return cmd
    .option('--delimiter <char>', 'override the delimiter: tab, comma, pipe, semicolon or one character')
    .addOption(new Option('--encoding <name>', 'override the detected encoding').choices(ENCODINGS))
    .option('--map <file.json>', 'JSON file mapping SIS column names to spec field names')
    .option('--max-errors <n>', 'stop after N errors (the report is marked partial)')
    .option('--max-field-bytes <n>', 'largest value accepted, in characters (default 1 MiB)')
    .option('--max-zip-bytes <n>', 'largest total uncompressed size of a zip (default 2 GiB)')
    .option('--max-zip-entries <n>', 'most entries in a zip (default 10000)')
    .option(
      '--threads <n>',
      '1 to read on one thread; 2 (default) reads files over 8 MB (zips over 1 MB) on a second thread',
    )
    .addOption(
      new Option('--student-id <column>', 'OneRoster export: the users.csv column read as the Student ID')
        .choices(['identifier', 'sourcedId', 'username'])
        .default(undefined, 'identifier'),
    )
    .option('--sasid-type <type>', 'OneRoster export: the users.userIds type read as the SASID ({TYPE:value})');
}

/** How to reach and trust an SFTP server: deliver's, and sync's for an sftp:// source. */
export function sftpOptions(cmd: Command): Command {
  return cmd
    .option('--known-hosts <file>', "the server's host key must be in this file (default ~/.ssh/known_hosts)")
    .option(
      '--host-key <SHA256:fingerprint>',
      'accept only this host key instead of known_hosts (repeat to accept an old and a new key while rotating)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--identity <keyfile>',
      'log in with this private key (its passphrase from DESSA_SFTP_PASSPHRASE); ' +
        'else the ssh-agent (SSH_AUTH_SOCK) or DESSA_SFTP_PASSWORD',
    );
}

/** Which org, program and database: diff, apply and sync. */
export function dbOptions(cmd: Command): Command {
  return cmd
    .option('--org <key>', 'the district (org) key: scopes every read and write')
    .option('--program <key>', 'the program within the org', 'default')
    .option(
      '--db <url>',
      'sqlite:PATH, postgres://… or mysql://… (default: DESSA_DATABASE_URL, else sqlite:./dessa.sqlite)',
    );
}
