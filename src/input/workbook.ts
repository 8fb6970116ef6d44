/**
 * A spreadsheet workbook given where CSV text is expected, told by its content (whatever its
 * name) or by its extension: the usual mistake is an .xlsx renamed .csv, and the fix is to
 * save it from the spreadsheet program as CSV UTF-8, not to rename it again.
 */
export type Workbook = 'xlsx' | 'xls' | 'ods';

const WHAT: Record<Workbook, string> = {
  xlsx: 'an Excel .xlsx workbook',
  xls: 'an old Excel .xls workbook',
  ods: 'an OpenDocument .ods spreadsheet',
};

/** The one message for a workbook, however it was found. */
export function workbookMessage(label: string, kind: Workbook): string {
  return (
    `${label}: not a text roster: it is a spreadsheet workbook (${WHAT[kind]}), not CSV text; ` +
    'open it in Excel (or LibreOffice Calc) and use File > Save As > "CSV UTF-8 (Comma delimited)", ' +
    'then give that file'
  );
}

/** OLE2 compound file: .xls (also .doc, .msg: an .xls is far the likelier in a roster's place). */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const ODS = 'application/vnd.oasis.opendocument.spreadsheet';

/**
 * By the first bytes read. xlsx and ods are zips: their local headers, which carry entry names
 * in plain text, are at the start; an xlsx has `[Content_Types].xml` and `xl/` entries, an ods
 * a stored `mimetype` entry (first, by the OpenDocument spec) holding its media type.
 */
export function workbookByContent(head: Buffer): Workbook | null {
  if (OLE2.every((b, i) => head[i] === b)) return 'xls';
  if (!ZIP.every((b, i) => head[i] === b)) return null;
  if (head.includes('mimetype') && head.includes(ODS)) return 'ods';
  if (head.includes('[Content_Types].xml') && head.includes('xl/')) return 'xlsx';
  return null;
}

/** By a zip's entry names: a workbook renamed .zip. */
export function workbookByEntries(names: readonly string[]): Workbook | null {
  if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/'))) return 'xlsx';
  if (names.includes('mimetype') && names.includes('content.xml') && !names.includes('word/document.xml')) return 'ods';
  return null;
}

const BY_EXTENSION: Record<string, Workbook> = {
  '.xlsx': 'xlsx',
  '.xlsm': 'xlsx',
  '.xlsb': 'xlsx',
  '.xls': 'xls',
  '.ods': 'ods',
};

/** By a lower-case extension (with its dot). */
export function workbookByExtension(ext: string): Workbook | null {
  return BY_EXTENSION[ext] ?? null;
}
