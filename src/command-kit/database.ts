import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import * as yup from 'yup';
import { openDatabase, type Database, type OpenOptions } from '../db/connect.js';
import { driverMessage } from '../db/driver-message.js';
import { isBusy, isRowLockTimeout, lockedError, lockWaitSeconds } from '../db/lock.js';
import type { Scope } from '../db/tables.js';
import { DessaError, fsError, isDessaError } from '../base/errors.js';
import { validateOptions } from './options.js';

export interface RawScopeOptions {
  org?: string;
  program?: string;
  db?: string;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const scopeSchema = yup.object({
  // defined, not required: an empty --org is told what a key is, not that --org is missing.
  org: yup
    .string()
    .defined('--org is required: the district key, e.g. --org springfield')
    .matches(KEY, '--org must be 1-64 letters, digits, dot, dash or underscore'),
  program: yup
    .string()
    .default('default')
    .matches(KEY, '--program must be 1-64 letters, digits, dot, dash or underscore'),
});

export function scopeFrom(raw: RawScopeOptions): Scope {
  return validateOptions(scopeSchema, raw) as Scope;
}

/** Opens the database, runs `fn`, always closes it; a raw driver or knex error becomes one line. */
export async function withDatabase<T>(
  url: string | undefined,
  fn: (db: Database) => Promise<T>,
  options: OpenOptions = {},
): Promise<T> {
  const db = await openDatabase(url, process.env, options);
  try {
    return await fn(db);
  } catch (err) {
    if (isDessaError(err)) throw err;
    if (isBusy(err) || isRowLockTimeout(err)) throw lockedError(db.label, lockWaitSeconds(), err);
    // Never the statement or its values: they hold the roster's data.
    throw new DessaError('db-error', `database error on ${db.label}: ${driverMessage(err)}`, {}, { cause: err });
  } finally {
    await db.knex.destroy().catch(() => {});
  }
}

/**
 * One version of a file: a file rewritten, replaced or still growing while it was read has another.
 * Only a regular file has versions: a pipe, socket or device (`<(…)`, a FIFO, /dev/stdin) can be
 * read once, and diff and apply read twice (the rows, then the sha256), so they are refused
 * here, before anything opens them (opening a FIFO with no writer would wait forever).
 */
export async function fileVersion(path: string): Promise<string> {
  const s = await fs.stat(path, { bigint: true }).catch((err) => {
    throw fsError(err, path);
  });
  // A folder is a OneRoster export: its version is that of each of its files.
  if (s.isDirectory()) return (await Promise.all((await folderFiles(path)).map(fileVersion))).join('|');
  if (!s.isFile()) {
    throw new DessaError(
      'usage',
      `${path} is not a regular file (a pipe, socket or device): ` +
        'diff and apply read the file twice, so save it to a file first; ' +
        'validate can read a pipe or - (standard input)',
      { path },
    );
  }
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

/** The regular files of a folder (not its subfolders), by name in byte order: what a folder export is. */
async function folderFiles(path: string): Promise<string[]> {
  const entries = await fs.readdir(path, { withFileTypes: true }).catch((err) => {
    throw fsError(err, path);
  });
  const names = entries.filter((d) => d.isFile()).map((d) => d.name);
  return names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))).map((n) => join(path, n));
}

/**
 * The sha256 of a file; of a folder (a OneRoster export), the sha256 of the list of its files'
 * names and sha256s, one `name sha256` line each in byte order: stable while no file changes.
 */
export async function sha256File(path: string): Promise<string> {
  const stat = await fs.stat(path).catch(() => null);
  if (stat?.isDirectory()) {
    const lines: string[] = [];
    for (const file of await folderFiles(path)) lines.push(`${basename(file)} ${await sha256File(file)}\n`);
    return createHash('sha256').update(lines.join('')).digest('hex');
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
