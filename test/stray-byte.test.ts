import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateRows } from './roster-generator.js';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { activeCounts, DATABASES, freshOrg, query } from './db-helpers.js';
import { checkRoster, RosterCheck } from '../src/checks/roster-check.js';
import { runReader } from '../src/read/reader.js';
import { readRoster } from '../src/read/read.js';
import { cli, csv, HEADER, ROOT, row, tmp, TODAY, writeTmp } from './helpers.js';
import { makeZip } from './zips.js';

/**
 * One Windows-1252 byte (an en dash pasted from Word, 0x96) in an otherwise UTF-8 file is an
 * error on its cell; it never turns the whole file into Windows-1252 (Peña → PeÃ±a).
 */

const MARK = '<96>';
/** UTF-8 text with each <XX> replaced by the single byte 0xXX. */
function withStrayByte(text: string): Buffer {
  const parts = text.split(/<([0-9A-F]{2})>/);
  return Buffer.concat(parts.map((part, i) => (i % 2 === 1 ? Buffer.of(parseInt(part, 16)) : Buffer.from(part))));
}
/** The same text as Windows-1252 throughout (what Excel's plain "CSV" writes on Windows). */
function windows1252(text: string): Buffer {
  return Buffer.from(text.split(MARK).join('\x96').replace(/–/g, '\x96'), 'latin1');
}

const accented = [
  row({ 'Student ID': '1', 'Last Name': 'Peña', 'First Name': 'Sofía' }),
  row({ 'Student ID': '2', 'Last Name': 'Muñoz', 'First Name': 'José' }),
];
const pasted = row({
  'Student ID': '3',
  'Last Name': 'Smith',
  'Class Name': `Math ${MARK} Science`,
  'Class Code': 'M1',
});

interface Issue {
  code: string;
  row: number | null;
  column: string | null;
  file: string | null;
  value: string | null;
  message: string;
}
function validate(args: string[], input?: Buffer) {
  const r = cli(['validate', ...args, '--format', 'json'], { input });
  return { code: r.code, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : null };
}
const where = (issues: Issue[]) => issues.map((i) => [i.code, i.row, i.column]);

describe('a stray byte in a UTF-8 file', () => {
  it.each([
    ['after the UTF-8 accents', csv(...accented, pasted), 4],
    ['before any UTF-8 accent (the file starts in plain ASCII)', csv(pasted, ...accented), 2],
  ])('%s: an error on its row and column, the rest read as UTF-8 (file and standard input)', (_when, text, at) => {
    const bytes = withStrayByte(text);
    for (const { code, report, stderr } of [validate([writeTmp('mixed.csv', bytes)]), validate(['-'], bytes)]) {
      expect(stderr).toBe('');
      expect(code).toBe(1);
      expect(report.summary.encoding).toBe('utf-8');
      expect(where(report.issues)).toEqual([['invalid-utf8', at, 'Class Name']]);
      const [issue] = report.issues as Issue[];
      expect(issue.message).toContain('byte 0x96 is not UTF-8 (in Windows-1252 it is an en dash "–")');
      expect(issue.message).toContain('save the file as CSV UTF-8');
      expect(issue.value).toBe('Math \ufffd Science');
    }
  });

  it('a UTF-8 byte-order mark or --encoding utf-8: the same finding, not a refusal of the whole file', () => {
    const bytes = withStrayByte(csv(...accented, pasted));
    const bom = validate([writeTmp('bom.csv', Buffer.concat([Buffer.of(0xef, 0xbb, 0xbf), bytes]))]);
    const flag = validate([writeTmp('flag.csv', bytes), '--encoding', 'utf-8']);
    for (const { code, report } of [bom, flag]) {
      expect(code).toBe(1);
      expect(where(report.issues)).toEqual([['invalid-utf8', 4, 'Class Name']]);
    }
  });

  it('several stray bytes in one cell are named together; one in the header and one in an ignored column too', () => {
    const text = [
      `${HEADER},Notes<A0>`,
      ...accented.map((r) => `${r},ok`),
      `${row({ 'Student ID': '3', 'Last Name': 'Pe<F1><96>a' })},ok`,
      `${row({ 'Student ID': '4' })},x<92>s`,
    ].join('\r\n');
    const { report } = validate([writeTmp('several.csv', withStrayByte(`${text}\r\n`))]);
    const issues = (report.issues as Issue[]).filter((i) => i.code === 'invalid-utf8');
    expect(where(issues)).toEqual([
      ['invalid-utf8', 1, null],
      ['invalid-utf8', 4, 'Last Name'],
      ['invalid-utf8', 5, null],
    ]);
    const notes = FIELD_NAMES.length + 1;
    expect(issues[0].message).toContain(
      `In the header, column ${notes}: "Notes\ufffd": byte 0xA0 is not UTF-8 (in Windows-1252 it is a no-break space)`,
    );
    expect(issues[1].message).toContain('bytes 0xF1, 0x96 are not UTF-8 (in Windows-1252: "ñ", an en dash "–")');
    expect(issues[1].message).toContain('retype these characters');
    expect(issues[2].message).toContain(
      `In column ${notes} ("Notes\ufffd"): "x\ufffds": byte 0x92 is not UTF-8 ` +
        '(in Windows-1252 it is a right quote (apostrophe) "’")',
    );
  });

  it('checkRoster given bytes (the in-memory core) reports the stray byte the same way', () => {
    const { report } = checkRoster(withStrayByte(csv(...accented, pasted)), { today: TODAY });
    expect(report.issues.map((i) => [i.code, i.row, i.column])).toEqual([['invalid-utf8', 4, 'Class Name']]);
  });

  it('a file with no UTF-8 character at all is still Windows-1252 throughout, with its warning and accents', () => {
    const text = csv(...accented, pasted, row({ 'Student ID': '4', Gender: 'é' }));
    const bytes = windows1252(text);
    for (const { report } of [validate([writeTmp('cp1252.csv', bytes)]), validate(['-'], bytes)]) {
      expect(report.summary.encoding).toBe('windows-1252');
      const found = (report.issues as Issue[]).map((i) => [i.code, i.value]);
      expect(found).toEqual([
        ['encoding-fallback', null],
        ['invalid-value', 'é'],
      ]);
    }
  });

  it('in a zip, each entry is decided on its own', async () => {
    const zip = await makeZip([
      ['north.csv', csv(...accented)],
      ['south.csv', withStrayByte(csv(row({ 'Student ID': '7', 'Last Name': 'Núñez' }), pasted))],
      ['west.csv', windows1252(csv(row({ 'Student ID': '8', 'Last Name': 'Ibáñez', Gender: 'é' }), pasted))],
    ]);
    const { report } = validate([writeTmp('district.zip', zip)]);
    expect((report.issues as Issue[]).map((i) => [i.file, i.code, i.row, i.value])).toEqual([
      ['south.csv', 'invalid-utf8', 3, 'Math \ufffd Science'],
      ['west.csv', 'encoding-fallback', null, null],
      ['west.csv', 'invalid-value', 2, 'é'],
    ]);
  });
});

