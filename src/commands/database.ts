import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as yup from 'yup';
import { openDatabase, type Database } from '../db/connect.js';
import type { Scope } from '../db/tables.js';
import { DessaError, fsError, isDessaError } from '../errors.js';
import { validateOptions } from './options.js';

export interface RawScopeOptions {
  org?: string;
  program?: string;
  db?: string;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const scopeSchema = yup.object({
  org: yup.string().required('--org is required: the district key, e.g. --org springfield').matches(KEY, '--org must be 1-64 letters, digits, dot, dash or underscore'),
  program: yup.string().default('default').matches(KEY, '--program must be 1-64 letters, digits, dot, dash or underscore'),
});

export function scopeFrom(raw: RawScopeOptions): Scope {
  return validateOptions(scopeSchema, raw) as Scope;
}

/** Opens the database, runs `fn`, always closes it; a raw driver or knex error becomes one line. */
export async function withDatabase<T>(url: string | undefined, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(url);
  try {
    return await fn(db);
  } catch (err) {
    if (isDessaError(err)) throw err;
    const msg = (err as Error)?.message ?? String(err);
    if (/database is locked|SQLITE_BUSY/i.test(msg)) throw new DessaError('db-locked', `${db.label} is locked by another writer; try again when it finishes`, {}, { cause: err });
    throw new DessaError('db-error', `database error on ${db.label}: ${msg.split('\n')[0].slice(0, 300)}`, {}, { cause: err });
  } finally {
    await db.knex.destroy().catch(() => {});
  }
}

/** One version of a file: a file rewritten, replaced or still growing while it was read has another. */
export async function fileVersion(path: string): Promise<string> {
  const s = await fs.stat(path, { bigint: true }).catch((err) => {
    throw fsError(err, path);
  });
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
