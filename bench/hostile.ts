/**
 * Hostile files a reader must not hold in memory: a quote that never closes, a 40 MB line,
 * an error on every row. The tests check what validate reports for them; this measures what
 * it costs (one thread, as the worst case: nothing is split across threads).
 */
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { generateRows } from './generate.js';
import { DATA, line, measure } from './jobs.js';

/** Writes `mb` megabytes of `fill` after `start`, in 1 MB pieces; an existing file is kept. */
async function bigFile(name: string, start: string, fill: string, mb: number): Promise<string> {
  const path = join(DATA, name);
  if (existsSync(path)) return path;
  mkdirSync(DATA, { recursive: true });
  const out = createWriteStream(path);
  out.write(start);
  const piece = fill.repeat(Math.ceil((1 << 20) / fill.length));
  for (let i = 0; i < mb; i++) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return path;
}

export async function hostileFigures(): Promise<void> {
  const [header, ...rows] = [...generateRows({ students: 1000, classesPerStudent: 1, seed: 2 })];
  // Gender q on every row: one invalid-value finding a row, so the report's issue list must stay capped.
  const invalid = rows.map((r) => r.replace(/,(M|F|X|U),(\d\d\/)/, ',q,$2')).join('');
  const unclosed = `${header}${rows[0]}x,"never closed,`;
  const files: [string, string][] = [
    ['quote never closed, then 40 MB', await bigFile('hostile-quote.csv', unclosed, 'a,b,c,d\n', 40)],
    ['one 40 MB line, no line end', await bigFile('hostile-line.csv', `${header}${rows[0]}`, 'x'.repeat(1000), 40)],
    ['30 MB, an error on every row', await bigFile('hostile-errors.csv', header, invalid, 30)],
  ];
  console.log('hostile files (validate, 1 thread)');
  for (const [label, file] of files) line(label, measure('validate', file, '1'), { rate: false });
}
