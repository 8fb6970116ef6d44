import { FIELDS } from '../spec/fields.js';
import type { IssueSink } from './issues.js';

/** Header names match ignoring case, surrounding whitespace and runs of inner whitespace. */
export function normalizeHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

const BY_NAME = new Map(FIELDS.map((f, i) => [normalizeHeader(f.name), i]));

export interface HeaderMatch {
  /** File column of each spec field, -1 when absent. */
  columns: number[];
  /** Whether every required column is present and none is given twice. */
  ok: boolean;
}

/**
 * Matches a header row against the spec. `aliases` maps a (normalized) SIS column name
 * to a spec field index, from `--map`.
 */
export function matchHeader(cells: readonly string[], sink: IssueSink, aliases?: ReadonlyMap<string, number>, delimiter = ','): HeaderMatch {
  const columns = FIELDS.map(() => -1);
  let ok = true;
  cells.forEach((cell, at) => {
    const norm = normalizeHeader(cell);
    const field = aliases?.get(norm) ?? BY_NAME.get(norm);
    if (field === undefined) {
      if (norm !== '') sink.add('unknown-column', null, null, cell, { header: cell });
      return;
    }
    if (columns[field] >= 0) {
      ok = false;
      sink.add('duplicate-column', null, FIELDS[field].name, cell, { column: FIELDS[field].name, first: columns[field] + 1, second: at + 1 });
      return;
    }
    columns[field] = at;
  });
  const missing = FIELDS.filter((f, i) => f.required && columns[i] < 0).map((f) => f.name);
  if (missing.length > 0) {
    ok = false;
    sink.add('missing-column', null, null, null, { count: missing.length, columns: missing.join(', '), hint: delimiterHint(cells, delimiter) });
  }
  return { columns, ok };
}

/** A header that arrives as one cell usually means the file uses another delimiter. */
function delimiterHint(cells: readonly string[], delimiter: string): string {
  if (cells.length !== 1) return '';
  const seen = [';', '\t', '|', ','].find((d) => d !== delimiter && cells[0].includes(d));
  if (!seen) return '';
  const name = seen === '\t' ? 'tab' : JSON.stringify(seen);
  return ` The header looks ${name}-separated: use --delimiter ${seen === '\t' ? 'tab' : seen} or the matching extension.`;
}
