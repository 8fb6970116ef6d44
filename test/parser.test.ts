import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CsvFault, CsvParser, parseCsvText } from '../src/input/csv.js';
import { FIXTURES } from './helpers.js';

const SPECTRUM = join(FIXTURES, 'csv-spectrum');

function toObjects(rows: string[][]): Record<string, string>[] {
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

/** Feeds the bytes in pieces of `size`, to cross every chunk boundary. */
function parseInPieces(bytes: Buffer, size: number, delimiter = ','): string[][] {
  const out: string[][] = [];
  const p = new CsvParser(
    { delimiter },
    {
      record: (v) => out.push(Array.from({ length: v.count }, (_, i) => v.buf.toString('utf8', v.start[i], v.end[i]))),
    },
  );
  for (let i = 0; i < bytes.length; i += size) p.write(Buffer.from(bytes.subarray(i, i + size)));
  p.end();
  return out;
}

describe('csv-spectrum', () => {
  const cases = readdirSync(join(SPECTRUM, 'csvs'))
    .map((f) => f.replace(/\.csv$/, ''))
    .filter((n) => n !== 'location_coordinates');
  it.each(cases)('%s parses to its expected records, whole and byte by byte', (name) => {
    const bytes = readFileSync(join(SPECTRUM, 'csvs', `${name}.csv`));
    const expected = JSON.parse(readFileSync(join(SPECTRUM, 'json', `${name}.json`), 'utf8'));
    expect(toObjects(parseCsvText(bytes.toString('utf8')))).toEqual(expected);
    expect(toObjects(parseInPieces(bytes, 1))).toEqual(expected);
    expect(toObjects(parseInPieces(bytes, 3))).toEqual(expected);
  });

  it('location_coordinates (broken suite case): bare quotes kept as typed, stray quote reported', () => {
    const bytes = readFileSync(join(SPECTRUM, 'csvs', 'location_coordinates.csv'));
    const strays: number[] = [];
    const rows: string[][] = [];
    const p = new CsvParser(
      { delimiter: ',' },
      {
        record: (v) =>
          rows.push(Array.from({ length: v.count }, (_, i) => v.buf.toString('utf8', v.start[i], v.end[i]))),
        strayQuote: (r) => strays.push(r),
      },
    );
    p.write(bytes);
    p.end();
    expect(rows[1]).toHaveLength(4);
    expect(rows[1][1]).toBe(`37\uFFFD36'37.8"N 121\uFFFD2'17.9"W`);
    expect(strays).toEqual([2]);
  });
});

describe('parser structure', () => {
  it('counts rows in records, not lines: a quoted newline adds no row', () => {
    const rows: number[] = [];
    const p = new CsvParser({ delimiter: ',' }, { record: (_v, row) => rows.push(row) });
    p.write(Buffer.from('a,b\r\n"x\r\ny",1\r\nz,2\r\n'));
    p.end();
    expect(rows).toEqual([1, 2, 3]);
  });

  it.each([
    ['LF', 'a,b\n1,2\n'],
    ['CRLF', 'a,b\r\n1,2\r\n'],
    ['CR', 'a,b\r1,2\r'],
    ['no final newline', 'a,b\r\n1,2'],
  ])('line ends: %s', (_name, text) => {
    expect(parseCsvText(text)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseInPieces(Buffer.from(text), 1)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty cells and a trailing delimiter', () => {
    expect(parseCsvText('a,,c,\n')).toEqual([['a', '', 'c', '']]);
    expect(parseCsvText('a,,c,')).toEqual([['a', '', 'c', '']]);
  });

  it('uses the delimiter it is given', () => {
    expect(parseCsvText('a\tb,c\t"d\te"\n', '\t')).toEqual([['a', 'b,c', 'd\te']]);
    expect(parseCsvText('a|b\n', '|')).toEqual([['a', 'b']]);
  });

  it('an open quote fails naming the row where it opened', () => {
    const err = (() => {
      try {
        parseCsvText('a,b\n1,2\n3,"open\n4,5\n6,7\n');
      } catch (e) {
        return e;
      }
    })() as CsvFault;
    expect(err).toBeInstanceOf(CsvFault);
    expect(err.code).toBe('unclosed-quote');
    expect(err.row).toBe(3);
  });

  it('a field over the size cap fails at its row without reading on', () => {
    const p = new CsvParser({ delimiter: ',', maxField: 1000 }, { record: () => {} });
    p.write(Buffer.from('a,b\n1,2\n3,"'));
    let caught: CsvFault | undefined;
    try {
      for (let i = 0; i < 100; i++) p.write(Buffer.alloc(100, 120));
    } catch (e) {
      caught = e as CsvFault;
    }
    expect(caught?.code).toBe('field-too-large');
    expect(caught?.row).toBe(3);
  });

  it('a row of too many cells stops at the cap', () => {
    const p = new CsvParser({ delimiter: ',', maxCells: 100 }, { record: () => {} });
    expect(() => p.write(Buffer.from(`${','.repeat(500)}\n`))).toThrow(CsvFault);
  });
});
