import { createHash } from 'node:crypto';
import { SEP } from '../../base/keys.js';
import { normalizeHeader } from '../../checks/header.js';
import { COL, FIELD_NAMES, FIELDS } from '../../fields/fields.js';
import { IssueSink } from '../../findings/issues.js';
import { runReader, type ReadOptions } from '../../read/reader.js';
import type { ChangeLog } from '../../repair/change-log.js';
import { csvCell, csvLine } from '../../repair/csv-write.js';
import type { CellChange, HeaderChange, HeldRepair } from '../../repair/model.js';
import { repairCell, type RepairContext } from '../../repair/value.js';
import { trimValue } from '../../repair/whitespace.js';
import type { AtomicFile } from '../../command-kit/whole-file.js';
import type { ScanFacts } from './scan.js';
import { FixStage } from './stage.js';

/** What writing the copy counted. */
export interface Written {
  rows: number;
  written: number;
  header: HeaderChange[];
  log: ChangeLog;
}

/**
 * Reads the input again and writes the corrected copy into `copy`: the spec header, then each
 * row in input order with its cells in spec order, trimmed and repaired; blank rows and rows equal
 * to an earlier one (once repaired) are left out. Every change goes to `log`.
 */
export async function writeCopy(
  path: string,
  opts: ReadOptions,
  facts: ScanFacts,
  today: number,
  files: AtomicFile[],
  newLog: () => ChangeLog,
): Promise<Written> {
  const ctx: RepairContext = { today, dayFirstFile: facts.dayFirstFile };
  const copy = files[0];
  let counts: Written | null = null;
  let seen = new Map<string, { file: string | null; row: number }>();
  let columns: number[] = [];
  let attempt = 0;
  const anyHeld = facts.withheld.size > 0;
  await runReader(path, opts, () => {
    // A text whose encoding is decided only past the decoder's hold limit is read again from
    // the start: what was written of it goes, and the copy and the change log begin anew.
    if (attempt++ > 0) for (const f of files) f.reset();
    const log = newLog();
    const now: Written = { rows: 0, written: 0, header: [], log };
    counts = now;
    seen = new Map();
    copy.write(csvLine(FIELD_NAMES));
    return new FixStage(new IssueSink(), opts, {
      header: (file, cells, match) => {
        columns = match.columns;
        now.header.push(...headerChanges(file, cells, columns, opts.aliases));
      },
      blank: (file, row) => {
        now.rows++;
        log.drop({ file, row, reason: 'blank-row' });
      },
      misshapen: () => {
        throw new Error('a misshapen row reached the copy: the scan lets no such file through');
      },
      record: (file, row, cells) => {
        now.rows++;
        const sid = columns[COL.studentId] < 0 ? '' : cells[columns[COL.studentId]];
        const key = typeof sid === 'string' ? trimValue(sid) : null;
        const out: (string | Buffer)[] = [];
        // Logged once the row is known to be written: a repeated row's changes are not the copy's.
        const changed: Pick<CellChange, 'column' | 'before' | 'after' | 'rule'>[] = [];
        const held: HeldRepair[] = [];
        for (let f = 0; f < FIELDS.length; f++) {
          const raw = columns[f] < 0 ? '' : cells[columns[f]];
          if (typeof raw !== 'string') {
            out.push(raw);
            continue;
          }
          const hold = key !== null && anyHeld && facts.withheld.has(`${key}${SEP}${f}`);
          const o = repairCell(f, raw, ctx, hold);
          out.push(o.value);
          const column = FIELD_NAMES[f];
          if (o.rule !== null) changed.push({ column, before: raw, after: o.value, rule: o.rule });
          if (o.held?.held !== undefined) {
            const { value: wouldBe, rule, held: reason } = o.held;
            held.push({ file, row, column, value: raw, wouldBe, rule, reason });
          }
        }
        const bytes = rowBytes(out);
        // A row's identity for finding repeats: a hash of its line, so a million rows cost tens of MB.
        const digest = createHash('sha1').update(bytes).digest('base64');
        const first = seen.get(digest);
        if (first !== undefined) return log.drop({ file, row, reason: 'duplicate-row', sameAs: first });
        seen.set(digest, { file, row });
        copy.write(bytes);
        const outputRow = ++now.written + 1;
        for (const { column, before, after, rule } of changed)
          log.change({ file, row, outputRow, column, before, after, rule });
        for (const h of held) log.hold(h);
      },
    });
  });
  if (counts === null) throw new Error('the reader began no reading');
  return counts;
}

/** A row of the copy; a cell kept as raw bytes (not UTF-8) is written as those bytes. */
function rowBytes(cells: readonly (string | Buffer)[]): string | Buffer {
  if (cells.every((c) => typeof c === 'string')) return csvLine(cells as string[]);
  // As one byte per character: the raw cell's bytes and the UTF-8 of the others, quoted alike.
  const bytes = cells.map((c) => (typeof c === 'string' ? Buffer.from(c).toString('latin1') : c.toString('latin1')));
  return Buffer.from(`${bytes.map(csvCell).join(',')}\r\n`, 'latin1');
}

/** How each column of a text's header is written in the copy, where that is not as it was, at its place. */
function headerChanges(
  file: string | null,
  cells: readonly string[],
  columns: readonly number[],
  aliases: ReadonlyMap<string, number | null> | undefined,
): HeaderChange[] {
  const mapped = new Set([...(aliases ?? [])].map(([from]) => normalizeHeader(from)));
  const changes: HeaderChange[] = [];
  cells.forEach((header, at) => {
    const f = columns.indexOf(at);
    const position = at + 1;
    if (f < 0) changes.push({ file, position, header, field: null, rule: 'column-dropped' });
    else if (mapped.has(normalizeHeader(header)) && normalizeHeader(header) !== normalizeHeader(FIELD_NAMES[f]))
      changes.push({ file, position, header, field: FIELD_NAMES[f], rule: 'mapped-column' });
    else if (header !== FIELD_NAMES[f])
      changes.push({ file, position, header, field: FIELD_NAMES[f], rule: 'header-name' });
    else if (at !== f) changes.push({ file, position, header, field: FIELD_NAMES[f], rule: 'header-order' });
  });
  columns.forEach((at, f) => {
    if (at < 0) changes.push({ file, position: 0, header: '', field: FIELD_NAMES[f], rule: 'column-added' });
  });
  return changes;
}
