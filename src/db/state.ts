import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { LINKS, RECORDS, type Desired } from '../plan/entities.js';
import { emptyCurrent, needsFields, type Current, type StoredRow } from '../plan/plan.js';
import { printOf } from '../plan/fingerprint.js';
import { SEP } from '../base/keys.js';
import { dialectOf, type Db } from './dialect.js';
import { rowsAsArrays } from './driver.js';
import { LINK_CHUNK, readLinks } from './read-links.js';
import { DessaError } from '../base/errors.js';
import { pendingMigrations } from './migrate.js';
import { MEMBERS, otherWriters, readJoining } from './staff.js';
import { COLUMNS, KEY_COLUMNS, TABLE, type RecordEntity, type Scope } from './tables.js';

export interface DbState {
  current: Current;
  /**
   * sha256 of every row's id, key, print (of its stored columns), state and last update: a plan
   * applies only to the state it was made on, an edit made outside dessa-roster included.
   */
  digest: string;
}

/**
 * A record's columns joined by SEP in RECORD_FIELDS order, in SQL: one string a row, whose
 * print is the print of what is stored (not of what was last written), read without a
 * driver value per column. Columns are NOT NULL; coalesce keeps a NULL from hiding the rest.
 */
function storedText(dialect: string, entity: RecordEntity, prefix: string): string {
  const cols = COLUMNS[entity].map((c) => `coalesce(${prefix}${c}, '')`);
  if (dialect === 'mysql') return `concat_ws(char(31 using utf8mb4), ${cols.join(', ')})`;
  return cols.join(` || ${dialect === 'sqlite' ? 'char(31)' : 'chr(31)'} || `);
}

/**
 * Every row of a table in the scope, by id, as arrays (a million row objects cost seconds of
 * garbage collection), through the driver connection knex holds for this query or transaction:
 * id, removed_at, the stored columns joined (storedText), then `cols`.
 * On SQLite a plain table scan is read in id order; the scope's index would need a re-sort.
 */
async function scopeRows(db: Db, entity: RecordEntity, cols: readonly string[], scope: Scope): Promise<unknown[][]> {
  const dialect = dialectOf(db);
  const sqlite = dialect === 'sqlite';
  // Staff are the org's: the program's are those it lists, its membership saying whether still.
  const sql =
    entity === 'staff'
      ? db
          .raw(
            `select s.id, m.removed_at, ${storedText(dialect, entity, 's.')}${cols.map((c) => `, s.${c}`).join('')}` +
              ` from dessa_staff s join ${MEMBERS} m on m.staff_ref = s.id` +
              ' where m.org = ? and m.program = ? order by s.id',
            [scope.org, scope.program],
          )
          .toSQL()
          .toNative()
      : db
          .raw(
            `select id, removed_at, ${storedText(dialect, entity, '')}${cols.map(() => ', ??').join('')}` +
              ` from ??${sqlite ? ' not indexed' : ''} where org = ? and program = ? order by id`,
            [...cols, TABLE[entity], scope.org, scope.program],
          )
          .toSQL()
          .toNative();
  return rowsAsArrays(db, sql);
}

export interface LoadOptions {
  /** What the file says: records whose fields the plan will need are read in full. */
  desired?: Desired;
  /** Compute the state's digest (a saved plan's base); it costs a pass over every row. */
  digest?: boolean;
  /** Link rows per aggregated chunk on SQLite and MySQL (tests use a small one to cross chunk boundaries). */
  linkChunk?: number;
}

/**
 * Reads one org and program (removed records too: they can come back). Records are read
 * light (id, key, fingerprint); full fields only for those `desired` shows the plan needs.
 */
