import type { Knex } from 'knex';
import type { Dialect } from './dialect.js';
import { quoteId, type Value } from './insert.js';

/** Rows to update by id: `cols` from `toRow(i)`, and `set` the same on every row. */
export interface UpdateBatch {
  set: Record<string, Value>;
  cols: readonly string[];
  count: number;
  id: (i: number) => number;
  toRow: (i: number) => Value[];
}

/** Parameters per statement: under SQLite's 32,766 and PostgreSQL's and MySQL's 65,535. */
const MAX_PARAMS = 30_000;

/**
 * Updates many rows by id, a few hundred a statement: joined to a VALUES list (PostgreSQL,
 * SQLite) or a UNION ALL of selects (MySQL, whose VALUES rows differ between MySQL and
 * MariaDB). A daily file changes thousands of students; one statement each costs seconds.
 */
export async function updateRows(
  trx: Knex.Transaction,
  dialect: Dialect,
  table: string,
  batch: UpdateBatch,
): Promise<void> {
  const q = (id: string) => quoteId(dialect, id);
  const names = ['id', ...batch.cols];
  const step = Math.max(1, Math.min(500, Math.floor(MAX_PARAMS / names.length)));
  const setFixed = Object.keys(batch.set).map((c) => `${q(c)} = ?`);
  const fixedValues = Object.values(batch.set);
  for (let start = 0; start < batch.count; start += step) {
    const n = Math.min(step, batch.count - start);
    const values: Value[] = [];
    for (let i = start; i < start + n; i++) values.push(batch.id(i), ...batch.toRow(i));
    if (dialect === 'mysql') {
      const first = `select ${names.map((c) => `? as ${q(c)}`).join(', ')}`;
      const rest = `select ${names.map(() => '?').join(', ')}`;
      const rows = [first, ...Array(n - 1).fill(rest)].join(' union all ');
      const set = [...batch.cols.map((c) => `t.${q(c)} = v.${q(c)}`), ...setFixed.map((s) => `t.${s}`)];
      await trx.raw(`update ${q(table)} t join (${rows}) v on t.id = v.id set ${set.join(', ')}`, [
        ...values,
        ...fixedValues,
      ]);
    } else {
      const tuple = `(${names.map((_, k) => (k === 0 && dialect === 'postgres' ? '?::bigint' : '?')).join(', ')})`;
      // SQLite names a VALUES list's columns column1, column2, …; PostgreSQL takes an alias list.
      const col = (k: number) => (dialect === 'sqlite' ? `column${k + 1}` : q(names[k]));
      const alias = dialect === 'sqlite' ? 'v' : `v (${names.map(q).join(', ')})`;
      const set = [...batch.cols.map((c, k) => `${q(c)} = v.${col(k + 1)}`), ...setFixed];
      await trx.raw(
        `update ${q(table)} set ${set.join(', ')} from (values ${Array(n).fill(tuple).join(', ')}) as ${alias}` +
          ` where ${q(table)}.id = v.${col(0)}`,
        [...fixedValues, ...values],
      );
    }
  }
}
