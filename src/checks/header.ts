import { delimiterArgument } from '../input/delimiter.js';
import { FIELDS } from '../fields/fields.js';
import type { IssueSink } from '../findings/issues.js';
import { closest, namesOf } from './similar.js';

/** Header names match ignoring case, surrounding whitespace and runs of inner whitespace. */
export function normalizeHeader(h: string): string {
  return h
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

const BY_NAME = new Map(FIELDS.map((f, i) => [normalizeHeader(f.name), i]));

export interface HeaderMatch {
  /** File column of each spec field, -1 when absent. */
  columns: number[];
  /** Whether every required column is present and none is given twice. */
  ok: boolean;
  /** File columns whose header is blank: silent unless a row holds a value there. */
  blank: number[];
}

/**
 * Matches a header row against the spec. `aliases` maps a SIS column name (as the map file
 * writes it) to a spec field index, from `--map`; null marks a column known and ignored on purpose.
 */
export function matchHeader(
  cells: readonly string[],
  sink: IssueSink,
  aliases?: ReadonlyMap<string, number | null>,
  delimiter = ',',
): HeaderMatch {
  const columns = FIELDS.map(() => -1);
  const mapped = new Map([...(aliases ?? [])].map(([from, field]) => [normalizeHeader(from), field]));
  const unknown: number[] = [];
  const blank: number[] = [];
  let ok = true;
  cells.forEach((cell, at) => {
    const norm = normalizeHeader(cell);
    if (mapped.get(norm) === null) return;
    const field = mapped.get(norm) ?? BY_NAME.get(norm);
    if (field === undefined) {
      (norm === '' ? blank : unknown).push(at);
      return;
    }
    if (columns[field] >= 0) {
      ok = false;
      sink.add('duplicate-column', null, FIELDS[field].name, cell, {
        column: FIELDS[field].name,
        first: columns[field] + 1,
        second: at + 1,
      });
      return;
    }
    columns[field] = at;
  });
  for (const at of unknown) classifyUnknown(cells[at], columns, sink);
  if (aliases) reportUnusedMap(aliases, cells, sink);
  const missing = FIELDS.filter((f, i) => f.required && columns[i] < 0).map((f) => f.name);
  if (missing.length > 0) {
    ok = false;
    sink.add('missing-column', null, null, null, {
      count: missing.length,
      columns: missing.join(', '),
      hint: delimiterHint(cells, delimiter),
    });
  }
  return { columns, ok, blank };
}

const nameOf = (i: number) => namesOf(FIELDS[i].name);

/**
 * A column the spec does not name is ignored with a warning, unless it is a near miss of a field
 * the file lacks ("McKinney Vento", "Gifed", "Zip", "Section"): that field would then read as
 * blank for every student and apply would blank it in the database, so it is an error naming the
 * field. A near miss that is really a column of its own (a class "Section") is ignored on purpose
 * with `--map '{"Section": null}'`. A name as close to a field the file has ("Student" beside
 * Student ID) is not a near miss of the absent one.
 */
function classifyUnknown(cell: string, columns: readonly number[], sink: IssueSink): void {
  const indexes = FIELDS.map((_, i) => i);
  const absent = closest(
    cell,
    indexes.filter((i) => columns[i] < 0),
    nameOf,
  );
  const present =
    absent.length > 0
      ? closest(
          cell,
          indexes.filter((i) => columns[i] >= 0),
          nameOf,
        )
      : [];
  const near = absent.length > 0 && (present.length === 0 || present[0].rank > absent[0].rank) ? absent[0] : null;
  if (near) {
    sink.add('misspelled-column', null, null, cell, { header: cell, field: FIELDS[near.item].name });
  } else {
    sink.add('unknown-column', null, null, cell, { header: cell });
  }
}

/** A --map source column the file does not have: its field is absent (or read from a column of its own name). */
function reportUnusedMap(aliases: ReadonlyMap<string, number | null>, cells: readonly string[], sink: IssueSink): void {
  const have = new Set(cells.map(normalizeHeader));
  for (const [from, field] of aliases) {
    // An ignored column the file lacks loses nothing.
    if (field === null || have.has(normalizeHeader(from))) continue;
    const close = closest(from, cells, (c) => [c], true)
      .slice(0, 3)
      .map((c) => JSON.stringify(c.item.trim()));
    const params = { source: from, field: FIELDS[field].name, close: close.join(', ') };
    sink.add('unused-map-column', null, null, from, params);
  }
}

/** A header that arrives as one cell usually means the file uses another delimiter. */
function delimiterHint(cells: readonly string[], delimiter: string): string {
  if (cells.length !== 1) return '';
  const seen = [';', '\t', '|', ','].find((d) => d !== delimiter && cells[0].includes(d));
  if (!seen) return '';
  const name = seen === '\t' ? 'tab' : JSON.stringify(seen);
  return ` The header looks ${name}-separated: use --delimiter ${delimiterArgument(seen)} or the matching extension.`;
}
