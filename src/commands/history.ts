import { refuseMissingSqlite } from '../db/connect.js';
import * as yup from 'yup';
import { listRuns, programsWithRuns, runChanges } from '../db/history.js';
import { migrate, unlockMigrations } from '../db/migrate.js';
import { DessaError, EXIT } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';
import { shown } from '../plan/shown.js';
import { renderRunChanges, renderRuns } from '../render/history-text.js';
import { renderJson } from '../render/json.js';
import { scopeFrom, withDatabase, type RawScopeOptions } from '../command-kit/database.js';
import type { Output } from '../command-kit/output.js';
import { validateOptions } from '../command-kit/options.js';

const schema = yup.object({
  format: yup.string().oneOf(['text', 'json'], '--format must be text or json').default('text'),
});

/** `dessa-roster history --org X [RUN_ID]`: the runs, or one run's changes. */
export async function historyCommand(
  runId: string | undefined,
  raw: RawScopeOptions & { format?: string },
  out: Output,
): Promise<number> {
  const o = validateOptions(schema, raw);
  // The same key rules as diff and apply: MariaDB's collation would match "crash " to "crash".
  const scope = scopeFrom(raw);
  // History is of every program unless --program names one: the list, and where a run id is looked up.
  const program = raw.program === undefined ? undefined : scope.program;
  // A run id beyond 2^53 - 1 is no run: PostgreSQL would refuse it as a bigint, SQLite and MariaDB round it.
  if (runId !== undefined && !(/^\d+$/.test(runId) && Number(runId) >= 1 && Number(runId) <= Number.MAX_SAFE_INTEGER)) {
    const shownId = JSON.stringify(shown(runId));
    throw new DessaError(
      'usage',
      `RUN_ID must be a run number from 1 to ${Number.MAX_SAFE_INTEGER}, not ${shownId}: ` +
        'history --org ORG lists the runs',
    );
  }
  return withDatabase(
    raw.db,
    async (db) => {
      if (runId === undefined) {
        const runs = await listRuns(db.knex, scope.org, program);
        if (o.format === 'json') {
          // The JSON is the list of runs, empty for a program with none (as for an org with none).
          out.stdout.write(renderJson(runs));
          return EXIT.ok;
        }
        const others = runs.length === 0 && program !== undefined ? await programsWithRuns(db.knex, scope.org) : [];
        out.stdout.write(renderRuns(runs, { org: scope.org, program, programsWithRuns: others }));
        return EXIT.ok;
      }
      const { run, changes } = await runChanges(db.knex, scope.org, Number(runId), program);
      out.stdout.write(o.format === 'json' ? renderJson({ run, changes }) : renderRunChanges(run, changes));
      return EXIT.ok;
    },
    { readOnly: true },
  );
}

/** `dessa-roster db migrate`: creates or updates the schema. */
export async function migrateCommand(raw: { db?: string }, out: Output): Promise<number> {
  return withDatabase(raw.db, async (db) => {
    const applied = await migrate(db.knex, db.label);
    const said = applied.length ? `Migrated ${db.label}: ${applied.join(', ')}` : `${db.label} is up to date.`;
    out.stdout.write(`${escapeControls(said)}\n`);
    return EXIT.ok;
  });
}

/** `dessa-roster db unlock`: releases the migration lock of a migration that was killed. */
export async function unlockCommand(raw: { db?: string }, out: Output): Promise<number> {
  // Only a database used before can hold the lock: a missing SQLite file is a wrong --db, never created.
  refuseMissingSqlite(raw.db, 'no dessa-roster has used it, so it holds no lock: check --db');
  return withDatabase(raw.db, async (db) => {
    const released = await unlockMigrations(db.knex);
    out.stdout.write(
      released
        ? `Released the migration lock of ${db.label}; run \`dessa-roster db migrate\` next.\n`
        : `${db.label}: the migration lock was not taken; nothing to do.\n`,
    );
    return EXIT.ok;
  });
}
