import { describe, expect, it } from 'vitest';
import { checkLengths, columnLimit } from '../src/db/limits.js';
import { RECORD_FIELDS, RECORDS, type RecordEntity } from '../src/plan/entities.js';
import { charCount, MAX_CHARS, utf8CharCount } from '../src/fields/limits.js';
import { FIELDS } from '../src/fields/fields.js';
import { TABLE } from '../src/db/tables.js';
import { activeCounts, DATABASES, freshOrg, query } from './db-helpers.js';
import { check, cli, csv, row, writeTmp } from './helpers.js';
import { readSnapshot, widthOf } from './schema-helpers.js';

const EMOJI = '\u{1F600}';
const issuesOf = (text: string) => check(text).issues.map((i) => [i.code, i.row, i.column]);

describe('validate checks the database column limits, in characters', () => {
  it('a value one character over its column is an error on its row and column; at the limit it is fine', () => {
    expect(issuesOf(csv(row({ 'Last Name': 'x'.repeat(200), 'Class Period': 'p'.repeat(50) })))).toEqual([]);
    const long = row({ 'Student ID': '1002', 'Last Name': 'x'.repeat(201) });
    const r = check(csv(row(), long, row({ 'Student ID': '1003', 'Class Period': 'p'.repeat(51) })));
    expect(r.issues.map((i) => [i.severity, i.code, i.row, i.column])).toEqual([
      ['error', 'value-too-long', 3, 'Last Name'],
      ['error', 'value-too-long', 4, 'Class Period'],
    ]);
    expect(r.issues[0].message).toBe(
      'Last Name holds at most 200 characters and this value has 201; shorten it in the export.',
    );
  });

  it('counts code points, not bytes or UTF-16 units: 200 emoji fit a name, 101 do not fit a Student ID', () => {
    expect(issuesOf(csv(row({ 'First Name': EMOJI.repeat(200), 'Staff Last Name': 'é'.repeat(200) })))).toEqual([]);
    const r = check(csv(row({ 'Student ID': EMOJI.repeat(101) })));
    expect(r.issues.map((i) => [i.code, i.column])).toEqual([['value-too-long', 'Student ID']]);
    expect(r.issues[0].message).toContain('this value has 101');
    expect(issuesOf(csv(row({ 'Student ID': EMOJI.repeat(100) })))).toEqual([]);
  });

  it('the byte test and the string check agree: a value that takes the slow path is held to the same limit', () => {
    // "+" sends a Student ID to the string check (it might be Excel's scientific notation).
    expect(issuesOf(csv(row({ 'Student ID': `+${'1'.repeat(99)}` })))).toEqual([]);
    expect(issuesOf(csv(row({ 'Student ID': `+${'1'.repeat(100)}` })))).toEqual([['value-too-long', 2, 'Student ID']]);
    // A warning does not hide the length; an error on the value says enough.
    const sasid = `1.${'2'.repeat(100)}E+11`;
    expect(issuesOf(csv(row({ 'Student State ID (SASID)': sasid })))).toEqual([
      ['scientific-notation', 2, 'Student State ID (SASID)'],
      ['value-too-long', 2, 'Student State ID (SASID)'],
    ]);
    expect(issuesOf(csv(row({ Gender: 'F'.repeat(40) })))).toEqual([['invalid-value', 2, 'Gender']]);
    const email = `${'a'.repeat(250)}@d.org`;
    const tooLong = [['value-too-long', 2, 'Staff Email Address']];
    expect(issuesOf(csv(row({ 'Staff Email Address': email })))).toEqual(tooLong);
  });

  it('a too-long value is reported on every row that carries it, like other values', () => {
    const long = row({ 'Last Name': 'x'.repeat(201) });
    const r = check(csv(long, long.replace('HR3A', 'HR3B')));
    expect(r.issues.filter((i) => i.code === 'value-too-long').map((i) => i.row)).toEqual([2, 3]);
    expect(r.valid).toBe(false);
  });

  it('the verdict is the code point count of the trimmed value, whatever the mix of 1- to 4-byte characters', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const alphabet = ['a', 'é', '€', EMOJI, ' ', 'Z'];
    for (let t = 0; t < 300; t++) {
      const column = (['Last Name', 'Student ID', 'Class Period'] as const)[rand(3)];
      const limit = MAX_CHARS[FIELDS.findIndex((f) => f.name === column)];
      const length = limit - 3 + rand(7);
      const value = `x${Array.from({ length: length - 2 }, () => alphabet[rand(alphabet.length)]).join('')}y`;
      const over = charCount(value) > limit;
      const r = check(csv(row({ [column]: ` ${value} ` })));
      expect([value, r.issues.map((i) => i.code)]).toEqual([value, over ? ['value-too-long'] : []]);
    }
  });

  it('counters count code points', () => {
    expect(charCount(EMOJI.repeat(3) + 'é')).toBe(4);
    expect(charCount('\ud800x')).toBe(2);
    const b = Buffer.from(`a${EMOJI}é`);
    expect(utf8CharCount(b, 0, b.length)).toBe(3);
  });
});

