import { FIELDS } from '../../fields/fields.js';
import type { Issue } from '../../findings/issues.js';
import type { PickedHeader, PickedRow } from '../../read/pick-rows.js';
import { rowKey } from '../../read/pick-rows.js';
import { esc } from './escape.js';
import { clip, itemAttrs, num, table, td } from './parts.js';

/** Characters of a cell shown; a longer value is cut and its length stated. */
export const CELL_CHARS = 200;

const FIELD_AT = new Map(FIELDS.map((f, i) => [f.name, i]));

const attrs = (i: Issue) => itemAttrs({ rule: i.code, column: i.column ?? '', severity: i.severity });
const rowLabel = (i: Issue) => (i.row === null ? '—' : num(i.row));

/** The file columns a finding is about: its column's, or the cells past the header of a row too long. */
function badCells(i: Issue, header: PickedHeader, cells: readonly string[]): Set<number> {
  const bad = new Set<number>();
  const field = i.column === null ? undefined : FIELD_AT.get(i.column);
  if (field !== undefined && header.columns[field] >= 0) bad.add(header.columns[field]);
  if (i.code === 'too-many-cells') for (let k = header.cells.length; k < cells.length; k++) bad.add(k);
  return bad;
}

/** Examples shown with their whole row, one table per header (each text of a zip has its own). */
function rowTable(list: readonly [Issue, PickedRow][], withEntry: boolean): string {
  const header = list[0][1].header;
  const width = Math.max(header.cells.length, ...list.map(([, r]) => r.cells.length));
  const head = [
    'Row',
    ...(withEntry ? ['Entry'] : []),
    'Problem',
    'Column',
    ...Array.from({ length: width }, (_, k) => (k < header.cells.length ? header.cells[k] : `(column ${k + 1})`)),
  ];
  const rows = list.map(([i, r]) => {
    const bad = badCells(i, header, r.cells);
    const cells = Array.from({ length: width }, (_, k) =>
      td(esc(clip(r.cells[k] ?? '', CELL_CHARS)), bad.has(k) ? 'cell bad' : 'cell'),
    );
    const entry = withEntry ? td(esc(i.file ?? ''), 'mono') : '';
    const about = `${td(esc(i.message), 'msg')}${td(esc(i.column ?? ''))}`;
    return `<tr${attrs(i)}>${td(rowLabel(i), 'num')}${entry}${about}${cells.join('')}</tr>`;
  });
  return table(head, rows);
}

/** Examples without a row to show (file-level findings, standard input): where, the value, the message. */
function plainTable(list: readonly Issue[], withEntry: boolean): string {
  const head = ['Row', ...(withEntry ? ['Entry'] : []), 'Column', 'Value', 'Problem'];
  const rows = list.map((i) => {
    const value = i.value === null ? '' : esc(clip(i.value, CELL_CHARS));
    const entry = withEntry ? td(esc(i.file ?? ''), 'mono') : '';
    return (
      `<tr${attrs(i)}>${td(rowLabel(i), 'num')}${entry}${td(esc(i.column ?? ''))}` +
      `${td(value, i.value === null ? 'cell' : 'cell bad')}${td(esc(i.message), 'msg')}</tr>`
    );
  });
  return table(head, rows);
}

/**
 * The example tables of one rule: the examples whose row was read again show it whole, with the
 * cell at fault marked; the others are listed plainly.
 */
export function exampleTables(
  list: readonly Issue[],
  rows: ReadonlyMap<string, PickedRow>,
  withEntry: boolean,
): string {
  const byHeader = new Map<PickedHeader, [Issue, PickedRow][]>();
  const plain: Issue[] = [];
  for (const i of list) {
    const picked = i.row === null ? undefined : rows.get(rowKey(i.file, i.row));
    if (picked === undefined) {
      plain.push(i);
      continue;
    }
    const group = byHeader.get(picked.header) ?? [];
    group.push([i, picked]);
    byHeader.set(picked.header, group);
  }
  const tables = [...byHeader.values()].map((g) => rowTable(g, withEntry));
  if (plain.length) tables.push(plainTable(plain, withEntry));
  return tables.join('\n');
}
