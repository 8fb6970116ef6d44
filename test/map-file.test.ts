import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

/** What a file that is not a map might hold: nothing of it may reach a message. */
const SECRET = 'root:x:0:0:root:/root:/bin/bash\ndb_password=hunter2-SECRET\n';

const roster = () => writeTmp('r.csv', csv(row()).replace('Student ID', 'Pupil Number'));

function expectNotAMap(r: { code: number | null; stdout: string; stderr: string }) {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^dessa-roster: \[bad-map\] --map .*: not a JSON map\b/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  for (const piece of ['root', 'hunter2', 'SECRET', 'bash']) expect(`${r.stdout}${r.stderr}`).not.toContain(piece);
}

describe('a --map file that is not a map: its content is never echoed', () => {
  it('given with --map', () => {
    const r = cli(['validate', roster(), '--map', writeTmp('passwd', SECRET), '--format', 'json']);
    expectNotAMap(r);
    expect(JSON.parse(r.stdout).error.code).toBe('bad-map');
  });

  it('named by an edited plan (read.map pointed at another file)', () => {
    const dir = tmp();
    const db = `sqlite:${join(dir, 'db.sqlite')}`;
    writeFileSync(join(dir, 'db.sqlite'), '');
    const map = writeTmp('map.json', JSON.stringify({ 'Pupil Number': 'Student ID' }));
    const plan = join(dir, 'plan.json');
    expect(cli(['diff', roster(), '--org', 'o', '--db', db, '--map', map, '--output', plan]).stderr).toBe('');
    const secret = writeTmp('passwd', SECRET);
    const saved = JSON.parse(readFileSync(plan, 'utf8'));
    saved.read = { map: secret, mapSha256: createHash('sha256').update(SECRET).digest('hex') };
    writeFileSync(plan, JSON.stringify(saved));
    expectNotAMap(cli(['apply', '--plan', plan, '--db', db]));
    // Without the map's digest the plan is refused before the file is read.
    saved.read = { map: secret };
    writeFileSync(plan, JSON.stringify(saved));
    const r = cli(['apply', '--plan', plan, '--db', db]);
    expect([r.code, r.stderr]).toEqual([
      2,
      expect.stringMatching(/^dessa-roster: \[bad-plan\] .*read\.map and read\.mapSha256 go together/),
    ]);
  });
});

const MAP = { 'Pupil Number': 'Student ID', Élève: null };

function utf16(text: string, order: 'le' | 'be', bom = true): Buffer {
  const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  if (order === 'be') for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

describe('a --map file as Windows editors save it', () => {
  it.each([
    ['UTF-8 with a byte order mark (Notepad, PowerShell 7)', Buffer.from(`\ufeff${JSON.stringify(MAP)}`)],
    ['UTF-16LE with a byte order mark (Notepad "Unicode", PowerShell 5 >)', utf16(JSON.stringify(MAP, null, 2), 'le')],
    ['UTF-16BE with a byte order mark', utf16(JSON.stringify(MAP), 'be')],
    ['UTF-16LE without a byte order mark', utf16(JSON.stringify(MAP), 'le', false)],
  ])('%s is read', (_what, bytes) => {
    const r = cli(['validate', roster(), '--map', writeTmp('map.json', bytes), '--format', 'json']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout).summary.students).toBe(1);
  });

  it.each([
    [
      'UTF-16 with an odd last byte',
      Buffer.concat([utf16('{}', 'le'), Buffer.from([0x20])]),
      'it starts as UTF-16LE but holds an odd last byte',
    ],
    [
      'UTF-16 with a lone surrogate',
      Buffer.concat([utf16('{"', 'le'), Buffer.from([0x00, 0xd8]), utf16('":null}', 'le', false)]),
      'half of a character',
    ],
    [
      'bytes that are not UTF-8',
      Buffer.from('{\n  "\xc9l\xe8ve": null}', 'latin1'),
      'line 2, column 4 is not UTF-8 text',
    ],
  ])('%s is a clear bad-map error', (_what, bytes, message) => {
    const r = cli(['validate', roster(), '--map', writeTmp('map.json', bytes)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[bad-map\] --map .*map\.json: not a JSON map: /);
    expect(r.stderr).toContain(message);
  });
});

describe('a --map file that is not valid JSON says where, in words', () => {
  it.each([
    [
      'a missing colon',
      '{"Pupil Number": "Student ID",\n  "Grade" 3}',
      'line 2, column 11 (expected ":" after the name)',
    ],
    [
      'a trailing comma',
      '{\n  "Pupil Number": "Student ID",\n}',
      'line 3, column 1 (a comma before "}", which JSON does not allow)',
    ],
    ['single quotes', "{'Pupil Number': 'Student ID'}", 'line 1, column 2 (single quotes, which JSON does not allow)'],
    ['an unclosed object', '{"Pupil Number": "Student ID"\n', 'line 2, column 1 (the text ends early)'],
    [
      'a missing comma after an accented name',
      '{"Élève": null\n "Pupil Number": "Student ID"}',
      'line 2, column 2 (expected "," or "}")',
    ],
    ['an empty file', '', 'not a JSON map: it is empty'],
  ])('%s', (_what, text, where) => {
    const r = cli(['validate', roster(), '--map', writeTmp('map.json', text)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[bad-map\] --map .*map\.json: not a JSON map: /);
    expect(r.stderr).toContain(where);
    expect(r.stderr).not.toMatch(/position|Unexpected|SyntaxError/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
