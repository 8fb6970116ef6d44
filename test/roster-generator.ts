import { FIELD_NAMES } from '../src/fields/fields.js';

/*
 * Large valid rosters for the tests that need many rows (two-thread reading, batches, interrupted
 * writes). The tests rely on its shape: six-digit student ids from 100000, accented names, DOB
 * after Gender, five classes per student. The benchmark has a generator of its own (bench/), so
 * changing one never moves the other's figures or fixtures.
 */

/** mulberry32: a small seeded PRNG, so the same seed always writes the same file. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Ava',
  'Liam',
  'Sofía',
  'Noah',
  'Mia',
  'Mateo',
  'Zoe',
  'Ethan',
  'Chloé',
  'Aiden',
  'Layla',
  'Lucas',
  'Amara',
  'Jamal',
  'Priya',
  'Wei',
  'Hana',
  'Diego',
  'Fatima',
  'Owen',
];
const LAST = [
  'Smith',
  'García',
  'Nguyen',
  'Johnson',
  "O'Brien",
  'Patel',
  'Kim',
  'Williams',
  'Brown',
  'Martinez',
  'Lee',
  'Okafor',
  'Rossi',
  'Cohen',
  'Silva',
  'Novak',
  'Jones',
  'Hernández',
  'Khan',
  'Davis',
];
const SITES = [
  'Lincoln Elementary',
  'Washington Middle',
  'Roosevelt High',
  'Jefferson Elementary',
  'Adams Academy',
  'Madison K-8',
  'Hamilton Elementary',
  'Franklin Middle',
];
const SUBJECTS = ['Homeroom', 'Math', 'ELA', 'Science', 'Social Studies', 'Art', 'Music', 'PE'];
const GRADES = ['K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];
const GENDERS = ['M', 'F', 'M', 'F', 'M', 'F', 'X', 'U'];

export interface GenerateOptions {
  students: number;
  classesPerStudent: number;
  seed: number;
  /** Students per site (sets the number of sites). */
  studentsPerSite?: number;
  /** Students per class section. */
  classSize?: number;
  /** Year the file is made in, for ages; fixed so output never depends on the clock. */
  year?: number;
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Writes a valid roster, one row per student × class, line by line. */
export function* generateRows(o: GenerateOptions): Generator<string> {
  const rand = prng(o.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
  const perSite = o.studentsPerSite ?? 500;
  const classSize = o.classSize ?? 25;
  const year = o.year ?? 2026;
  const k = Math.min(o.classesPerStudent, SUBJECTS.length);
  yield `${FIELD_NAMES.map(csvCell).join(',')}\r\n`;
  for (let s = 0; s < o.students; s++) {
    const siteNo = Math.floor(s / perSite);
    const copy = siteNo >= SITES.length ? ` ${Math.floor(siteNo / SITES.length) + 1}` : '';
    const site = `${SITES[siteNo % SITES.length]}${copy}`;
    const section = Math.floor((s % perSite) / classSize);
    // A section is one grade, as a homeroom is.
    const grade = GRADES[(section + siteNo) % GRADES.length];
    const age = 5 + GRADES.indexOf(grade);
    const dob = `${pad(1 + Math.floor(rand() * 12), 2)}/${pad(1 + Math.floor(rand() * 28), 2)}/${year - age - 1}`;
    const race = Array.from({ length: 7 }, () => (rand() < 0.2 ? 'Y' : rand() < 0.9 ? 'N' : 'U'));
    const flags = Array.from({ length: 8 }, () => (rand() < 0.5 ? '' : rand() < 0.15 ? 'Y' : 'N'));
    const zip = rand() < 0.3 ? '' : pad(1000 + Math.floor(rand() * 98000), 5);
    const studentId = String(100000 + s);
    const sasid = rand() < 0.2 ? '' : String(9000000000 + s);
    const student = [studentId, pick(LAST), pick(FIRST), pick(GENDERS), dob, grade, ...race];
    for (let j = 0; j < k; j++) {
      const teacher = siteNo * 1000 + section * SUBJECTS.length + j;
      const staff = [
        LAST[teacher % LAST.length],
        FIRST[(teacher * 7) % FIRST.length],
        `t${teacher}@district.example.org`,
      ];
      const cls = [
        `${SUBJECTS[j]} ${grade}-${section}`,
        `${SUBJECTS[j].slice(0, 3).toUpperCase()}${grade}${section}`,
        String(j + 1),
      ];
      yield `${[site, ...staff, ...student, ...cls, ...flags, zip, sasid].map(csvCell).join(',')}\r\n`;
    }
  }
}
