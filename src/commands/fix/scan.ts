import { SEP } from '../../base/keys.js';
import { COL, FIELDS, STUDENT_ATTRS } from '../../fields/fields.js';
import { IssueSink } from '../../findings/issues.js';
import type { IssueCode } from '../../findings/messages.js';
import { runReader, type ReadOptions } from '../../read/reader.js';
import { looksDayFirst } from '../../repair/dates.js';
import { repairCell, type RepairContext } from '../../repair/value.js';
import { trimValue } from '../../repair/whitespace.js';
import { FixStage } from './stage.js';

/** What the first reading of the input tells the second, which writes the copy. */
export interface ScanFacts {
  /** Some date of birth is written day first: ambiguous month-first dates stay as they are. */
  dayFirstFile: boolean;
  /** Student ID + SEP + field index: repairs not made because the student's rows would then disagree. */
  withheld: Set<string>;
  /** Why no copy can be written, or null. */
  notWritten: string | null;
  encoding: string | null;
  delimiter: string | null;
}

/** Findings after which the rows cannot be put in spec columns, or some would be lost without a word. */
const BLOCKING: Partial<Record<IssueCode, string>> = {
  'missing-column': 'a required column is missing',
  'duplicate-column': 'a column is given twice',
  'misspelled-column': 'a column name is close to a spec field the file lacks',
  'zip-entry-workbook': 'a zip entry is a spreadsheet workbook',
  'empty-file': 'the file (or a zip entry) is empty',
};

/** A student's repaired attributes on its first row; bit k of `repaired`: a value repair made STUDENT_ATTRS[k]. */
interface Seen {
  values: string[];
  repaired: number;
}

/**
 * Reads the input once without writing: whether it is day-first anywhere, which repairs would
 * make a student's rows disagree (those are held on every row of the student), and whether a
 * copy can be written at all.
 */
export async function scanInput(path: string, opts: ReadOptions, today: number): Promise<ScanFacts> {
  let state = fresh();
  const read = await runReader(path, opts, () => {
    state = fresh();
    return new FixStage(state.sink, opts, {
      header: (_file, _cells, match) => (state.columns = match.columns),
      blank: () => {},
      misshapen: (_file, row) => (state.misshapen ??= row),
      record: (_file, _row, cells) => scanRow(state, cells, today),
    });
  });
  const blocked = Object.entries(BLOCKING).flatMap(([code, why]) =>
    (state.sink.counts.get(code as IssueCode) ?? 0) > 0 ? [why] : [],
  );
  if (state.misshapen !== null)
    blocked.push(`row ${state.misshapen} (and maybe others) has another number of cells than its header`);
  if (read.partial) blocked.push('reading stopped before the end (see the errors below)');
  const notWritten =
    blocked.length === 0
      ? null
      : `no corrected copy was written: ${blocked.join('; ')}. ` +
        'Correct this in the file (or pass --map), then run fix again';
  return { dayFirstFile: state.dayFirst, withheld: state.withheld, notWritten, ...read };
}

function fresh() {
  return {
    sink: new IssueSink({ perCode: 1000, maxErrors: 0 }),
    columns: null as number[] | null,
    misshapen: null as number | null,
    dayFirst: false,
    students: new Map<string, Seen>(),
    withheld: new Set<string>(),
  };
}

function scanRow(state: ReturnType<typeof fresh>, cells: (string | Buffer)[], today: number): void {
  const columns = state.columns;
  if (columns === null) return;
  const cell = (field: number) => {
    const at = columns[field];
    const v = at < 0 ? '' : cells[at];
    return typeof v === 'string' ? v : null;
  };
  const dob = cell(FIELDS.findIndex((f) => f.kind === 'date'));
  if (dob !== null && !state.dayFirst && looksDayFirst(trimValue(dob), today)) state.dayFirst = true;
  const id = cell(COL.studentId);
  if (id === null) return;
  const sid = trimValue(id);
  // Repaired as if no date were day-first: the more repairs, the more disagreements are found and held.
  const ctx: RepairContext = { today, dayFirstFile: false };
  const values: string[] = [];
  let repaired = 0;
  STUDENT_ATTRS.forEach((field, k) => {
    const raw = cell(field);
    if (raw === null) return values.push('');
    const out = repairCell(field, raw, ctx);
    values.push(out.value);
    if (out.rule !== null && out.rule !== 'trim-whitespace') repaired |= 1 << k;
  });
  const seen = state.students.get(sid);
  if (seen === undefined) {
    state.students.set(sid, { values, repaired });
    return;
  }
  STUDENT_ATTRS.forEach((field, k) => {
    // Values that differ where neither was repaired already disagree in the input (validate says so).
    if (values[k] !== seen.values[k] && ((repaired | seen.repaired) & (1 << k)) !== 0)
      state.withheld.add(`${sid}${SEP}${field}`);
  });
  seen.repaired |= repaired;
}
