import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { migrate, MIGRATION_CONFIG } from '../src/db/migrate.js';
import { DATABASES, freshOrg, query } from './db-helpers.js';
import { cli, csv, row, tmp, writeTmp } from './helpers.js';

const teacher = { 'Staff Email Address': 'pat.lee@d.org', 'Staff Last Name': 'Lee', 'Staff First Name': 'Pat' };
const other = { 'Staff Email Address': 'sam.roe@d.org', 'Staff Last Name': 'Roe', 'Staff First Name': 'Sam' };
/** A program's file: Pat teaches HR1 when `withPat`, Sam teaches HR2 always. */
const file = (withPat: boolean, email = teacher['Staff Email Address']) =>
  writeTmp(
    'p.csv',
    csv(
      row({
        ...(withPat ? { ...teacher, 'Staff Email Address': email } : other),
        'Student ID': '1',
        'Class Code': 'HR1',
      }),
      row({ ...other, 'Student ID': '2', 'Class Code': 'HR2' }),
    ),
  );

function apply(url: string, org: string, path: string, program: string) {
  const r = cli(['apply', path, '--org', org, '--program', program, '--db', url, '--format', 'json', '--force']);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout);
}

describe.each(DATABASES)('staff belong to the org on %s', (_name, makeUrl) => {
  it('a teacher two programs list is one account: one program dropping them ends its membership only', async () => {
    const url = makeUrl();
    const org = freshOrg();
    apply(url, org, file(true), 'fall');
    // The spring file spells the email in another case: the same person (compared ignoring case).
    const spring = apply(url, org, file(true, 'Pat.Lee@D.org'), 'spring');
    // Sam joins spring as he is; Pat's address, spelt otherwise, changes the org's record: an update.
    expect(spring.summary.staff).toMatchObject({ create: 1, update: 1 });
    const staff = () =>
      query(url, (k) => k('dessa_staff').where({ org }).orderBy('id').select('id', 'email_key', 'removed_at'));
    const [pat, sam] = await staff();
    expect((await staff()).map((s) => [s.email_key, s.removed_at])).toEqual([
      ['pat.lee@d.org', null],
      ['sam.roe@d.org', null],
    ]);
    // The account is the org's: the latest file's spelling of the address is the one kept.
    expect(await query(url, (k) => k('dessa_staff').where({ id: pat.id }).first('email'))).toEqual({
      email: 'Pat.Lee@D.org',
    });

    expect(apply(url, org, file(false), 'fall').summary.staff).toMatchObject({ remove: 1, unchanged: 1 });
    expect((await staff()).map((s) => s.removed_at)).toEqual([null, null]);
    apply(url, org, file(false), 'spring');
    const gone = await staff();
    expect(gone[0].removed_at).not.toBeNull();
    expect(gone[1].removed_at).toBeNull();

    expect(apply(url, org, file(true), 'fall').summary.staff).toMatchObject({ reactivate: 1 });
    expect(await staff()).toEqual([{ ...pat, removed_at: null }, sam]);
    const members = await query(url, (k) =>
      k('dessa_staff_programs').where({ org, staff_ref: pat.id }).orderBy('program').select('program', 'removed_at'),
    );
    expect(members.map((m) => [m.program, m.removed_at === null])).toEqual([
      ['fall', true],
      ['spring', false],
    ]);
  });
});

/** A database of its own, made and dropped by the test: a migration cannot be undone on the shared one. */
const SCRATCH = `dessa_mig_${process.pid}_${Date.now().toString(36)}`;
const scratch: [string, string, string | null][] = DATABASES.map(([kind, makeUrl]) =>
  kind === 'sqlite'
    ? [kind, `sqlite:${join(tmp(), 'mig.sqlite')}`, null]
    : [kind, makeUrl().replace(/\/[^/?]+(\?|$)/, `/${SCRATCH}$1`), makeUrl()],
);

