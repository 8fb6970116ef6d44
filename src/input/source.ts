import { createReadStream, promises as fs } from 'node:fs';
import { extname } from 'node:path';
import { DessaError, fsError } from '../base/errors.js';
import type { IssueCode, Params } from '../findings/messages.js';
import { workbookByExtension, workbookMessage } from './workbook.js';

export const TEXT_EXTENSIONS = ['.csv', '.tsv', '.txt'] as const;
export const ACCEPTED = [...TEXT_EXTENSIONS, '.zip'] as const;

/** A finding about a zip entry that is not read as a roster text: reported before any row. */
export interface EntryNote {
  /** The entry it is about; null for one about several. */
  file: string | null;
  code: IssueCode;
  params: Params;
}

/** One roster text inside the input: the file itself, standard input, or a zip entry. */
export interface Entry {
  /** The zip entry's name (reported in each issue's `file`); null for a plain file or stdin. */
  name: string | null;
  /** Lower-case extension that decides the delimiter: .csv, .tsv or .txt ('' for stdin). */
  ext: string;
  /** Opens the bytes; callable again when `reopenable`, to read with another encoding. */
  open(): AsyncIterable<Buffer>;
  reopenable: boolean;
  /** Reading it to the end checks its data (a zip entry's CRC-32). */
  verifies?: boolean;
}

export interface Input {
  /** How the user named it, for messages. */
  label: string;
  entries(): AsyncIterable<Entry>;
  /** Findings about what is not read (a zip's workbook or other entries), reported before the texts' own. */
  notes?: EntryNote[];
  close(): Promise<void>;
}

const CHUNK = 1 << 20;

function wrapStream(stream: NodeJS.ReadableStream, label: string): AsyncIterable<Buffer> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } catch (err) {
        throw fsError(err, label);
      }
    },
  };
}

export function extensionOf(path: string): string {
  return extname(path).toLowerCase();
}

export function refuseFormat(label: string, ext: string): DessaError {
  return new DessaError(
    'unsupported-format',
    `${label}: unsupported file type ${ext ? `"${ext}"` : '(no extension)'}; ` +
      `accepted: ${ACCEPTED.join(' ')} (or - for standard input)`,
    { ext },
  );
}

const directory = (path: string) =>
  new DessaError(
    'file-unreadable',
    `${path}: is a directory, not a roster file; name a .csv, .tsv, .txt or .zip file in it`,
    { path },
  );

/** Opens a path (or `-` for stdin) as an Input. Zip archives are handed to `openZip`. */
export async function openInput(path: string, openZip: (path: string) => Promise<Input>): Promise<Input> {
  if (path === '-') {
    const entry: Entry = {
      name: null,
      ext: '',
      open: () => wrapStream(process.stdin, 'standard input'),
      reopenable: false,
    };
    return {
      label: 'standard input',
      entries: async function* () {
        yield entry;
      },
      close: async () => {},
    };
  }
  const ext = extensionOf(path);
  if (!(ACCEPTED as readonly string[]).includes(ext)) {
    // A missing file, or a directory, is the clearer message when both apply.
    const what = await fs.stat(path).catch((err) => {
      throw fsError(err, path);
    });
    if (what.isDirectory()) throw directory(path);
    const book = workbookByExtension(ext);
    if (book) throw new DessaError('unsupported-format', workbookMessage(path, book), { ext });
    throw refuseFormat(path, ext);
  }
  const stat = await fs.stat(path).catch((err) => {
    throw fsError(err, path);
  });
  if (stat.isDirectory()) throw directory(path);
  if (ext === '.zip') return openZip(path);
  await fs.access(path, fs.constants.R_OK).catch((err) => {
    throw fsError(err, path);
  });
  const entry: Entry = {
    name: null,
    ext,
    open: () => wrapStream(createReadStream(path, { highWaterMark: CHUNK }), path),
    reopenable: true,
  };
  return {
    label: path,
    entries: async function* () {
      yield entry;
    },
    close: async () => {},
  };
}