/** Generated rows and a pasted en dash on row `at`; `lateAccent`: the only UTF-8 accent is on the last row. */
function big(at: number, lateAccent: boolean): string {
  const lines = [...generateRows({ students: 12_000, classesPerStudent: 5, seed: 11 })].map((l) =>
    lateAccent ? l.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : l,
  );
  if (lateAccent) lines.push(`${row({ 'Student ID': '99999999', 'Last Name': 'Peña' })}\r\n`);
  lines[at - 1] = lines[at - 1].replace(/^([^,]*),/, `$1 ${MARK},`);
  const path = join(tmp(), 'big-stray.csv');
  writeFileSync(path, withStrayByte(lines.join('')));
  return path;
}

describe('a stray byte in a file read on two threads (over 8 MB)', () => {
  it.each([
    ['after UTF-8 accents', 40_000, false],
    ['first, with the only UTF-8 accent megabytes later', 100, true],
  ])('%s: the same finding with --threads 1 and --threads 2', (_when, at, lateAccent) => {
    const path = big(at, lateAccent);
    expect(statSync(path).size).toBeGreaterThan(8 * 1024 * 1024);
    const one = validate([path, '--threads', '1']);
    const two = validate([path, '--threads', '2']);
    expect(two.stderr).toBe('');
    expect(two.report).toEqual(one.report);
    expect(one.report.summary.encoding).toBe('utf-8');
    expect(where(one.report.issues)).toEqual([['invalid-utf8', at, 'Site Name']]);
  });
});

