import { linkSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../src/input/csv.js';
import { cli, csv, HEADER, row, tmp, writeTmp } from './helpers.js';
import { makeZip } from './zips.js';

const json = (args: string[]) => {
  const r = cli([...args, '--format', 'json']);
  return { ...r, doc: JSON.parse(r.stdout) };
};

describe('fix on the command line', () => {
  it('exits 0 for a valid copy, 1 when errors remain, 2 for unreadable input or misuse; JSON on every path', () => {
    const dir = tmp();
    const out = join(dir, 'fixed.csv');
    const ok = json(['fix', writeTmp('a.csv', csv(row({ Gender: 'f' }))), '--output', out]);
    expect([ok.code, ok.doc.report.valid, ok.doc.summary.changed]).toEqual([0, true, 1]);
    const bad = json(['fix', writeTmp('b.csv', csv(row({ DOB: '13/04/2015' }))), '--output', out]);
    expect([bad.code, bad.doc.report.valid, bad.doc.output]).toEqual([1, false, out]);
    expect(bad.doc.report.issues[0]).toMatchObject({ code: 'invalid-date-format', row: 2, column: 'DOB' });
    for (const [args, code] of [
      [['fix', join(dir, 'missing.csv'), '--output', out], 'file-not-found'],
      [['fix', writeTmp('c.csv', csv(row())), '--output', join(dir, 'x.txt')], 'usage'],
      [['fix', '-', '--output', out], 'usage'],
      [['fix', writeTmp('d.csv', csv(row())), '--output', out, '--threads', '3'], 'usage'],
      [['fix', writeTmp('e.csv', csv(row()))], 'usage'],
      [['fix', writeTmp('f.bin', csv(row())), '--output', out], 'unsupported-format'],
    ] as const) {
      const r = json([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.doc.error.code, args.join(' ')).toBe(code);
    }
  });

  it('refuses to write over its input, however the path is spelt, and leaves the input as it was', () => {
    const input = writeTmp('roster.csv', csv(row({ Gender: 'f' })));
    const dir = dirname(input);
    const before = readFileSync(input);
    const link = join(dir, 'link.csv');
    symlinkSync(input, link);
    const hard = join(dir, 'hard.csv');
    linkSync(input, hard);
    mkdirSync(join(dir, 'sub'));
    for (const output of [input, link, hard, join(dir, 'sub', '..', basename(input)), `${dir}//./roster.csv`]) {
      const r = cli(['fix', input, '--output', output]);
      expect(r.code, output).toBe(2);
      expect(r.stderr).toContain('[usage]');
      expect(r.stderr).toContain('is the input file');
    }
    expect(cli(['fix', link, '--output', input]).code).toBe(2);
    expect(cli(['fix', input, '--output', join(dir, 'ok.csv'), '--changes', link]).code).toBe(2);
    expect(readFileSync(input)).toEqual(before);
  });

  it('leaves no file behind when the copy cannot be written', () => {
    const dir = tmp();
    const input = writeTmp('roster.csv', csv(row()));
    const missing = cli(['fix', input, '--output', join(dir, 'no', 'such', 'fixed.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[write-failed]');
    // A folder where the copy should go: everything is written, and the last step fails.
    mkdirSync(join(dir, 'taken.csv'));
    const taken = cli(['fix', input, '--output', join(dir, 'taken.csv'), '--changes', join(dir, 'changes.csv')]);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('[write-failed]');
    expect(readdirSync(dir)).toEqual(['taken.csv']);
    expect(statSync(join(dir, 'taken.csv')).isDirectory()).toBe(true);
  });

  it('reads a zip of UTF-16 text as validate does and writes UTF-8', async () => {
    const text = csv(
      row({ 'Last Name': ' Müller ', Gender: 'Male' }),
      row({ 'Student ID': '1002', 'First Name': 'Zoë' }),
    );
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/,/g, '\t'), 'utf16le')]);
    const zip = writeTmp('export.zip', await makeZip([['roster.txt', utf16]]));
    const out = join(tmp(), 'fixed.csv');
    const r = json(['fix', zip, '--output', out]);
    expect(r.code).toBe(0);
    expect(r.doc.summary).toMatchObject({ encoding: 'utf-16le', delimiter: 'tab', changed: 2 });
    expect(r.doc.changes.map((c: { file: string; column: string }) => [c.file, c.column])).toEqual([
      ['roster.txt', 'Last Name'],
      ['roster.txt', 'Gender'],
    ]);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, 3)).not.toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsvText(bytes.toString('utf8'));
    expect(rows[0].join(',')).toBe(HEADER);
    expect(rows[1][5]).toBe('Müller');
    expect(rows[2][6]).toBe('Zoë');
  });

  it('writes the entries of a zip one after another, and drops a row one entry repeats from another', async () => {
    const a = csv(row(), row({ 'Student ID': '1002', Gender: 'Male' }));
    const b = csv(row({ 'Site Name': ' Lincoln Elementary ' }), row({ 'Student ID': '1003', 'Class Code': 'MA3' }));
    const zip = writeTmp(
      'two.zip',
      await makeZip([
        ['a.csv', a],
        ['b.csv', b],
      ]),
    );
    const dir = tmp();
    const r = json(['fix', zip, '--output', join(dir, 'fixed.csv'), '--changes', join(dir, 'changes.csv')]);
    expect(r.code).toBe(0);
    expect(r.doc.dropped).toEqual([
      { file: 'b.csv', row: 2, reason: 'duplicate-row', sameAs: { file: 'a.csv', row: 2 } },
    ]);
    expect(r.doc.changes).toEqual([
      { file: 'a.csv', row: 3, outputRow: 3, column: 'Gender', before: 'Male', after: 'M', rule: 'enum-word' },
    ]);
    const copy = parseCsvText(readFileSync(join(dir, 'fixed.csv'), 'utf8'));
    expect(copy.map((c) => c[4])).toEqual(['Student ID', '1001', '1002', '1003']);
    const log = parseCsvText(readFileSync(join(dir, 'changes.csv'), 'utf8').slice(1));
    expect(log.slice(1)).toEqual([
      ['a.csv', '3', '3', 'Gender', 'Male', 'M', 'enum-word', '', ''],
      ['b.csv', '2', '', '', '', '', 'duplicate-row', 'a.csv', '2'],
    ]);
  });

  it('writes column names from --map under their spec names', () => {
    const dir = tmp();
    const map = join(dir, 'map.json');
    writeFileSync(map, JSON.stringify({ 'Pupil Number': 'Student ID', Comments: null }));
    const header = `${HEADER.replace('Student ID', 'Pupil Number')},Comments`;
    const input = writeTmp('sis.csv', `${header}\r\n${row()},hello\r\n`);
    const r = json(['fix', input, '--output', join(dir, 'fixed.csv'), '--map', map]);
    expect(r.code).toBe(0);
    expect(r.doc.header).toEqual([
      { file: null, position: 5, header: 'Pupil Number', field: 'Student ID', rule: 'mapped-column' },
      { file: null, position: 31, header: 'Comments', field: null, rule: 'column-dropped' },
    ]);
    expect(readFileSync(join(dir, 'fixed.csv'), 'utf8')).toBe(csv(row()));
  });

  it('writes a change log that a spreadsheet never runs as a formula', () => {
    const dir = tmp();
    const input = writeTmp(
      'r.csv',
      csv(row({ 'Last Name': ' =HYPERLINK("http://x.example")', 'First Name': '@SUM(1) ' })),
    );
    const r = cli(['fix', input, '--output', join(dir, 'fixed.csv'), '--changes', join(dir, 'changes.csv')]);
    expect(r.code).toBe(0);
    const log = readFileSync(join(dir, 'changes.csv'), 'utf8');
    expect(log.startsWith('\uFEFF')).toBe(true);
    const lines = parseCsvText(log.slice(1)).slice(1);
    expect(lines.map((l) => l[5])).toEqual(['\'=HYPERLINK("http://x.example")', "'@SUM(1)"]);
    for (const cell of lines.flat()) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    // The copy holds the values themselves: it is data, not a report.
    const copy = parseCsvText(readFileSync(join(dir, 'fixed.csv'), 'utf8'));
    expect([copy[1][5], copy[1][6]]).toEqual(['=HYPERLINK("http://x.example")', '@SUM(1)']);
  });

  it('reports what remains exactly as validate reports the corrected copy', () => {
    const dir = tmp();
    const input = writeTmp('r.csv', csv(row({ DOB: '13/04/2015', Gender: 'Male' }), row({ 'First Name': 'Lan' })));
    const output = join(dir, 'fixed.csv');
    const fixed = json(['fix', input, '--output', output]);
    const validated = json(['validate', output]);
    expect(fixed.code).toBe(1);
    expect(validated.code).toBe(1);
    expect(fixed.doc.report).toEqual(validated.doc);
  });

  it('prints the changes per rule and per column, then what remains as validate reports it', () => {
    const dir = tmp();
    const input = writeTmp('r.csv', csv(row({ Gender: 'f', DOB: '13/04/2015' }), '', row({ 'Class Code': 'M' })));
    const r = cli(['fix', input, '--output', join(dir, 'fixed.csv')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Changes by rule\n {2}enum-case +1 /);
    expect(r.stdout).toMatch(/Changes by column\n {2}Gender +1\n/);
    expect(r.stdout).toMatch(/Dropped rows\n {2}blank-row +1\n/);
    expect(r.stdout).toContain(`✗ ${join(dir, 'fixed.csv')}: invalid`);
    expect(r.stdout).toContain('row 2, DOB: "13/04/2015" is not mm/dd/yyyy (it looks day-first, dd/mm/yyyy)');
  });
});
