import { FIELD_NAMES, FIELDS } from '../src/fields/fields.js';

/*
 * Excel's damage to a valid roster, as fix must undo it: each function of the value and a
 * variant number, so a student's rows can carry the same value damaged in different ways.
 */

const pad2 = (n: number) => String(n).padStart(2, '0');
const ordinal = (n: number) => `${n}${n === 1 ? 'st' : n === 2 ? 'nd' : n === 3 ? 'rd' : 'th'}`;

function serial(y: number, m: number, d: number): string {
  return String((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
}

const WORDS: Record<string, string[]> = {
  F: ['f', 'Female'],
  M: ['Male', 'm'],
  X: ['x', 'x'],
  U: ['Unknown', 'u'],
  T: ['t', 't'],
  N: ['No', 'n'],
  Y: ['Yes', 'y'],
};

/** The value of spec field `field` as a damaged export might hold it (variant `v`). */
export function damage(field: number, value: string, v: number): string {
  const f = FIELDS[field];
  if (value === '') return value;
  switch (f.kind) {
    case 'date': {
      const [m, d, y] = value.split('/').map(Number);
      const forms = [
        `${m}/${d}/${y}`,
        `${y}-${pad2(m)}-${pad2(d)}`,
        `${m}/${d}/${y} 12:00:00 AM`,
        serial(y, m, d),
        `${pad2(m)}-${pad2(d)}-${y}`,
      ];
      return forms[v % forms.length];
    }
    case 'zip':
      return value.startsWith('0') ? value.slice(1) : v % 2 === 1 ? `${value}-1234` : value;
    case 'grade': {
      if (value === 'K') return ['KG', 'k', 'Kindergarten'][v % 3];
      const n = Number(value);
      return [n < 10 ? `0${n}` : `Grade ${n}`, `Grade ${n}`, ordinal(n)][v % 3];
    }
    case 'enum':
    case 'flag':
      return WORDS[value]?.[v % 2] ?? value;
    default:
      // Padding, as a retyped or pasted cell keeps it; a no-break space from a web page.
      if (f.name === 'Site Name' || f.name === 'Last Name') return [` ${value}  `, `\u00a0${value}`][v % 2];
      return value;
  }
}

/** The header of a damaged export: other cases and spacing. */
export function damagedHeader(name: string): string {
  if (name === 'Site Name') return 'site name';
  if (name === 'DOB') return 'dob';
  if (name === 'Gender') return ' GENDER ';
  return name;
}

export { FIELD_NAMES };