describe("past the decoder's hold limit (64 MiB; here 4 KiB)", () => {
  // Over 2 MB: the stray byte and the first UTF-8 character come in different reads (1 MiB; 64 KiB on a pipe).
  const filler = Array.from({ length: 12_000 }, (_, i) => row({ 'Student ID': String(100 + i) }));
  const text = csv(pasted, ...filler, ...accented, row({ 'Student ID': '9', Gender: 'é' }));
  const last = filler.length + 5;

  it('a file is scanned to its end and read again: UTF-8 with its stray byte, or Windows-1252', async () => {
    const opts = { threads: 1, holdLimit: 4096, today: TODAY };
    const mixed = await readRoster(writeTmp('late.csv', withStrayByte(text)), opts);
    expect(mixed.report.summary.encoding).toBe('utf-8');
    const found = (r: typeof mixed) => r.report.issues.map((i) => [i.code, i.row, i.value]);
    expect(found(mixed)).toEqual([
      ['invalid-utf8', 2, 'Math \ufffd Science'],
      ['invalid-value', last, 'é'],
    ]);
    const cp1252 = await readRoster(writeTmp('late1252.csv', windows1252(text)), opts);
    expect(cp1252.report.summary.encoding).toBe('windows-1252');
    expect(found(cp1252)).toEqual([
      ['encoding-fallback', null, null],
      ['invalid-value', last, 'é'],
    ]);
  });

  it('the file is read twice only past the limit', async () => {
    const path = writeTmp('twice.csv', withStrayByte(text));
    const reads = async (holdLimit: number) => {
      let n = 0;
      await runReader(path, { holdLimit }, () => (n++, new RosterCheck({ today: TODAY }).stage));
      return n;
    };
    expect([await reads(4096), await reads(8 << 20)]).toEqual([2, 1]);
  });

  it('on two threads the reading thread starts over, and the building thread with it', () => {
    const path = big(100, true);
    // A script file, not --eval: the reading thread would inherit --input-type and refuse to start.
    const read = JSON.stringify(join(ROOT, 'dist', 'read', 'read.js'));
    const opts = `{ threads, holdLimit: 4096, today: ${TODAY} }`;
    const script = writeTmp(
      'two-threads.mjs',
      `import { readRoster } from ${read};` +
        `for (const threads of [1, 2]) {` +
        `  console.log(JSON.stringify((await readRoster(${JSON.stringify(path)}, ${opts})).report));` +
        '}',
    );
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const [one, two] = r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(two).toEqual(one);
    expect(where(one.issues)).toEqual([['invalid-utf8', 100, 'Site Name']]);
  });

  it('standard input is refused with the byte offset, not guessed', () => {
    const script =
      "import { readRoster } from './dist/read/read.js';" +
      'readRoster("-", { holdLimit: 4096 }).then(() => console.log("read"), (e) => console.log(e.code, e.message));';
    const input = withStrayByte(text);
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      input,
      encoding: 'utf8',
    });
    const at = input.indexOf(0x96).toLocaleString('en-US');
    expect(r.stdout.trim()).toBe(
      `bad-encoding standard input: byte ${at} is not UTF-8 ` +
        'and no UTF-8 character came in the next 4,096 bytes, so UTF-8 with a stray byte cannot be told from ' +
        "Windows-1252 without reading it twice: give the file's path instead of -, or pass --encoding",
    );
  });
});

describe.each(DATABASES)('apply on %s', (_name, makeUrl) => {
  const lastNames = (url: string, org: string) =>
    query(url, (k) => k('dessa_students').where({ org }).orderBy('student_id').pluck('last_name'));

  it('a stray byte: refused, nothing written; the file in Windows-1252 loads with its accents', async () => {
    const url = makeUrl();
    const org = freshOrg();
    expect(cli(['apply', writeTmp('first.csv', csv(...accented)), '--org', org, '--db', url]).code).toBe(0);
    const before = await activeCounts(url, org);
    expect(await lastNames(url, org)).toEqual(['Peña', 'Muñoz']);

    const mixedPath = writeTmp('mixed.csv', withStrayByte(csv(...accented, pasted)));
    const diff = cli(['diff', mixedPath, '--org', org, '--db', url]);
    expect(diff.code).toBe(1);
    expect(diff.stderr).toContain('nothing compared or written');
    const mixed = cli(['apply', mixedPath, '--org', org, '--db', url, '--force']);
    expect(mixed.code).toBe(1);
    expect(mixed.stdout).toContain('row 4, Class Name');
    expect(mixed.stderr).toContain('nothing compared or written');
    expect(await activeCounts(url, org)).toEqual(before);
    expect(await lastNames(url, org)).toEqual(['Peña', 'Muñoz']);

    const cp1252Path = writeTmp('cp1252.csv', windows1252(csv(...accented, pasted)));
    const cp1252 = cli(['apply', cp1252Path, '--org', org, '--db', url, '--format', 'json']);
    expect(cp1252.code).toBe(0);
    expect(JSON.parse(cp1252.stdout).summary.students).toMatchObject({ create: 1, update: 0 });
    expect(await lastNames(url, org)).toEqual(['Peña', 'Muñoz', 'Smith']);
    const classes = await query(url, (k) => k('dessa_classes').where({ org }).pluck('class_name'));
    expect(classes).toContain('Math – Science');
  });
});
