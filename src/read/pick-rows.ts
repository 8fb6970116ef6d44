import { promises as fs } from 'node:fs';
import { matchHeader } from '../checks/header.js';
import { RowStage } from '../checks/row-stage.js';
import { IssueSink, StopReading } from '../findings/issues.js';
import { DessaError } from '../base/errors.js';
import { CsvParser, type RecordView } from '../input/csv.js';
import { runReader, type ReadOptions } from './reader.js';

/** A header as a text of the file writes it, and the file column of each spec field (-1: absent). */
export interface PickedHeader {
  cells: string[];
  columns: number[];
}

/** One row of the file as it was read: every cell, with the header of its text. */
export interface PickedRow {
  header: PickedHeader;
  cells: string[];
}

/** Where a row is: its text (a zip entry's name, null for a plain file) and its spreadsheet row. */
export const rowKey = (file: string | null, row: number) => `${file ?? ''}\u0000${row}`;

const texts = (v: RecordView) =>
  Array.from({ length: v.count }, (_, i) => v.buf.toString('utf8', v.start[i], v.end[i]));

/**
 * A stage that checks nothing: it keeps the header of each text and the rows asked for, and
 * stops reading once it holds them all. Decoding, `sep=` lines and row numbers are the reader's,
 * so a row is found at the number the validation reported it under.
 */
class RowPicker extends RowStage {
  readonly picked = new Map<string, PickedRow>();

  constructor(
    private readonly wanted: ReadonlySet<string>,
    private readonly readOpts: ReadOptions,
  ) {
    super(new IssueSink({ perCode: 0, maxErrors: 0 }), readOpts, { slot: () => null!, done: () => {} });
  }

  override parser(delimiter: string, file: string | null, firstRow = 1): CsvParser {
    let header: PickedHeader | null = null;
    return new CsvParser(
      { delimiter, maxField: this.readOpts.maxField, firstRow },
      {
        record: (view, row) => {
          if (header === null) {
            const cells = texts(view);
            if (cells.every((c) => c.trim() === '')) return;
            const match = matchHeader(
              cells,
              new IssueSink({ perCode: 0, maxErrors: 0 }),
              this.readOpts.aliases,
              delimiter,
            );
            header = { cells, columns: match.columns };
            return;
          }
          const key = rowKey(file, row);
          if (!this.wanted.has(key)) return;
          this.picked.set(key, { header, cells: texts(view) });
          if (this.picked.size === this.wanted.size) throw new StopReading();
        },
      },
    );
  }
}

/**
 * A regular file's version (device, inode, size, modification time), or null for what cannot be
 * read twice: standard input, a pipe (opening it again would wait for a writer forever), a device.
 */
export async function versionOf(path: string): Promise<string | null> {
  if (path === '-') return null;
  const s = await fs.stat(path, { bigint: true }).catch(() => null);
  return s?.isFile() ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}` : null;
}

/**
 * Reads the file again for the rows named by `rowKey` (the examples a report shows in full):
 * the report keeps a finding's cell, not its row. Memory is bounded by the rows asked for.
 * `version` is the file's (versionOf) when it was validated: none is read unless the file is
 * that same regular file before and after, so a row shown is the row the finding is about.
 * A row missing from the result (a fault ended its text first) is shown without its row.
 */
export async function pickRows(
  path: string,
  opts: ReadOptions,
  wanted: ReadonlySet<string>,
  version: string | null,
): Promise<Map<string, PickedRow>> {
  const none = new Map<string, PickedRow>();
  if (wanted.size === 0 || version === null || (await versionOf(path)) !== version) return none;
  let picker = new RowPicker(wanted, opts);
  try {
    await runReader(path, opts, () => {
      picker = new RowPicker(wanted, opts);
      return picker;
    });
  } catch (err) {
    // A text that cannot be read again as it was read the first time: what was picked is still shown.
    if (!(err instanceof DessaError)) throw err;
  }
  return (await versionOf(path)) === version ? picker.picked : none;
}
