import * as yup from 'yup';
import { listRuns, runChanges } from '../db/history.js';
import { migrate, unlockMigrations } from '../db/migrations.js';
import { DessaError, EXIT } from '../errors.js';
import { ENTITIES } from '../plan/entities.js';
import { renderJson } from '../report/json.js';
import { SEP } from '../roster/roster.js';
import { withDatabase, type RawScopeOptions } from './database.js';
import type { Output } from './output.js';
import { validateOptions } from './options.js';

const schema = yup.object({
  org: yup.string().required('--org is required'),
  format: yup.string().oneOf(['text', 'json'], '--format must be text or json').default('text'),
});

const tally = (counts: Record<string, Record<string, number>>) =>
  ENTITIES.filter((e) => counts[e]).map((e) => `${e} +${counts[e].create}/~${counts[e].update}/-${counts[e].remove}/↺${counts[e].reactivate}`).join(' ');

/** `dessa-roster history --org X [RUN_ID]`: the runs, or one run's changes. */
export async function historyCommand(runId: string | undefined, raw: RawScopeOptions & { format?: string }, out: Output): Promise<number> {
  const o = validateOptions(schema, raw);
  return withDatabase(raw.db, async (db) => {
    if (runId === undefined) {
      const runs = await listRuns(db.knex, o.org, raw.program);
      if (o.format === 'json') out.stdout.write(renderJson(runs));
      else if (runs.length === 0) out.stdout.write(`No runs for org "${o.org}".\n`);
      else for (const r of runs) out.stdout.write(`#${r.id}  ${r.started_at}  ${r.status.padEnd(9)}  ${r.program}  ${r.file_name} (${r.row_count} rows, sha256 ${r.sha256.slice(0, 12)}…) by ${r.os_user}\n      ${tally(r.counts)}\n`);
      return EXIT.ok;
    }
    if (!/^\d+$/.test(runId)) throw new DessaError('usage', `RUN_ID must be a number, not ${JSON.stringify(runId)}`);
    const { run, changes } = await runChanges(db.knex, o.org, Number(runId));
    if (o.format === 'json') out.stdout.write(renderJson({ run, changes }));
    else {
      out.stdout.write(`Run #${run.id} of ${run.file_name}, ${run.started_at} (${run.status}): ${changes.length} changes\n`);
      for (const c of changes) {
        const diff = c.action === 'update' || c.action === 'reactivate' ? ` ${JSON.stringify(c.before ?? {})} → ${JSON.stringify(c.after ?? {})}` : '';
        out.stdout.write(`  ${c.action.padEnd(10)} ${c.entity.padEnd(11)} ${c.key.split(SEP).join(' / ')}${diff}\n`);
      }
    }
    return EXIT.ok;
  }, { readOnly: true });
}

/** `dessa-roster db migrate`: creates or updates the schema. */
export async function migrateCommand(raw: { db?: string }, out: Output): Promise<number> {
  return withDatabase(raw.db, async (db) => {
    const applied = await migrate(db.knex, db.label);
    out.stdout.write(applied.length ? `Migrated ${db.label}: ${applied.join(', ')}\n` : `${db.label} is up to date.\n`);
    return EXIT.ok;
  });
}

/** `dessa-roster db unlock`: releases the migration lock of a migration that was killed. */
export async function unlockCommand(raw: { db?: string }, out: Output): Promise<number> {
  return withDatabase(raw.db, async (db) => {
    const released = await unlockMigrations(db.knex);
    out.stdout.write(released ? `Released the migration lock of ${db.label}; run \`dessa-roster db migrate\` next.\n` : `${db.label}: the migration lock was not taken; nothing to do.\n`);
    return EXIT.ok;
  });
}
