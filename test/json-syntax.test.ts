import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonFault, lineAndColumn } from '../src/input/json-syntax.js';

const accepts = (t: string) => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
};

describe('jsonFault: where a JSON text first goes wrong', () => {
  it('accepts exactly what JSON.parse accepts (fast-check over JSON-ish pieces)', () => {
    const piece = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"a"',
      '"',
      '\\',
      '\\u00e9',
      '\\x',
      '1',
      '-',
      '0',
      '.',
      'e',
      '+',
      '12',
      '1.5e3',
      'true',
      'fals',
      'null',
      ' ',
      '\n',
      '\r',
      '\t',
      'x',
      "'",
      '/',
      '\u0001',
      'é',
      '\ufeff',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const t = parts.join('');
        expect(jsonFault(t) === null).toBe(accepts(t));
      }),
      { numRuns: 20000 },
    );
    for (const t of ['{}', '[]', '{"a":[1,2,{"b":null}]}', ' 0 ', '-0.5E-2', '"\\ud800"', '[[[[]]]]'])
      expect(jsonFault(t)).toBeNull();
  });

  it('names the first wrong character', () => {
    expect(jsonFault('{"a" 1}')).toEqual({ at: 5, what: 'expected ":" after the name' });
    expect(jsonFault('[1,2,]')).toEqual({ at: 5, what: 'a comma before "]", which JSON does not allow' });
    expect(jsonFault('{"a": "b')).toEqual({ at: 6, what: 'a string that is never closed' });
    expect(jsonFault('{} {}')?.at).toBe(3);
  });

  it('a nesting far deeper than the call stack allows is no crash', () => {
    expect(jsonFault(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toBeNull();
    expect(jsonFault('['.repeat(200_000))?.what).toBe('the text ends early');
  });

  it('line and column count characters from 1', () => {
    expect(lineAndColumn('ab\ncdé😀x', 9)).toEqual({ line: 2, column: 6 });
    expect(lineAndColumn('', 0)).toEqual({ line: 1, column: 1 });
  });
});
