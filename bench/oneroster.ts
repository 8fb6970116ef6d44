/**
 * The OneRoster figures: a generated 200,000-student OneRoster 1.1 bulk export (a folder in
 * bench-data/), converted to a DESSA roster and validated, each in a process of its own.
 * DESSA_BENCH_ONEROSTER_STUDENTS sets another size (a small one to try the section quickly).
 */
import { createWriteStream, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { DATA, line, measure } from './jobs.js';

const STUDENTS = Number(process.env.DESSA_BENCH_ONEROSTER_STUDENTS ?? 200_000);
const CLASSES_PER_STUDENT = 5;
const CLASS_SIZE = 25;
const STUDENTS_PER_SCHOOL = 500;
const T = '2026-08-01T00:00:00.000Z';

/** A file written line by line, waiting when the stream is full. */
async function writeLines(path: string, header: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  for (const l of lines) if (!out.write(`${l}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

/** A deterministic export: every student in 5 classes of their school, one teacher per class, 1 in 10 co-taught. */
export async function writeExport(dir: string, students: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const schools = Math.max(1, Math.ceil(students / STUDENTS_PER_SCHOOL));
  const classesPerSchool = Math.ceil((STUDENTS_PER_SCHOOL * CLASSES_PER_STUDENT) / CLASS_SIZE);
  const classes = schools * classesPerSchool;
  const files = ['classes', 'courses', 'demographics', 'enrollments', 'orgs', 'users'];
  const manifest = ['propertyName,value', 'manifest.version,1.0', 'oneroster.version,1.1'];
  writeFileSync(join(dir, 'manifest.csv'), [...manifest, ...files.map((f) => `file.${f},bulk`), ''].join('\n'));
  await writeLines(join(dir, 'orgs.csv'), 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId', [
    `d,active,${T},Bench District,district,D,`,
    ...Array.from({ length: schools }, (_, s) => `s${s},active,${T},School ${s},school,S${s},d`),
  ]);
  await writeLines(
    join(dir, 'courses.csv'),
    'sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes',
    Array.from({ length: 10 }, (_, c) => `c${c},active,${T},y,Course ${c},C${c},,d,,`),
  );
  const classHeader =
    'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,' +
    'schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods';
  await writeLines(
    join(dir, 'classes.csv'),
    classHeader,
    (function* () {
      for (let k = 0; k < classes; k++) {
        const s = Math.floor(k / classesPerSchool);
        yield `k${k},active,${T},Class ${k},,c${k % 10},K${k},scheduled,,s${s},t,,,${(k % 8) + 1}`;
      }
    })(),
  );
  const userHeader =
    'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,' +
    'middleName,identifier,email,sms,phone,agentSourcedIds,grades,password';
  const teachers = Math.ceil(classes / 5);
  await writeLines(
    join(dir, 'users.csv'),
    userHeader,
    (function* () {
      for (let t = 0; t < teachers; t++)
        yield `t${t},active,${T},true,,teacher,t${t},,Tea${t},Cher${t},,T${t},t${t}@bench.org,,,,,`;
      for (let i = 0; i < students; i++) {
        const grade = String((i % 12) + 1).padStart(2, '0');
        const ids = `{SASID:${9e9 + i}}`;
        yield `u${i},active,${T},true,,student,u${i},${ids},Given${i},Family${i},,${100000 + i},,,,,${grade},`;
      }
    })(),
  );
  const demoHeader =
    'sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,' +
    'nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity';
  await writeLines(
    join(dir, 'demographics.csv'),
    demoHeader,
    (function* () {
      for (let i = 0; i < students; i++) {
        const day = String((i % 28) + 1).padStart(2, '0');
        yield `u${i},active,${T},2012-03-${day},${i % 2 ? 'male' : 'female'},false,false,false,false,true,false,false`;
      }
    })(),
  );
  await writeLines(
    join(dir, 'enrollments.csv'),
    'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
    (function* () {
      let n = 0;
      for (let k = 0; k < classes; k++) {
        yield `e${n++},active,${T},k${k},,t${Math.floor(k / 5)},teacher,true,,`;
        if (k % 10 === 0) yield `e${n++},active,${T},k${k},,t${(Math.floor(k / 5) + 1) % teachers},teacher,false,,`;
      }
      for (let i = 0; i < students; i++) {
        const s = Math.floor(i / STUDENTS_PER_SCHOOL);
        const at = i % STUDENTS_PER_SCHOOL;
        for (let j = 0; j < CLASSES_PER_STUDENT; j++) {
          const k = s * classesPerSchool + ((at * CLASSES_PER_STUDENT + j) % classesPerSchool);
          yield `e${n++},active,${T},k${k},s${s},u${i},student,false,,`;
        }
      }
    })(),
  );
}

export async function oneRosterFigures(): Promise<void> {
  const dir = join(DATA, `oneroster-${STUDENTS}`);
  if (!existsSync(join(dir, 'enrollments.csv'))) {
    console.log(`generating a OneRoster 1.1 export of ${STUDENTS.toLocaleString('en-US')} students…`);
    await writeExport(dir, STUDENTS);
  }
  const out = join(DATA, `oneroster-${STUDENTS}.csv`);
  console.log(
    `OneRoster export of ${STUDENTS.toLocaleString('en-US')} students, 5 classes each (rows: DESSA rows made)`,
  );
  line('convert (to a DESSA roster CSV)', measure('convert', dir, out));
  line('validate (mapping + every DESSA check)', measure('validate', dir));
  rmSync(out, { force: true });
}
