/**
 * The fix figures: a generated roster damaged as Excel damages one (dates m/d/yyyy, zips without
 * their leading zero, KG and 03 for grades, Female and Yes, padded site names, a lower-case header),
 * corrected by `fix` with a change log. DESSA_BENCH_FIX_STUDENTS sets its size (default 20,000
 * students × 5 classes = 100,000 rows).
 */
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { generateRows } from './generate.js';
import { DATA, line, measure } from './jobs.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** One generated line with Excel's damage: a function of the values, as Excel's is. */
export function damageLine(text: string, header: boolean): string {
  const cells = text.replace(/\r\n$/, '').split(',');
  if (header) return `${cells.map((c, i) => (i % 3 === 0 ? c.toLowerCase() : c)).join(',')}\r\n`;
  const [m, d, y] = cells[8].split('/').map(Number);
  cells[0] = ` ${cells[0]} `;
  cells[7] = { F: 'Female', M: 'Male' }[cells[7]] ?? cells[7].toLowerCase();
  cells[8] = m <= 12 && d <= 12 ? `${y}-${pad2(m)}-${pad2(d)}` : `${m}/${d}/${y}`;
  cells[9] = cells[9] === 'K' ? 'KG' : Number(cells[9]) < 10 ? `0${cells[9]}` : `Grade ${cells[9]}`;
  for (let i = 10; i < 17; i++) cells[i] = { Y: 'Yes', N: 'No', U: 'u' }[cells[i]] ?? cells[i];
  if (/^0\d{4}$/.test(cells[28])) cells[28] = cells[28].slice(1);
  return `${cells.join(',')}\r\n`;
}

async function writeDamaged(path: string, students: number): Promise<void> {
  const out = createWriteStream(path);
  let first = true;
  for (const text of generateRows({ students, classesPerStudent: 5, seed: 3 })) {
    if (!out.write(damageLine(text, first))) await once(out, 'drain');
    first = false;
  }
  out.end();
  await once(out, 'finish');
}

export async function fixFigures(): Promise<void> {
  const students = Number(process.env.DESSA_BENCH_FIX_STUDENTS ?? 20_000);
  mkdirSync(DATA, { recursive: true });
  const damaged = join(DATA, `roster-damaged-${students}.csv`);
  if (!existsSync(damaged)) await writeDamaged(damaged, students);
  const size = (statSync(damaged).size / 1e6).toFixed(1);
  console.log(`fix (${students.toLocaleString('en-US')} students × 5 classes, Excel-damaged, ${size} MB)`);
  const f = measure('fix', damaged, join(DATA, 'fixed.csv'), join(DATA, 'changes.csv'));
  line('fix --changes', f);
  console.log(`cells changed: ${f.changed}, rows dropped: ${f.dropped}, copy valid: ${f.valid}`);
}
