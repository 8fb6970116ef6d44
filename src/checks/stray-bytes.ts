import { isUtf8 } from 'node:buffer';
import type { RecordView } from '../input/csv.js';
import { describeStrayBytes, strayBytesIn } from '../input/utf8.js';
import { FIELDS } from '../fields/fields.js';
import type { IssueSink } from '../findings/issues.js';

/** What each column of a text is called in a finding: its spec field, else its header as written. */
export interface ColumnNames {
  fields: (string | null)[];
  headers: readonly string[];
}

/** `columns[i]`: the file column of spec field i (-1 when absent); `headers`: the header row's cells. */
export function columnNames(columns: readonly number[], headers: readonly string[]): ColumnNames {
  const fields: (string | null)[] = headers.map(() => null);
  columns.forEach((at, i) => {
    if (at >= 0) fields[at] = FIELDS[i].name;
  });
  return { fields, headers };
}

/**
 * Reports each cell of a UTF-8 record that holds bytes that are not UTF-8 (`invalid-utf8`,
 * naming each byte and what it is in Windows-1252); returns whether any did. Such a row goes
 * no further: its values would reach the checks, the roster and the database as replacement
 * characters nobody typed. `names` is null for the header row itself.
 */
export function reportStrayBytes(view: RecordView, row: number, sink: IssueSink, names: ColumnNames | null): boolean {
  let found = false;
  for (let c = 0; c < view.count; c++) {
    const s = view.start[c];
    const e = view.end[c];
    if (isUtf8(view.buf.subarray(s, e))) continue;
    found = true;
    const field = names?.fields[c] ?? null;
    const header = names?.headers[c];
    const named = header ? ` (${JSON.stringify(header)})` : '';
    const where =
      names === null ? `In the header, column ${c + 1}` : field === null ? `In column ${c + 1}${named}` : undefined;
    const bytes = strayBytesIn(view.buf, s, e);
    const params = { where, bytes: describeStrayBytes(bytes), count: bytes.length };
    sink.add('invalid-utf8', row, field, view.buf.toString('utf8', s, e), params);
  }
  return found;
}
