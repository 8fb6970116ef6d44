import { FIELDS } from '../fields/fields.js';
import type { IssueSink } from '../findings/issues.js';
import { knownColumns, RACE_COLUMNS } from './columns.js';
import { hasFile, type OneRosterExport } from './export.js';
import type { Course, Demographics, MappingOptions, Model } from './model.js';

export type * from './model.js';
import { readTable, type RowHandler, type TableOptions } from './table.js';

const lower = (s: string) => s.toLowerCase();

/** Reads one file of the export (or reports it missing, once, with what it is needed for). */
async function table(
  exp: OneRosterExport,
  name: string,
  want: readonly string[],
  required: Record<string, string>,
  ctx: Ctx,
  onRow: RowHandler,
  deleted?: Set<string>,
) {
  if (!hasFile(exp, name)) {
    ctx.failed.add(name);
    if (ctx.needed !== undefined) {
      ctx.sink.file = name;
      ctx.sink.add('oneroster-missing-file', null, null, null, { file: name, needed: ctx.needed });
    }
    return null;
  }
  const spec = { file: name, known: knownColumns(name, exp.version), want, required, deleted };
  const result = await readTable(exp.files.get(name)!, spec, ctx.opts, ctx.sink, onRow);
  if (!result.usable) ctx.failed.add(name);
  return result;
}

/** Parses `{TYPE:value},{TYPE:value}`; the value of the first entry of `type` (case aside), or ''. */
export function userIdOf(list: string, type: string): string {
  const wanted = type.toLowerCase();
  for (const m of list.matchAll(/\{\s*([^:{}]*?)\s*:\s*([^{}]*?)\s*\}/g))
    if (m[1].toLowerCase() === wanted) return m[2];
  return '';
}

/** Reads the files of an export into a Model; findings about files and references go to `sink`. */
export async function loadModel(
  exp: OneRosterExport,
  mapping: MappingOptions,
  opts: TableOptions,
  sink: IssueSink,
): Promise<Model> {
  const mapped = [...(mapping.aliases ?? [])].flatMap(([header, field]) =>
    field === null || FIELDS[field].entity !== 'student' ? [] : [{ header, field }],
  );
  const m: Model = {
    version: exp.version,
    orgs: new Map(),
    courses: null,
    classes: [],
    classIndex: new Map(),
    users: [],
    userIndex: new Map(),
    demographics: null,
    enrollments: { cls: [], user: [], row: [] },
    mapped,
    mappedIn: { users: new Set(), demographics: new Set() },
    usable: true,
    deleted: new Set(),
    failed: new Set(),
  };
  const ctx = (needed?: string) => ({ sink, opts, needed, failed: m.failed });
  const use = (r: { usable: boolean } | null) => {
    if (r === null || !r.usable) m.usable = false;
  };

  use(
    await table(
      exp,
      'orgs.csv',
      ['sourcedId', 'name'],
      { sourcedId: 'Site Name', name: 'Site Name' },
      ctx('Site Name'),
      ([id, name], row) => m.orgs.set(id, { name, row }),
    ),
  );
  const courses = new Map<string, Course>();
  const c = await table(
    exp,
    'courses.csv',
    ['sourcedId', 'courseCode'],
    { sourcedId: 'Class Code' },
    ctx(),
    ([id, code], row) => courses.set(id, { code, row }),
  );
  if (c !== null && c.usable) m.courses = courses;
  const classCols = ['sourcedId', 'title', 'classCode', 'periods', 'schoolSourcedId', 'courseSourcedId'];
  const classNeeds = { sourcedId: 'Class Name', title: 'Class Name', schoolSourcedId: 'Site Name' };
  use(
    await table(
      exp,
      'classes.csv',
      classCols,
      classNeeds,
      ctx('the classes'),
      ([id, title, code, periods, school, course], row) => {
        m.classIndex.set(id, m.classes.length);
        m.classes.push({ id, row, title, classCode: code, periods, school, course, teachers: [] });
      },
      m.deleted,
    ),
  );
  await loadUsers(exp, m, mapping, ctx('the students and staff'), use);
  await loadDemographics(exp, m, ctx(), sink);
  await loadEnrollments(exp, m, mapping, ctx('who is in which class'), use);
  return m;
}

/** `failed`: the files missing or unusable (reported once): records they would hold are not looked for. */
type Ctx = { sink: IssueSink; opts: TableOptions; needed?: string; failed: Set<string> };

