import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../src/fields/fields.js';
import { DATABASES, freshOrg, query } from './db-helpers.js';
import { cli, row, writeTmp } from './helpers.js';

/**
 * `apply --if-changed` skips only a file read exactly as the last successful run read it: the
 * same bytes read with another --map, --encoding or --delimiter say other things.
 */

/** Four students, the first two English Learners, their column exported as "ELL" (a SIS name). */
function ellFile(): string {
  const rows = ['1', '2', '3', '4'].map((id) => row({ 'Student ID': id, 'English Learner': id <= '2' ? 'Y' : '' }));
  const header = FIELD_NAMES.map((f) => (f === 'English Learner' ? 'ELL' : f)).join(',');
  return writeTmp('ell.csv', `${[header, ...rows].join('\n')}\n`);
}

function apply(file: string, args: string[]): { status: string } {
  const r = cli(['apply', file, ...args, '--format', 'json', '--if-changed']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

const learners = (url: string, org: string) =>
  query(url, (k) => k('dessa_students').where({ org, english_learner: 'Y' }).orderBy('student_id').pluck('student_id'));

describe.each(DATABASES)('apply --if-changed and the reading options on %s', (_name, makeUrl) => {
  it('applies the same file again when its --map or --encoding changed, and skips it read the same way', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const args = ['--org', org, '--db', url];
    const file = ellFile();
    const map = writeTmp('ell.json', JSON.stringify({ ELL: 'English Learner' }));

    // Unmapped, ELL is an unknown column: English Learner reads blank.
    expect(apply(file, args).status).toBe('succeeded');
    expect(await learners(url, org)).toEqual([]);
    expect(apply(file, args).status).toBe('skipped');

    // The same bytes with a map say something else: applied, and the value written.
    expect(apply(file, [...args, '--map', map]).status).toBe('succeeded');
    expect(await learners(url, org)).toEqual(['1', '2']);
    expect(apply(file, [...args, '--map', map]).status).toBe('skipped');

    // Another encoding is another reading: applied (nothing differs in an ASCII file), then skipped.
    const latin = [...args, '--map', map, '--encoding', 'windows-1252'];
    expect(apply(file, latin).status).toBe('unchanged');
    expect(apply(file, latin).status).toBe('skipped');
    // Back to the default encoding: not the last run's reading.
    expect(apply(file, [...args, '--map', map]).status).toBe('unchanged');
  });

  it('never skips against a run recorded without the reading options (before they were kept)', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const args = ['--org', org, '--db', url];
    const file = ellFile();
    expect(apply(file, args).status).toBe('succeeded');
    await query(url, (k) => k('dessa_runs').where({ org }).update({ read_digest: null }));
    expect(apply(file, args).status).toBe('unchanged');
    expect(apply(file, args).status).toBe('skipped');
  });
});
