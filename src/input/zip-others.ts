import type yauzl from 'yauzl';
import { extensionOf, type EntryNote } from './source.js';
import { workbookByContent, workbookByExtension, type Workbook } from './workbook.js';

export type { EntryNote } from './source.js';

const WHAT: Record<Workbook, string> = {
  xlsx: 'an Excel workbook',
  xls: 'an old Excel .xls workbook',
  ods: 'an OpenDocument spreadsheet',
};

/** Ignored entries named in the warning; a zip of photos is not listed in full. */
const NAMES_SHOWN = 10;

/** Enough of an entry's (inflated) start to tell a workbook by its first bytes and local headers. */
const HEAD_BYTES = 4096;

/** The first bytes of an entry, or null when they cannot be read (the entry is then only listed as ignored). */
function readHead(zip: yauzl.ZipFile, e: yauzl.Entry): Promise<Buffer | null> {
  if (e.isEncrypted() || e.uncompressedSize === 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    zip.openReadStream(e, (err, stream) => {
      if (err || !stream) return resolve(null);
      const chunks: Buffer[] = [];
      let got = 0;
      const done = () => {
        stream.removeAllListeners('data');
        stream.on('error', () => {});
        stream.destroy();
        resolve(Buffer.concat(chunks));
      };
      stream.on('data', (c: Buffer) => {
        chunks.push(c);
        got += c.length;
        if (got >= HEAD_BYTES) done();
      });
      stream.on('end', done);
      stream.on('error', () => resolve(chunks.length ? Buffer.concat(chunks) : null));
    });
  });
}

/**
 * The entries beside the roster texts that are not read: a spreadsheet workbook (by its
 * extension, or by its content whatever its name) is an error, since the students in it
 * would otherwise count as gone; anything else (a PDF, a README, an image) is one warning
 * listing them, so a school exported under another extension does not vanish unnoticed.
 */
export async function noteOthers(zip: yauzl.ZipFile, others: readonly yauzl.Entry[]): Promise<EntryNote[]> {
  const notes: EntryNote[] = [];
  const ignored: string[] = [];
  for (const e of others) {
    const head = workbookByExtension(extensionOf(e.fileName)) ? null : await readHead(zip, e);
    const book = workbookByExtension(extensionOf(e.fileName)) ?? (head ? workbookByContent(head) : null);
    if (book) notes.push({ file: e.fileName, code: 'zip-entry-workbook', params: { what: WHAT[book] } });
    else ignored.push(e.fileName);
  }
  if (ignored.length > 0) {
    const more = ignored.length > NAMES_SHOWN ? `, ... (${ignored.length - NAMES_SHOWN} more)` : '';
    const names = ignored.slice(0, NAMES_SHOWN).join(', ') + more;
    const file = ignored.length === 1 ? ignored[0] : null;
    notes.push({ file, code: 'zip-entry-ignored', params: { count: ignored.length, names } });
  }
  return notes;
}
