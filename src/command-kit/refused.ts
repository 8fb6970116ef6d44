import { insertRefusedRun, type RefusedStatus } from '../db/refusals.js';
import type { Scope } from '../db/tables.js';
import { osUser, type SourceFile } from '../db/apply.js';
import { withDatabase } from './database.js';
import type { Output } from './output.js';

/**
 * Records an apply refused before it reached the database (an invalid file, a stale plan) in
 * history. The refusal is what the user must see: a database that cannot take the record gets
 * one warning line, and the refusal's exit code stands.
 */
export async function recordRefused(
  dbUrl: string | undefined,
  run: Scope & { file: SourceFile },
  status: RefusedStatus,
  out: Output,
): Promise<void> {
  const started = new Date().toISOString();
  try {
    await withDatabase(dbUrl, (db) => insertRefusedRun(db.knex, { ...run, started, osUser: osUser() }, status));
  } catch (err) {
    const why = (err as Error).message.split('\n')[0];
    out.stderr.write(`dessa-roster: warning: this refusal could not be recorded in history: ${why}\n`);
  }
}
