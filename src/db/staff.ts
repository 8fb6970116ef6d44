import type { Knex } from 'knex';
import { DessaError } from '../base/errors.js';
import { printFields, type Fields } from '../plan/entities.js';
import type { Change, StoredRow } from '../plan/plan.js';
import type { Db, Dialect } from './dialect.js';
import { insertMapped, updateByIds } from './insert.js';
import { COLUMNS, TABLE, type Scope } from './tables.js';

/**
 * Staff are the org's: one dessa_staff row per person (email), and a dessa_staff_programs row
 * for each program whose file lists them. A program's plan sees its members; these write
 * what its staff changes mean for the org's rows.
 */
export const MEMBERS = 'dessa_staff_programs';

/** The org's staff ids by email key (one query: a first load's 40,000 keys in chunks took 160 round trips). */
async function staffIds(trx: Knex.Transaction, org: string): Promise<Map<string, number>> {
  const rows = await trx(TABLE.staff).where({ org }).select('id', 'email_key');
  return new Map(rows.map((r) => [r.email_key as string, Number(r.id)]));
}

/**
 * Adds the program's new staff: the org's account when another program already has it (its
 * fields brought up to date, and back if it was removed), a new account otherwise; and a
 * membership for each. `valuesOf` gives a change's columns and fingerprint. Returns the org's
 * staff ids by email key, new ones included (what the links need).
 */
export async function createStaff(
  trx: Knex.Transaction,
  dialect: Dialect,
  scope: Scope,
  created: readonly Change[],
  valuesOf: (c: Change) => string[] | null,
  now: string,
): Promise<Map<string, number>> {
  const cols = [...COLUMNS.staff, 'fingerprint'];
  const known = await staffIds(trx, scope.org);
  for (const c of created.filter((ch) => known.has(ch.key))) {
    const values = valuesOf(c);
    // No whole row (an update from a saved plan): the fields that change, spec columns only.
    const changed = COLUMNS.staff.filter((k) => c.after && k in c.after);
    const set = values
      ? Object.fromEntries(cols.map((k, i) => [k, values[i]]))
      : {
          ...Object.fromEntries(changed.map((k) => [k, c.after![k]])),
          ...(c.print ? { fingerprint: c.print } : {}),
        };
    await trx(TABLE.staff)
      .where({ id: known.get(c.key)! })
      .update({ ...set, updated_at: now, removed_at: null });
  }
  const fresh = created.filter((c) => !known.has(c.key));
  if (fresh.some((c) => c.action !== 'create')) {
    const why = "a staff record this plan updates is no longer the org's; nothing was applied.";
    throw new DessaError('plan-stale', `${why} Run diff again and review the new plan.`, { ...scope });
  }
  await insertMapped(trx, dialect, TABLE.staff, {
    fixed: { org: scope.org, created_at: now, updated_at: now, removed_at: null },
    cols,
    count: fresh.length,
    toRow: (i) => valuesOf(fresh[i])!,
  });
  const made = fresh.length > 0 ? await staffIds(trx, scope.org) : known;
  const ids = created.map((c) => known.get(c.key) ?? made.get(c.key)!);
  await insertMapped(trx, dialect, MEMBERS, {
    fixed: { ...scope, created_at: now, updated_at: now, removed_at: null },
    cols: ['staff_ref'],
    count: ids.length,
    toRow: (i) => [ids[i]],
  });
  return made;
}

/** Ends or restores the program's memberships; an account listed by no program is removed too. */
export async function setMembership(
  trx: Knex.Transaction,
  scope: Scope,
  ids: readonly number[],
  removedAt: string | null,
  now: string,
): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await trx(MEMBERS)
      .where(scope)
      .whereIn('staff_ref', ids.slice(i, i + 500))
      .update({ removed_at: removedAt, updated_at: now });
  }
  if (removedAt === null) return;
  for (let i = 0; i < ids.length; i += 500) {
    const active = await trx(MEMBERS)
      .where({ org: scope.org })
      .whereIn('staff_ref', ids.slice(i, i + 500))
      .whereNull('removed_at')
      .distinct('staff_ref');
    const listed = new Set(active.map((r) => Number(r.staff_ref)));
    await updateByIds(
      trx,
      TABLE.staff,
      ids.slice(i, i + 500).filter((id) => !listed.has(id)),
      { removed_at: removedAt, updated_at: now },
    );
  }
}

/**
 * The org's records of staff the file lists and the program does not (`keys`): another
 * program's people, or no one's any more. Fields read: each is few, and the plan compares them.
 */
export async function readJoining(db: Db, org: string, keys: readonly string[]): Promise<Map<string, StoredRow>> {
  const out = new Map<string, StoredRow>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db(TABLE.staff)
      .where({ org })
      .whereIn('email_key', keys.slice(i, i + 500))
      .select(['id', 'removed_at', ...COLUMNS.staff]);
    for (const r of rows) {
      const fields: Fields = Object.fromEntries(COLUMNS.staff.map((c) => [c, r[c] ?? '']));
      const print = printFields('staff', fields);
      out.set(fields.email_key, { id: Number(r.id), removed: r.removed_at !== null, print, fields });
    }
  }
  return out;
}

/**
 * The program whose run last wrote each of these org staff records (by the change log), where
 * that is not `scope.program`: the programs disagree about the person. A record no run wrote
 * (edited outside dessa-roster) has no writer.
 */
export async function otherWriters(db: Db, scope: Scope, keys: readonly string[]): Promise<Map<string, string>> {
  const last = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db('dessa_changes')
      .where({ org: scope.org, entity: 'staff' })
      .whereIn('entity_key', keys.slice(i, i + 500))
      .whereIn('action', ['create', 'update', 'reactivate'])
      .orderBy('id')
      .select('entity_key', 'program');
    for (const r of rows) last.set(String(r.entity_key), String(r.program));
  }
  for (const [key, program] of last) if (program === scope.program) last.delete(key);
  return last;
}