async function onServer(url: string, sql: string): Promise<void> {
  const db = await openDatabase(url);
  try {
    await db.knex.raw(sql);
  } finally {
    await db.knex.destroy();
  }
}

describe.each(scratch)('migrating per-program staff on %s', (_kind, url, admin) => {
  it("merges a person's rows into the first with their links, kept active while a program lists them", async () => {
    if (admin) await onServer(admin, `create database ${SCRATCH}`);
    try {
      const db = await openDatabase(url);
      try {
        for (let i = 0; i < 3; i++) await db.knex.migrate.up(MIGRATION_CONFIG);
        const t = '2026-01-01T00:00:00.000Z';
        const staffRow = (program: string, removed: string | null) => ({
          org: 'o',
          program,
          email_key: 'pat@d.org',
          email: 'Pat@d.org',
          last_name: 'Lee',
          first_name: 'Pat',
          fingerprint: '',
          created_at: t,
          updated_at: t,
          removed_at: removed,
        });
        await db
          .knex('dessa_staff')
          .insert([staffRow('fall', t), staffRow('spring', null), { ...staffRow('fall', null), org: 'other' }]);
        const ids = (await db.knex('dessa_staff').orderBy('id').select('id')).map((r) => Number(r.id));
        await db.knex('dessa_class_staff').insert({
          org: 'o',
          program: 'spring',
          class_ref: 7,
          staff_ref: ids[1],
          created_at: t,
          updated_at: t,
          removed_at: null,
        });

        expect(await migrate(db.knex)).toEqual(['0004_org_staff', '0005_run_read_digest']);
        const staff = await db.knex('dessa_staff').orderBy('id').select('id', 'org', 'removed_at');
        expect(staff.map((s) => [Number(s.id), s.org, s.removed_at])).toEqual([
          [ids[0], 'o', null],
          [ids[2], 'other', null],
        ]);
        const members = await db
          .knex('dessa_staff_programs')
          .orderBy('program')
          .select('org', 'program', 'staff_ref', 'removed_at');
        expect(members.map((m) => [m.org, m.program, Number(m.staff_ref), m.removed_at])).toEqual([
          ['o', 'fall', ids[0], t],
          ['other', 'fall', ids[2], null],
          ['o', 'spring', ids[0], null],
        ]);
        expect(Number((await db.knex('dessa_class_staff').first('staff_ref'))!.staff_ref)).toBe(ids[0]);
        // One row per person and org from now on.
        expect(await db.knex.schema.hasColumn('dessa_staff', 'program')).toBe(false);
        const { program: _, ...again } = staffRow('x', null);
        await expect(db.knex('dessa_staff').insert(again)).rejects.toThrow();
      } finally {
        await db.knex.destroy();
      }
    } finally {
      if (admin) await onServer(admin, `drop database ${SCRATCH}`);
    }
  });
});

describe('a database made by an older dessa-roster', () => {
  it('diff refuses it in one line naming the fix, migrating nothing; after db migrate it reads it', async () => {
    const url = `sqlite:${join(tmp(), 'old.sqlite')}`;
    const db = await openDatabase(url);
    try {
      for (let i = 0; i < 3; i++) await db.knex.migrate.up(MIGRATION_CONFIG);
    } finally {
      await db.knex.destroy();
    }
    const sample = join(__dirname, '..', 'samples', 'roster.csv');
    const old = cli(['diff', sample, '--org', 'x', '--db', url]);
    expect(old.code).toBe(2);
    expect(old.stderr.trim()).toBe(
      'dessa-roster: [db-outdated] the database schema is older than this dessa-roster; ' +
        'diff changes nothing, so bring it up to date first: ' +
        'dessa-roster db migrate (apply does it too)',
    );
    expect(cli(['db', 'migrate', '--db', url]).stdout).toContain('0004_org_staff');
    expect(cli(['diff', sample, '--org', 'x', '--db', url]).code).toBe(0);
  });
});
