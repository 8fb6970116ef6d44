import type { RowStage } from '../checks/row-stage.js';
import { StopReading } from '../findings/issues.js';
import { DessaError } from '../base/errors.js';
import { CsvFault, type CsvParser } from '../input/csv.js';
import { Redecode, sniffEncoding, Undecided, utf8Chunks, type Decoding, type Encoding } from '../input/decode.js';
import { delimiterForExtension, detectDelimiter, sepLine } from '../input/delimiter.js';
import { openInput, type Entry } from '../input/source.js';
import { NotUtf16 } from '../input/utf16.js';
import { openZip, type ZipLimits } from '../input/zip.js';
import type { CheckOptions } from '../checks/row-stage.js';
import type { OneRosterOptions } from '../oneroster/oneroster.js';
import type { Report } from '../findings/report.js';
import type { Roster } from '../roster/roster.js';

/** What reading a roster file gives: the validation report and the roster model it built. */
export interface ReadResult {
  report: Report;
  roster: Roster;
}

export interface ReadOptions extends CheckOptions {
  delimiter?: string;
  encoding?: Encoding;
  zip?: Partial<ZipLimits>;
  /** Bytes the decoder may hold to decide a text's encoding (default HOLD_LIMIT; tests set a small one). */
  holdLimit?: number;
  /** How a OneRoster export is mapped (`--student-id`, `--sasid-type`); a roster file ignores it. */
  oneRoster?: OneRosterOptions;
}

/** How the input was read, beside what the stage counted. */
export interface ReaderFacts {
  partial: boolean;
  encoding: string | null;
  delimiter: string | null;
}

/** A text's encoding was decided only by reading it to the end: start over, reading it as `encoding`. */
class ReadAgain extends Error {
  constructor(
    readonly entry: string | null,
    readonly encoding: 'utf-8' | 'windows-1252',
  ) {
    super('read again');
  }
}