describe('one table of limits for validate and the database', () => {
  it('every database column of a spec field has the limit validate checks', () => {
    const byKey = new Map(FIELDS.map((f, i) => [f.key, MAX_CHARS[i]]));
    const expected: Record<RecordEntity, Record<string, string>> = {
      sites: { name: 'site_name' },
      staff: {
        email_key: 'staff_email',
        email: 'staff_email',
        last_name: 'staff_last_name',
        first_name: 'staff_first_name',
      },
      students: {},
      classes: {},
    };
    for (const entity of RECORDS) {
      for (const column of RECORD_FIELDS[entity]) {
        const field = expected[entity][column] ?? column;
        expect([entity, column, columnLimit(entity, column)]).toEqual([entity, column, byKey.get(field)]);
      }
    }
    const some = ['site_name', 'staff_email', 'student_id', 'class_period', 'gender'].map((k) => byKey.get(k));
    expect(some).toEqual([200, 254, 100, 50, 32]);
  });

  it('checkLengths counts code points too', () => {
    const set = (last: string) =>
      ({
        records: {
          sites: { keys: [], fields: () => ({}), byteLengths: () => [] },
          staff: { keys: [], fields: () => ({}), byteLengths: () => [] },
          students: {
            keys: ['1'],
            fields: () => ({ last_name: last }),
            byteLengths: () => RECORD_FIELDS.students.map((c) => (c === 'last_name' ? Buffer.byteLength(last) : 0)),
          },
          classes: { keys: [], fields: () => ({}), byteLengths: () => [] },
        },
      }) as unknown as Parameters<typeof checkLengths>[0];
    expect(() => checkLengths(set(EMOJI.repeat(200)))).not.toThrow();
    const refusal = 'last_name is 201 characters; the database holds at most 200';
    expect(() => checkLengths(set(EMOJI.repeat(201)))).toThrow(refusal);
  });

  // The migrations write their widths out (frozen); the stored schemas are what they make
  // (test/schema-snapshot.test.ts). SQLite enforces no width: its declared sasid stays varchar(32).
  it.each(['postgres', 'mysql'])('the columns the migrations make on %s are as wide as the limits', (dialect) => {
    const schema = readSnapshot(dialect);
    for (const entity of RECORDS) {
      const columns = schema[TABLE[entity]].columns;
      const widths = RECORD_FIELDS[entity].map((c) => [entity, c, widthOf(columns[c])]);
      expect(widths).toEqual(RECORD_FIELDS[entity].map((c) => [entity, c, columnLimit(entity, c)]));
    }
  });
});

describe.each(DATABASES)('on %s', (_name, makeUrl) => {
  it('a file at the limits is applied; one character more is refused by validate, nothing written', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const name = EMOJI.repeat(200);
    const over = cli(['apply', writeTmp('over.csv', csv(row({ 'Last Name': `${name}x` }))), '--org', org, '--db', url]);
    expect(over.code).toBe(1);
    expect(over.stdout).toContain('value-too-long');
    expect((await activeCounts(url, org)).students).toBe(0);
    const full = writeTmp('ok.csv', csv(row({ 'Last Name': name, 'Class Period': 'p'.repeat(50) })));
    const ok = cli(['apply', full, '--org', org, '--db', url]);
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    const stored = await query(url, (k) => k('dessa_students').where({ org }).first('last_name'));
    expect(stored.last_name).toBe(name);
  });
});