export async function loadState(db: Db, scope: Scope, options: LoadOptions = {}): Promise<DbState> {
  const { desired } = options;
  const current = emptyCurrent(scope.program);
  const hash = options.digest ? createHash('sha256') : null;
  for (const entity of RECORDS) {
    const keyCols = KEY_COLUMNS[entity];
    // updated_at only for the digest: a string a row the plan does not need costs a fifth of the read.
    // The print of the stored columns decides "unchanged": an edit made outside dessa-roster shows
    // as a difference from the file. (The fingerprint column, what dessa-roster last wrote, is not read.)
    const cols = [...keyCols, ...(hash ? ['updated_at'] : [])];
    const rows = await scopeRows(db, entity, cols, scope);
    const byId = current.keys[entity];
    const byKey = current.records[entity];
    const need: number[] = [];
    let text = '';
    for (const r of rows) {
      const id = Number(r[0]);
      const key = keyCols.length === 1 ? String(r[3]) : keyCols.map((_, k) => String(r[3 + k] ?? '')).join(SEP);
      const row: StoredRow = { id, removed: r[1] !== null, print: printOf(String(r[2] ?? '')), fields: null };
      byId.set(id, key);
      byKey.set(key, row);
      if (desired && needsFields(row, desired.records[entity], key)) need.push(id);
      if (!hash) continue;
      text += `${id}${SEP}${key}${SEP}${r[1] ?? ''}${SEP}${r[3 + keyCols.length]}${SEP}${row.print}\n`;
      if (text.length > 1 << 16) {
        hash.update(text);
        text = '';
      }
    }
    hash?.update(`${entity}\n${text}`);
    await readFields(db, entity, need, byId, byKey);
    if (entity === 'staff' && desired) await readSharedStaff(db, scope, desired, current);
  }
  for (const entity of LINKS) {
    hash?.update(`${entity}\n`);
    current.links[entity] = await readLinks(db, entity, scope, hash, options.linkChunk ?? LINK_CHUNK);
  }
  return { current, digest: hash ? hash.digest('hex') : '' };
}

/**
 * Staff are the org's: the org's records of people the file lists and the program does not,
 * and, for each person whose stored record the file would change, the other program (if any)
 * that wrote it last (the plan warns that the programs disagree).
 */
async function readSharedStaff(db: Db, scope: Scope, desired: Desired, current: Current): Promise<void> {
  const want = desired.records.staff;
  const members = current.records.staff;
  current.joining = await readJoining(
    db,
    scope.org,
    want.keys.filter((k) => !members.has(k)),
  );
  const active = await db(TABLE.staff).where({ org: scope.org }).whereNull('removed_at').count({ n: '*' }).first();
  current.orgStaffActive = Number(active?.n ?? 0);
  const differ = want.keys.filter((k, i) => {
    const row = members.get(k) ?? current.joining.get(k);
    return row !== undefined && row.print !== want.prints[i];
  });
  if (differ.length > 0) current.staffWriters = await otherWriters(db, scope, differ);
}

async function readFields(
  db: Db,
  entity: (typeof RECORDS)[number],
  ids: number[],
  byId: Map<number, string>,
  byKey: Map<string, StoredRow>,
): Promise<void> {
  const cols = COLUMNS[entity];
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db(TABLE[entity])
      .whereIn('id', ids.slice(i, i + 500))
      .select(['id', ...cols]);
    for (const r of rows) {
      const fields: Record<string, string> = {};
      for (const c of cols) fields[c] = r[c] ?? '';
      byKey.get(byId.get(Number(r.id))!)!.fields = fields;
    }
  }
}

/**
 * Whether the schema exists yet (diff reads an unmigrated database as empty). One made by an
 * older dessa-roster is refused: diff changes nothing, so it cannot bring it up to date.
 */
export async function hasSchema(db: Knex): Promise<boolean> {
  if (!(await db.schema.hasTable(TABLE.students))) return false;
  if ((await pendingMigrations(db)).length > 0) {
    throw new DessaError(
      'db-outdated',
      'the database schema is older than this dessa-roster; diff changes nothing, ' +
        'so bring it up to date first: dessa-roster db migrate (apply does it too)',
    );
  }
  return true;
}
