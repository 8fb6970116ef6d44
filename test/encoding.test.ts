import { describe, expect, it } from 'vitest';
import { Undecided, utf8Chunks, type DecodeOptions, type Decoding } from '../src/input/decode.js';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { cli, csv, row, writeTmp } from './helpers.js';

const accented = csv(row({ 'Last Name': 'Peña', 'First Name': 'Sofía', Gender: 'é' }));

interface Where {
  code: string;
  row: number;
  column: string;
}

function json(args: string[]) {
  const r = cli(['validate', ...args, '--format', 'json']);
  return { code: r.code, stderr: r.stderr, report: r.stdout ? JSON.parse(r.stdout) : null };
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

describe('encodings', () => {
  it('UTF-8 with a BOM: the first header still matches', () => {
    const { code, report } = json([
      writeTmp('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(accented)])),
    ]);
    expect(code).toBe(1);
    expect(report.summary.encoding).toBe('utf-8');
    expect(report.issues.map((i: { code: string; value: string }) => [i.code, i.value])).toEqual([
      ['invalid-value', 'é'],
    ]);
  });

  it("Excel's Unicode Text: UTF-16LE with BOM, tab-separated, in a .txt", () => {
    const text = accented.replace(/,/g, '\t');
    const { report } = json([
      writeTmp('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])),
    ]);
    expect(report.summary).toMatchObject({ encoding: 'utf-16le', delimiter: 'tab', rows: 1, students: 1 });
    expect(report.issues[0].value).toBe('é');
  });

  it.each([
    ['a lone surrogate', (b: Buffer) => Buffer.concat([b.subarray(0, 40), Buffer.from([0x00, 0xd8]), b.subarray(40)])],
    ['an odd last byte', (b: Buffer) => Buffer.concat([b, Buffer.from([0x41])])],
  ])('UTF-16 holding %s is refused, not read with a replacement character', (_what, damage) => {
    const bytes = damage(
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(accented.replace(/,/g, '\t'), 'utf16le')]),
    );
    const r = cli(['validate', writeTmp('bad16.txt', bytes)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[bad-encoding\] .*bad16\.txt is not valid utf-16le/);
  });

  it('UTF-16BE with BOM', () => {
    const { report } = json([writeTmp('be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(accented)]))]);
    expect(report.summary).toMatchObject({ encoding: 'utf-16be', rows: 1 });
    expect(report.issues[0].value).toBe('é');
  });

  it('bytes that are not UTF-8 are read as Windows-1252, with a warning naming it', () => {
    const bytes = Buffer.from(accented, 'latin1');
    const { report } = json([writeTmp('cp1252.csv', bytes)]);
    expect(report.summary.encoding).toBe('windows-1252');
    expect(report.issues.map((i: { code: string; value: string | null }) => [i.code, i.value])).toEqual([
      ['encoding-fallback', null],
      ['invalid-value', 'é'],
    ]);
    expect(report.issues[0].message).toContain('windows-1252');
  });

  it('Windows-1252 found late in a large file still reads every row from the start', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row({ 'Student ID': String(i), 'Class Code': `C${i % 7}` }));
    rows.push(row({ 'Student ID': 'x', 'Last Name': 'Muñoz', 'Class Code': 'C1' }));
    const { report } = json([writeTmp('late.csv', Buffer.from(csv(...rows), 'latin1'))]);
    expect(report.summary).toMatchObject({ encoding: 'windows-1252', rows: 20_001, students: 20_001 });
  });

  it('--encoding overrides detection', () => {
    const { report } = json([writeTmp('forced.csv', Buffer.from(accented, 'latin1')), '--encoding', 'windows-1252']);
    expect(report.issues.map((i: { code: string }) => i.code)).toEqual(['invalid-value']);
  });

  it('standard input in Windows-1252 after an ASCII start goes on as Windows-1252 (it cannot be read twice)', () => {
    const r = cli(['validate', '-', '--format', 'json'], { input: Buffer.from(accented, 'latin1') });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.encoding).toBe('windows-1252');
    expect(report.issues.map((i: { code: string; value: string | null }) => [i.code, i.value])).toEqual([
      ['encoding-fallback', null],
      ['invalid-value', 'é'],
    ]);
  });

  it("standard input mixing UTF-8 and Windows-1252 bytes far apart: an error on the stray byte's row", () => {
    // Far enough apart to arrive in different reads (a pipe holds 64 KiB).
    const ascii = Array.from({ length: 3000 }, (_, i) => row({ 'Student ID': String(i + 5000) }));
    const mixed = Buffer.concat([
      Buffer.from(csv(row({ 'Last Name': 'Peña' }), ...ascii), 'utf8'),
      Buffer.from(`${row({ 'Student ID': '2', 'Last Name': 'Muñoz' })}\r\n`, 'latin1'),
    ]);
    const r = cli(['validate', '-', '--format', 'json'], { input: mixed });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.encoding).toBe('utf-8');
    expect(report.issues.map((i: Where) => [i.code, i.row, i.column])).toEqual([['invalid-utf8', 3003, 'Last Name']]);
  });

  it.each([
    ['--encoding utf-8', (b: Buffer) => b, ['--encoding', 'utf-8']],
    ['a UTF-8 byte-order mark', (b: Buffer) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]), []],
  ])('%s on bytes that are not UTF-8: each is an error on its cell, never a guess', (_why, wrap, flags) => {
    const path = writeTmp('declared8.csv', wrap(Buffer.from(accented, 'latin1')));
    const r = cli(['validate', path, ...flags, '--format', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary.encoding).toBe('utf-8');
    expect(report.issues.map((i: Where) => [i.code, i.row, i.column])).toEqual([
      ['invalid-utf8', 2, 'Last Name'],
      ['invalid-utf8', 2, 'First Name'],
      ['invalid-utf8', 2, 'Gender'],
    ]);
    expect(report.issues[0].message).toContain('byte 0xF1 is not UTF-8 (in Windows-1252 it is "ñ")');
  });
});

