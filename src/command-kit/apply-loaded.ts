import { applyChanges, sameAsLastRun, type ApplyResult } from '../db/apply.js';
import type { Database } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { readDigest } from '../plan/read-options.js';
import type { GuardOptions } from '../plan/guards.js';
import type { Loaded } from './load.js';

/* What apply and sync share once a file is read: the --if-changed skip, then the guarded apply. */

export type AppliedOutcome = { skipped: true } | { skipped: false; result: ApplyResult };

/**
 * Applies a loaded file in one transaction holding the org's lock; with `ifChanged`, a file the
 * last successful run of the scope read with the same reading options is skipped (nothing written,
 * no run recorded). A guard refusal throws, recorded in history by applyChanges.
 */
export async function applyLoaded(
  db: Database,
  loaded: Loaded,
  options: { guards: GuardOptions; ifChanged: boolean; onStep?: (label: string) => void },
): Promise<AppliedOutcome> {
  const digest = readDigest(loaded.read);
  if (options.ifChanged) {
    await migrate(db.knex);
    if (await sameAsLastRun(db.knex, loaded.scope, loaded.file.sha256, digest)) return { skipped: true };
  }
  const result = await applyChanges(db, {
    scope: loaded.scope,
    file: loaded.file,
    guards: options.guards,
    desired: loaded.desired,
    readDigest: digest,
    onStep: options.onStep,
  });
  return { skipped: false, result };
}
