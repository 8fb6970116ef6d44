import { cpSync, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { activeCounts, DATABASES, freshOrg } from './db-helpers.js';
import { cli, FIXTURES, tmp } from './helpers.js';
import { namesIn, SFTP_ENV, startSshd, type Sshd } from './sshd.js';
import { contents, deliver as drop, newInbox, original, sync } from './sync-helpers.js';

/* A OneRoster export given to fix, deliver and sync: what each makes of a folder and of a zip. */

const OR = join(FIXTURES, 'oneroster');

function copy(name: string): string {
  const dir = join(tmp(), name);
  cpSync(join(OR, name), dir, { recursive: true });
  return dir;
}

async function zipOf(dir: string): Promise<string> {
  const path = join(tmp(), 'export.zip');
  const zip = new yazl.ZipFile();
  for (const f of readdirSync(dir)) zip.addBuffer(readFileSync(join(dir, f)), f);
  zip.end();
  await new Promise<void>((resolve, reject) =>
    zip.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject),
  );
  return path;
}

/** The roster `convert` writes of an export. */
function converted(exp: string, ...args: string[]): string {
  const out = join(tmp(), 'roster.csv');
  cli(['convert', exp, '--output', out, ...args]);
  return readFileSync(out, 'utf8');
}

describe('fix of a OneRoster export', () => {
  it.each(['folder', 'zip'])('writes the converted roster, repaired, from a %s', async (shape) => {
    const dir = copy('v1.1');
    // A flag mapped from metadata.iep written as a word: a mechanical repair on the converted roster's row.
    const users = readFileSync(join(dir, 'users.csv'), 'utf8');
    const worded = users.replace(/^(s1,.*),N$/m, '$1,No');
    expect(worded).not.toBe(users);
    writeFileSync(join(dir, 'users.csv'), worded);
    const map = join(tmp(), 'map.json');
    writeFileSync(map, JSON.stringify({ 'metadata.iep': 'Special Ed' }));
    const input = shape === 'zip' ? await zipOf(dir) : dir;
    const out = join(tmp(), 'fixed.csv');
    const r = cli(['fix', input, '--output', out, '--format', 'json', '--map', map]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    // s1 has one row per teacher of its class: each row's cell is changed, at the converted roster's row.
    expect(result.changes.length).toBeGreaterThan(0);
    for (const c of result.changes)
      expect(c).toMatchObject({ file: null, column: 'Special Ed', before: 'No', after: 'N', rule: 'enum-word' });
    // The copy is the roster convert writes of the unchanged export.
    expect(readFileSync(out, 'utf8')).toBe(converted(copy('v1.1'), '--map', map));
    // No converted file is left beside the copy.
    expect(readdirSync(join(out, '..'))).toEqual(['fixed.csv']);
  });

  it('reports what the mapping could not make a row of at its OneRoster file and row (exit 1)', () => {
    const out = join(tmp(), 'fixed.csv');
    const r = cli(['fix', copy('problems'), '--output', out, '--format', 'json']);
    expect(r.code).toBe(1);
    const { report } = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    const grade = report.issues.find((i: { code: string }) => i.code === 'oneroster-grade-unmapped');
    expect(grade).toMatchObject({ file: 'users.csv', column: 'Grade Level' });
    expect(grade.row).toBeGreaterThan(1);
    expect(report.summary.byCode['oneroster-grade-unmapped']).toBe(1);
    expect(existsSync(out)).toBe(true);
  });

  it('applies --student-id to the export it reads', () => {
    const out = join(tmp(), 'fixed.csv');
    expect(cli(['fix', copy('v1.1'), '--output', out, '--student-id', 'sourcedId']).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(converted(copy('v1.1'), '--student-id', 'sourcedId'));
  });

  it('refuses a delta export (exit 2)', () => {
    const r = cli(['fix', copy('delta'), '--output', join(tmp(), 'fixed.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/delta/i);
  });
});

describe('deliver of a OneRoster export', () => {
  let server: Sshd;
  beforeAll(async () => {
    server = await startSshd();
  });
  afterAll(() => server?.stop());

  function deliver(file: string, sub: string, ...extra: string[]) {
    mkdirSync(join(server.root, sub), { recursive: true });
    const args = ['deliver', file, server.url(sub), '--identity', server.userKey, '--known-hosts', server.knownHosts];
    return cli([...args, ...extra], { env: SFTP_ENV });
  }

  it('uploads a valid .zip export as it is, under its name', async () => {
    const zip = await zipOf(copy('v1.1'));
    const r = deliver(zip, 'zip');
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(namesIn(join(server.root, 'zip'))).toEqual(['export.zip']);
    expect(readFileSync(join(server.root, 'zip', 'export.zip'))).toEqual(readFileSync(zip));
  });

  it('validates the export as validate does: an export with errors is not sent', async () => {
    const zip = await zipOf(copy('problems'));
    const r = deliver(zip, 'bad');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('oneroster-grade-unmapped');
    expect(namesIn(join(server.root, 'bad'))).toEqual([]);
  });

  it('refuses a folder export before connecting, saying to convert or zip it', () => {
    const r = deliver(copy('v1.1'), 'folder');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dessa-roster: \[usage\] .* is a OneRoster export folder.*dessa-roster convert .*zip/);
    expect(namesIn(join(server.root, 'folder'))).toEqual([]);
  });
});

describe.each(DATABASES)('sync of an inbox holding a OneRoster .zip on %s', (_kind, makeUrl) => {
  it('applies the export as its converted roster', async () => {
    const url = makeUrl();
    const org = freshOrg();
    const dir = newInbox();
    drop(dir, 'oneroster.zip', readFileSync(await zipOf(copy('v1.1'))));
    const r = sync(dir, org, url);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.json).toMatchObject({ status: 'applied', file: 'oneroster.zip' });
    // The fixture's four students, as validate counts them.
    expect((await activeCounts(url, org)).students).toBe(4);
    expect(contents(dir).processed.map(original)).toEqual(['oneroster.zip']);
  });
});