describe('UTF-8 read in chunks', () => {
  async function collect(chunks: Buffer[], opts: DecodeOptions = {}) {
    const decoding: Decoding = { encoding: 'utf-8', switched: false, declared: null, strayBytes: false };
    const out: Buffer[] = [];
    for await (const c of utf8Chunks(
      (async function* () {
        yield* chunks;
      })(),
      decoding,
      opts,
    ))
      out.push(c);
    return { text: Buffer.concat(out).toString('utf8'), bytes: Buffer.concat(out), decoding };
  }

  it('a character cut between two chunks is checked whole: no false alarm, no switch', async () => {
    const bytes = Buffer.from('Peña 😀 Zoë\n', 'utf8');
    for (let cut = 1; cut < bytes.length; cut++) {
      const { text, decoding } = await collect([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(text).toBe('Peña 😀 Zoë\n');
      expect(decoding).toMatchObject({ encoding: 'utf-8', switched: false, strayBytes: false });
    }
  });

  it('an ASCII start then Windows-1252 bytes and no UTF-8 character: all of it is Windows-1252', async () => {
    const cp1252 = (t: string) => Buffer.from(t, 'latin1');
    const chunks = [Buffer.from('abc\n'), cp1252('Pe\xf1a \x93q\x94\n'), cp1252('x \x96 y\n')];
    const { text, decoding } = await collect(chunks);
    expect(text).toBe('abc\nPeña “q”\nx – y\n');
    expect(decoding).toMatchObject({ encoding: 'windows-1252', switched: true, strayBytes: false });
  });

  it('a stray byte before a UTF-8 character in a later chunk: UTF-8, the byte passed through and flagged', async () => {
    const chunks = [
      Buffer.from('abc\n'),
      Buffer.from('x \x96 y\n', 'latin1'),
      Buffer.from('more\n'),
      Buffer.from('Peña\n'),
    ];
    const { bytes, decoding } = await collect(chunks);
    expect(bytes).toEqual(Buffer.concat(chunks));
    expect(decoding).toMatchObject({ encoding: 'utf-8', switched: false, strayBytes: true });
  });

  it('a character left unfinished at the very end is a stray byte of UTF-8 text', async () => {
    const { bytes, decoding } = await collect([Buffer.from('abc é', 'utf8'), Buffer.from([0xc3])]);
    expect(bytes).toEqual(Buffer.concat([Buffer.from('abc é', 'utf8'), Buffer.from([0xc3])]));
    expect(decoding.strayBytes).toBe(true);
  });

  it('surrogates and overlong forms are not UTF-8 characters (a text holding only them is Windows-1252)', async () => {
    const notUtf8 = [0x41, 0xed, 0xa0, 0x80, 0xc0, 0xaf, 0xe0, 0x80, 0xaf, 0xf4, 0x90, 0x80, 0x80];
    const { decoding } = await collect([Buffer.from(notUtf8)]);
    expect(decoding).toMatchObject({ encoding: 'windows-1252', switched: true });
  });

  it('past the hold limit: a text that can be opened again is scanned to decide; stdin is refused', async () => {
    const stray = [Buffer.from('abc \x96\n', 'latin1'), Buffer.alloc(100, 0x61), Buffer.alloc(100, 0x62)];
    const utf8Later = [...stray, Buffer.from('Peña')];
    const reopenable = { reopenable: true, holdLimit: 150 };
    await expect(collect(stray, reopenable)).rejects.toMatchObject({ encoding: 'windows-1252' });
    await expect(collect(stray, { holdLimit: 150 })).rejects.toBeInstanceOf(Undecided);
    await expect(collect(stray, { holdLimit: 150 })).rejects.toMatchObject({ offset: 4, limit: 150 });
    await expect(collect(utf8Later, reopenable)).rejects.toMatchObject({ encoding: 'utf-8' });
    const held = await collect(utf8Later, { holdLimit: 1000 });
    expect(held.decoding).toMatchObject({ encoding: 'utf-8', strayBytes: true });
  });
});

describe('delimiters', () => {
  it.each([
    ['\t', 'tab'],
    [',', ','],
    ['|', '|'],
    [';', ';'],
  ])('.txt detects %j from the header', (d, name) => {
    const { report } = json([writeTmp('export.txt', accented.replace(/,/g, d))]);
    expect(report.summary).toMatchObject({ delimiter: name, rows: 1 });
  });

  it('--delimiter overrides the extension', () => {
    const { report } = json([writeTmp('semi.csv', accented.replace(/,/g, ';')), '--delimiter', 'semicolon']);
    expect(report.summary).toMatchObject({ delimiter: ';', rows: 1 });
  });

  it('extensions are matched in any case', () => {
    expect(json([writeTmp('UPPER.CSV', accented)]).report.summary.rows).toBe(1);
  });
});

describe('what is not a text roster', () => {
  it.each([
    [
      'an image renamed .csv',
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100)]),
      'PNG',
    ],
    [
      'NUL bytes',
      Buffer.concat([Buffer.from('Site Name,'), Buffer.from([0, 0, 0, 1, 2, 0]), Buffer.alloc(50)]),
      'binary',
    ],
    ['a zip named .csv', Buffer.from('PK\u0003\u0004rest'), 'zip'],
  ])('%s is refused after reading only its start', (_name, bytes, word) => {
    const r = cli(['validate', writeTmp('x.csv', bytes)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a text roster');
    expect(r.stderr).toContain(word);
  });

  it('an empty file is a clear error', () => {
    const r = cli(['validate', writeTmp('empty.csv', '')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('The file is empty');
  });

  it('a header of only spec names in another order is fine', () => {
    expect(json([writeTmp('h.csv', `${[...FIELD_NAMES].reverse().join(',')}\n`)]).report.issues[0].code).toBe(
      'no-data-rows',
    );
  });
});