async function* withHead(head: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield head;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The I/O half of reading: opens the input (file, zip or stdin), decodes each roster text
 * and feeds its bytes to a RowStage. `begin` gives a fresh stage for each attempt: a text
 * whose encoding was decided only past the decoder's hold limit is read again from the start.
 */
export async function runReader(path: string, opts: ReadOptions, begin: () => RowStage): Promise<ReaderFacts> {
  const decided = new Map<string | null, ReadAgain['encoding']>();
  for (;;) {
    const stage = begin();
    const input = await openInput(path, (p) => openZip(p, opts.zip));
    const facts: ReaderFacts = { partial: false, encoding: null, delimiter: null };
    try {
      for (const note of input.notes ?? []) {
        stage.sink.file = note.file;
        stage.sink.add(note.code, null, null, null, note.params);
      }
      for await (const entry of input.entries()) {
        const used = await readEntry(entry, input.label, stage, opts, decided.get(entry.name));
        facts.encoding ??= used.encoding;
        facts.delimiter ??= used.delimiter;
        facts.partial ||= used.partial;
      }
      return facts;
    } catch (err) {
      if (err instanceof StopReading) return { ...facts, partial: true };
      if (!(err instanceof ReadAgain)) throw err;
      decided.set(err.entry, err.encoding);
    } finally {
      await input.close();
    }
  }
}

async function readEntry(
  entry: Entry,
  label: string,
  stage: RowStage,
  opts: ReadOptions,
  decided: ReadAgain['encoding'] | undefined,
): Promise<ReaderFacts> {
  const name = entry.name ?? label;
  const bytes = entry.open()[Symbol.asyncIterator]();
  const first = await bytes.next();
  if (first.done || first.value.length === 0) {
    stage.sink.file = entry.name;
    stage.sink.add('empty-file', null, null, null);
    return { encoding: null, delimiter: null, partial: false };
  }
  const sniffed = opts.encoding || decided ? null : sniffEncoding(first.value, name);
  const declared = opts.encoding ? 'flag' : decided ? 'scan' : sniffed?.bom ? 'bom' : null;
  const encoding = opts.encoding ?? decided ?? sniffed!.encoding;
  const decoding: Decoding = { encoding, switched: false, declared, strayBytes: false };
  let fallback: Encoding | undefined = decided === 'windows-1252' ? decided : undefined;
  const fixed = opts.delimiter ?? delimiterForExtension(entry.ext);
  let delimiter = fixed;
  let parser: CsvParser | null = null;
  const top = stage.sink.issues.length;
  if (fallback) stage.sink.add('encoding-fallback', null, null, null, { encoding: fallback });
  try {
    const decode = { reopenable: entry.reopenable, holdLimit: opts.holdLimit };
    for await (let chunk of utf8Chunks(withHead(first.value, bytes), decoding, decode)) {
      if (parser === null) {
        // Excel's `sep=;` line names the delimiter (over the extension's, not over --delimiter)
        // and is no header: it is taken off, and the header stays row 2, as Excel shows it.
        const sep = sepLine(chunk);
        if (sep !== null) chunk = chunk.subarray(sep.length);
        delimiter = opts.delimiter ?? sep?.delimiter ?? fixed ?? detectDelimiter(firstLine(chunk));
        parser = stage.parser(delimiter, entry.name, sep === null ? 1 : 2);
      }
      if (decoding.switched && !fallback) {
        fallback = decoding.encoding;
        // Where a fallback found before reading puts it: above the text's other findings.
        stage.sink.addAt(top, 'encoding-fallback', { encoding: fallback });
      }
      // Set before the parser sees a stray byte: the rows holding one are reported and set aside.
      stage.strayBytes = decoding.strayBytes;
      parser.write(chunk);
    }
    // A text that decoded to nothing still ends its parser when the delimiter was known, as any other text.
    (parser ?? (fixed === null ? null : stage.parser(fixed, entry.name)))?.end();
  } catch (err) {
    if (err instanceof NotUtf16) {
      // The text before the bad bytes has been parsed: the parser knows the row they fall in.
      const row = parser?.nextRow ?? 1;
      const what =
        err.why === 'odd-byte'
          ? 'it ends in an odd last byte, half of a UTF-16 unit'
          : 'it holds half of a character (a lone surrogate)';
      const where = `at byte ${err.offset.toLocaleString('en-US')} (row ${row.toLocaleString('en-US')})`;
      const message =
        `${name} is not valid ${decoding.encoding} ${where}: ${what}; ` +
        'save it again from the program that made it, or pass --encoding';
      throw new DessaError('bad-encoding', message, { name, offset: err.offset, row });
    }
    if (err instanceof Redecode) throw new ReadAgain(entry.name, err.encoding);
    if (err instanceof Undecided) {
      const where =
        `${name}: byte ${err.offset.toLocaleString('en-US')} is not UTF-8 ` +
        `and no UTF-8 character came in the next ${size(err.limit)}`;
      const fix =
        'so UTF-8 with a stray byte cannot be told from Windows-1252 without reading it twice: ' +
        "give the file's path instead of -, or pass --encoding";
      throw new DessaError('bad-encoding', `${where}, ${fix}`, { name, offset: err.offset });
    }
    if (!(err instanceof CsvFault)) throw err;
    // Rows that cannot be parsed may be damage: read on to the end so a zip entry's check says so.
    if (entry.verifies) for (let rest = await bytes.next(); !rest.done; rest = await bytes.next());
    stage.sink.add(err.code, err.row, null, null, { limit: err.limit });
    return { encoding: decoding.encoding, delimiter, partial: true };
  }
  return { encoding: decoding.encoding, delimiter, partial: false };
}

function firstLine(chunk: Buffer): string {
  const head = chunk.toString('utf8', 0, Math.min(chunk.length, 65536));
  const eol = head.search(/[\r\n]/);
  return eol < 0 ? head : head.slice(0, eol);
}

const size = (bytes: number) =>
  bytes >= 1 << 20 ? `${bytes / (1 << 20)} MiB` : `${bytes.toLocaleString('en-US')} bytes`;
