import { describe, expect, it } from 'vitest';
import { cli, csv, row, writeTmp } from './helpers.js';
import { makeZip } from './zips.js';

/**
 * A spreadsheet workbook given as a roster (an .xlsx renamed .csv, or given as it is) is named
 * as a workbook with the advice to save it as CSV UTF-8, not "rename it to .zip".
 */

/** A minimal real .xlsx: the parts Excel writes first, in its order. */
function xlsx(): Promise<Buffer> {
  const ns = 'http://schemas.openxmlformats.org';
  const ct =
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types">` +
    '<Override PartName="/xl/workbook.xml" ' +
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>';
  return makeZip([
    ['[Content_Types].xml', ct],
    ['_rels/.rels', `<?xml version="1.0"?><Relationships xmlns="${ns}/package/2006/relationships"/>`],
    ['xl/workbook.xml', `<?xml version="1.0"?><workbook xmlns="${ns}/spreadsheetml/2006/main"><sheets/></workbook>`],
    ['xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet><sheetData>${csv(row())}</sheetData></worksheet>`],
  ]);
}

/** A minimal .ods: its `mimetype` entry first and stored, as the OpenDocument spec requires. */
function ods(): Promise<Buffer> {
  return makeZip([
    ['mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compress: false }],
    ['content.xml', '<?xml version="1.0"?><office:document-content/>'],
    ['META-INF/manifest.xml', '<?xml version="1.0"?><manifest:manifest/>'],
  ]);
}

/** An OLE2 compound file header (what an .xls starts with), then an empty sector. */
const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(1016)]);

const BOOKS: [string, () => Promise<Buffer>, string][] = [
  ['xlsx', xlsx, 'an Excel .xlsx workbook'],
  ['ods', ods, 'an OpenDocument .ods spreadsheet'],
  ['xls', async () => xls, 'an old Excel .xls workbook'],
];

function expectWorkbook(r: { code: number | null; stderr: string }, label: string, what: string, code = 'not-text') {
  expect(r.code).toBe(2);
  expect(r.stderr.trim()).toBe(
    `dessa-roster: [${code}] ${label}: not a text roster: it is a spreadsheet workbook (${what}), not CSV text; ` +
      'open it in Excel (or LibreOffice Calc) and use File > Save As > "CSV UTF-8 (Comma delimited)", ' +
      'then give that file',
  );
}

describe.each(BOOKS)('a %s workbook', (kind, make, what) => {
  it.each(['.csv', '.txt', '.tsv'])(`named %s is identified by its content`, async (ext) => {
    const path = writeTmp(`roster${ext}`, await make());
    expectWorkbook(cli(['validate', path]), path, what);
  });

  it('on standard input is identified by its content', async () => {
    expectWorkbook(cli(['validate', '-'], { input: await make() }), 'standard input', what);
  });

  it(`given as .${kind} gets the same advice`, async () => {
    const path = writeTmp(`roster.${kind}`, await make());
    expectWorkbook(cli(['validate', path]), path, what, 'unsupported-format');
  });

  it('inside a zip as roster.csv is named by its entry', async () => {
    const path = writeTmp('district.zip', await makeZip([['roster.csv', await make()]]));
    expectWorkbook(cli(['validate', path]), 'roster.csv', what);
  });

  it('inside a zip with its own extension: the zip has no roster, and says why', async () => {
    const path = writeTmp('district.zip', await makeZip([[`roster.${kind}`, await make()]]));
    expectWorkbook(cli(['validate', path]), `${path}: roster.${kind}`, what, 'zip-no-roster');
  });
});

const ZIPPED = BOOKS.filter(([kind]) => kind !== 'xls');
describe.each(ZIPPED)('a %s workbook renamed .zip (the advice once given)', (_kind, make, what) => {
  it('is identified by its entries', async () => {
    const path = writeTmp('roster.zip', await make());
    expectWorkbook(cli(['validate', path]), path, what);
  });
});

describe('what is not a workbook', () => {
  it('a zip of CSV files named .csv is still a zip to rename', async () => {
    const r = cli(['validate', writeTmp('x.csv', await makeZip([['a.csv', csv(row())]]))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a zip archive (rename it to .zip)');
  });

  it('a CSV whose text mentions xl/ and [Content_Types].xml is read as CSV', () => {
    const r = cli(['validate', writeTmp('ok.csv', csv(row({ 'Class Name': 'xl/[Content_Types].xml' })))]);
    expect(r.code).toBe(0);
  });
});
