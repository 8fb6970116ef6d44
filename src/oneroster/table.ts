import { isUtf8 } from 'node:buffer';
import { DessaError } from '../base/errors.js';
import type { IssueSink } from '../findings/issues.js';
import { CsvFault, CsvParser, type RecordView } from '../input/csv.js';
import { Redecode, sniffEncoding, utf8Chunks, type Decoding, type Encoding } from '../input/decode.js';
import type { Entry } from '../input/source.js';
import { NotUtf16 } from '../input/utf16.js';

/** How every file of an export is read: the roster's decoders and limits. */
export interface TableOptions {
  encoding?: Encoding;
  delimiter?: string;
  maxField?: number;
  /** The export's OneRoster version, for messages. */
  version: string;
}

/** One OneRoster file as the mapping reads it. */
export interface TableSpec {
  /** The file's name in the export (users.csv), the `file` of its findings. */
  file: string;
  /** Every column OneRoster names for this file in the export's version; others but metadata.* are warned about. */
  known: readonly string[];
  /** The columns handed to `onRow`, in this order ('' when the file has no such column; a '' name: never read). */
  want: readonly string[];
  /** Columns without which nothing of the file can be used, and what the roster needs them for. */
  required: Readonly<Record<string, string>>;
  /** Collects the first wanted cell (the sourcedId) of tobedeleted rows: references to them are no error. */
  deleted?: Set<string>;
}

/** A data row: the wanted cells, trimmed, and the row's spreadsheet number (the header is row 1). */
export type RowHandler = (cells: string[], row: number) => void;

export interface TableResult {
  /** False when a required column is missing (each reported): no row was handed over. */
  usable: boolean;
  /** The wanted columns the header has. */
  present: Set<string>;
  encoding: Encoding | null;
}

const STATUS = 'status';

/**
 * Reads one OneRoster CSV as the roster reader reads a text: sniffed or given encoding (BOM,
 * UTF-16, Windows-1252), a text decided only past the hold limit read again, the parser's
 * limits. Headers match as OneRoster spells them (case and surrounding spaces aside); rows
 * whose `status` is tobedeleted are skipped, as if absent.
 */
export async function readTable(
  entry: Entry,
  spec: TableSpec,
  opts: TableOptions,
  sink: IssueSink,
  onRow: RowHandler,
): Promise<TableResult> {
  let decided: Encoding | undefined = opts.encoding;
  for (;;) {
    try {
      return await readOnce(entry, spec, opts, decided, sink, onRow);
    } catch (err) {
      if (!(err instanceof Redecode)) throw err;
      decided = err.encoding;
    }
  }
}

async function readOnce(
  entry: Entry,
  spec: TableSpec,
  opts: TableOptions,
  encoding: Encoding | undefined,
  sink: IssueSink,
  onRow: RowHandler,
): Promise<TableResult> {
  const result: TableResult = { usable: true, present: new Set(), encoding: null };
  const bytes = entry.open()[Symbol.asyncIterator]();
  const first = await bytes.next();
  if (first.done || first.value.length === 0) return { ...result, usable: false };
  const sniffed = encoding ? null : sniffEncoding(first.value, spec.file);
  const decoding: Decoding = {
    encoding: encoding ?? sniffed!.encoding,
    switched: false,
    declared: encoding ? 'flag' : sniffed!.bom ? 'bom' : null,
    strayBytes: false,
  };
  let columns: number[] | null = null;
  let status = -1;
  let strayReported = false;
  const record = (view: RecordView, row: number) => {
    if (columns === null) {
      const header = Array.from({ length: view.count }, (_, i) => cell(view, i));
      if (header.every((h) => h === '')) return;
      ({ columns, status } = matchColumns(header, spec, opts.version, sink, result));
      return;
    }
    if (!result.usable) return;
    if (view.count === 1 && view.start[0] === view.end[0]) return;
    const cells = columns.map((at) => (at >= 0 && at < view.count ? cell(view, at) : ''));
    if (status >= 0 && status < view.count && cell(view, status).toLowerCase() === 'tobedeleted') {
      spec.deleted?.add(cells[0]);
      return;
    }
    if (decoding.strayBytes && !strayReported && columns.some((at) => at >= 0 && !utf8Cell(view, at))) {
      strayReported = true;
      sink.file = spec.file;
      sink.add('oneroster-not-utf8', null, null, null, { file: spec.file, at: row });
    }
    onRow(cells, row);
  };
  const parser = new CsvParser({ delimiter: opts.delimiter ?? ',', maxField: opts.maxField }, { record });
  const head = async function* () {
    yield first.value;
    for (let next = await bytes.next(); !next.done; next = await bytes.next()) yield next.value;
  };
  try {
    for await (const chunk of utf8Chunks(head(), decoding, { reopenable: entry.reopenable })) parser.write(chunk);
    parser.end();
  } catch (err) {
    if (err instanceof NotUtf16) {
      const message = `${spec.file} is not valid ${decoding.encoding}: save it again from the program that made it`;
      throw new DessaError('bad-encoding', message, { name: spec.file, offset: err.offset });
    }
    if (!(err instanceof CsvFault)) throw err;
    sink.file = spec.file;
    sink.add(err.code, err.row, null, null, { limit: err.limit });
  } finally {
    await bytes.return?.();
  }
  if (columns === null) result.usable = false;
  result.encoding = decoding.encoding;
  return result;
}

const cell = (view: RecordView, i: number) => view.buf.toString('utf8', view.start[i], view.end[i]).trim();
const utf8Cell = (view: RecordView, i: number) => isUtf8(view.buf.subarray(view.start[i], view.end[i]));
const norm = (h: string) => h.trim().toLowerCase();

function matchColumns(
  header: string[],
  spec: TableSpec,
  version: string,
  sink: IssueSink,
  result: TableResult,
): { columns: number[]; status: number } {
  const at = new Map<string, number>();
  header.forEach((h, i) => {
    if (!at.has(norm(h))) at.set(norm(h), i);
  });
  sink.file = spec.file;
  const known = new Set(spec.known.map(norm));
  for (const h of header) {
    if (h !== '' && !known.has(norm(h)) && !norm(h).startsWith('metadata.'))
      sink.add('oneroster-unknown-column', null, null, null, { file: spec.file, header: h, version });
  }
  for (const [name, needed] of Object.entries(spec.required)) {
    if (at.has(norm(name))) continue;
    sink.add('oneroster-missing-column', null, null, null, { file: spec.file, source: name, needed });
    result.usable = false;
  }
  const columns = spec.want.map((w) => (w === '' ? -1 : (at.get(norm(w)) ?? -1)));
  spec.want.forEach((w, i) => {
    if (columns[i] >= 0) result.present.add(w);
  });
  return { columns, status: at.get(STATUS) ?? -1 };
}