async function loadUsers(
  exp: OneRosterExport,
  m: Model,
  mapping: MappingOptions,
  ctx: Ctx,
  use: (r: { usable: boolean } | null) => void,
) {
  const idColumn = mapping.studentId;
  // 1.2 has no users.role: a stale 1.1 column there is warned about as unknown, never read ('' stands for it).
  const roleColumn = exp.version === '1.1' ? 'role' : '';
  const want = ['sourcedId', roleColumn, idColumn, 'familyName', 'givenName', 'email', 'grades', 'userIds'];
  const required: Record<string, string> = {
    sourcedId: 'the students and staff',
    [idColumn]: 'Student ID',
    familyName: 'Last Name',
    givenName: 'First Name',
    grades: 'Grade Level',
  };
  if (exp.version === '1.1') required.role = 'who is a student';
  const metaAt = want.length;
  const result = await table(
    exp,
    'users.csv',
    [...want, ...m.mapped.map((x) => x.header)],
    required,
    ctx,
    (cells, row) => {
      const [id, role, sid, familyName, givenName, email, grades, userIds] = cells;
      m.userIndex.set(id, m.users.length);
      const sasid = mapping.sasidType === undefined ? '' : userIdOf(userIds, mapping.sasidType);
      const meta = cells.slice(metaAt);
      m.users.push({ id, row, roles: lower(role), studentId: sid, familyName, givenName, email, grades, sasid, meta });
    },
    m.deleted,
  );
  use(result);
  for (const x of m.mapped) if (result?.present.has(x.header)) m.mappedIn.users.add(x.header);
  if (exp.version === '1.2' && !hasFile(exp, 'roles.csv')) {
    // Enrollments still say who teaches and who learns each class; only the check of their roles is lost.
    ctx.sink.file = 'roles.csv';
    ctx.sink.add('oneroster-no-roles', null, null, null);
  } else if (exp.version === '1.2') {
    // 1.2 moved the role out of users.csv: a user's roles are those of roles.csv.
    const roles = new Map<string, Set<string>>();
    await table(
      exp,
      'roles.csv',
      ['userSourcedId', 'role'],
      { userSourcedId: 'roles', role: 'roles' },
      ctx,
      ([u, r]) => {
        if (!roles.has(u)) roles.set(u, new Set());
        roles.get(u)!.add(lower(r));
      },
    );
    for (const u of m.users) u.roles = [...(roles.get(u.id) ?? [])].sort().join(', ');
  }
}

async function loadDemographics(exp: OneRosterExport, m: Model, ctx: Ctx, sink: IssueSink) {
  if (!hasFile(exp, 'demographics.csv')) {
    sink.file = 'demographics.csv';
    sink.add('oneroster-no-demographics', null, null, null);
    m.usable = false;
    return;
  }
  const demographics = new Map<string, Demographics>();
  const want = ['sourcedId', 'birthDate', 'sex', ...RACE_COLUMNS];
  const metaAt = want.length;
  const result = await table(
    exp,
    'demographics.csv',
    [...want, ...m.mapped.map((x) => x.header)],
    { sourcedId: 'DOB, Gender and race', birthDate: 'DOB' },
    ctx,
    (cells, row) => {
      demographics.set(cells[0], {
        row,
        birthDate: cells[1],
        sex: cells[2],
        race: cells.slice(3, metaAt),
        meta: cells.slice(metaAt),
      });
    },
  );
  if (result === null || !result.usable) {
    m.usable = false;
    return;
  }
  m.demographics = demographics;
  for (const x of m.mapped) if (result.present.has(x.header)) m.mappedIn.demographics.add(x.header);
}

/** yyyy-mm-dd as yyyymmdd, or NaN. */
export function dayOf(text: string): number {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  return d ? Number(d[1] + d[2] + d[3]) : NaN;
}

async function loadEnrollments(
  exp: OneRosterExport,
  m: Model,
  mapping: MappingOptions,
  ctx: Ctx,
  use: (r: { usable: boolean } | null) => void,
) {
  const sink = ctx.sink;
  const want = ['classSourcedId', 'userSourcedId', 'role', 'primary', 'endDate'];
  const required = { classSourcedId: 'Class Name', userSourcedId: 'Student ID', role: 'who teaches whom' };
  const missing = (row: number, source: string, value: string, target: string) => {
    // A file that is missing was reported once: its records are not missed again on every row.
    if (ctx.failed.has(target)) return;
    sink.file = 'enrollments.csv';
    sink.add('oneroster-unknown-ref', row, null, value, { file: 'enrollments.csv', source, value, target });
  };
  const result = await table(exp, 'enrollments.csv', want, required, ctx, ([cls, user, role, primary, end], row) => {
    // An enrollment that ended before today is a withdrawal: the student has left the class.
    if (end !== '' && dayOf(end) < mapping.today) return;
    const r = lower(role);
    if (r !== 'student' && r !== 'teacher') return;
    const k = m.classIndex.get(cls);
    const u = m.userIndex.get(user);
    if (m.deleted.has(cls) || m.deleted.has(user)) return;
    if (k === undefined) return missing(row, 'classSourcedId', cls, 'classes.csv');
    if (u === undefined) return missing(row, 'userSourcedId', user, 'users.csv');
    if (r === 'teacher') {
      m.classes[k].teachers.push({ user: u, primary: lower(primary) === 'true' });
      return;
    }
    const roles = m.users[u].roles;
    if (roles !== '' && !roles.split(', ').includes('student')) {
      sink.file = 'enrollments.csv';
      const where = exp.version === '1.1' ? 'users.csv' : 'roles.csv';
      sink.add('oneroster-not-student', row, null, user, {
        file: 'enrollments.csv',
        source: 'role',
        value: user,
        role: roles,
        roles: where,
      });
      return;
    }
    m.enrollments.cls.push(k);
    m.enrollments.user.push(u);
    m.enrollments.row.push(row);
  });
  use(result);
}
