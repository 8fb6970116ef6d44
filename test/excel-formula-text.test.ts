import { describe, expect, it } from 'vitest';
import { activeCounts, DATABASES, freshOrg, query } from './db-helpers.js';
import { check, cli, csv, row, writeTmp } from './helpers.js';

/**
 * `="00100000"`, written in CSV as `"=""00100000"""`: the formula SIS exports use so that Excel
 * keeps leading zeros. Taken as typed it would become the student's ID, so every field refuses it
 * and names the value inside.
 */
const protect = (v: string) => `"=""${v}"""`;

function findings(over: Record<string, string>) {
  return check(csv(row(over))).issues.map((i) => [i.code, i.column, i.severity, i.message]);
}

describe('Excel formula text is an error on every field', () => {
  it.each([
    ['Student ID', '00100000'],
    ['Last Name', 'Nguyen'],
    ['Zip Code', '06103'],
    ['DOB', '03/14/2016'],
    ['Staff Email Address', 'arivera@d.org'],
    ['Student State ID (SASID)', '0012345678'],
  ])('%s', (column, value) => {
    const found = findings({ [column]: protect(value) });
    expect(found).toHaveLength(1);
    const [code, col, severity, message] = found[0];
    expect([code, col, severity]).toEqual(['excel-formula-text', column, 'error']);
    expect(message).toContain(`${JSON.stringify(`="${value}"`)} is Excel formula text`);
    expect(message).toContain(`write the value without the = and quotes, e.g. ${JSON.stringify(value)}`);
  });

  it('padded with spaces, holding doubled quotes, or empty', () => {
    const padded = findings({ 'First Name': '" =""Bao"" "' });
    expect(padded.map((f) => f[0])).toEqual(['excel-formula-text']);
    const quoted = findings({ 'First Name': '"=""Bao """"Bo"""""""' });
    expect(quoted[0][3]).toContain('e.g. "Bao \\"Bo\\""');
    expect(findings({ 'Student State ID (SASID)': protect('') }).map((f) => f[0])).toEqual(['excel-formula-text']);
  });

  it('a value that only starts with = or holds ="…" inside is left to its own rule', () => {
    expect(findings({ 'Class Name': '=Homeroom' })).toEqual([]);
    expect(findings({ 'Class Name': '"Room =""3A"""' })).toEqual([]);
    expect(findings({ 'Class Name': '"=""3A"' })).toEqual([]);
  });
});

describe.each(DATABASES)('on %s', (_name, makeUrl) => {
  it('validate fails, and diff and apply refuse the file: the formula never reaches the database', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const path = writeTmp('protected.csv', csv(row({ 'Student ID': protect('00100000') })));
    const validate = cli(['validate', path]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('excel-formula-text');
    const diff = cli(['diff', path, '--org', org, '--db', url]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('excel-formula-text');
    const apply = cli(['apply', path, '--org', org, '--db', url, '--force']);
    expect(apply.code).toBe(1);
    expect((await activeCounts(url, org)).students ?? 0).toBe(0);
    const fixed = writeTmp('fixed.csv', csv(row({ 'Student ID': '00100000' })));
    expect(cli(['apply', fixed, '--org', org, '--db', url]).code).toBe(0);
    const ids = await query(url, (k) => k('dessa_students').where({ org }).pluck('student_id'));
    expect(ids).toEqual(['00100000']);
  });
});
