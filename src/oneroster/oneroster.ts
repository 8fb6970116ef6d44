import { FIELDS } from '../fields/fields.js';
import type { IssueSink } from '../findings/issues.js';
import type { Encoding } from '../input/decode.js';
import { STUDENT_ID_COLUMNS, type StudentIdColumn } from './columns.js';
import { convertModel, type Converted } from './convert.js';
import type { OneRosterExport } from './export.js';
import { loadModel } from './load.js';

export { openOneRoster, type OneRosterExport } from './export.js';
export { SourceSink } from './source-sink.js';
export { STUDENT_ID_COLUMNS, type StudentIdColumn } from './columns.js';
export type { Converted } from './convert.js';

/** The options only a OneRoster export reads: `--student-id` and `--sasid-type`. */
export interface OneRosterOptions {
  studentId?: StudentIdColumn;
  sasidType?: string;
}

export interface ConvertOptions extends OneRosterOptions {
  encoding?: Encoding;
  delimiter?: string;
  maxField?: number;
  aliases?: ReadonlyMap<string, number | null>;
  /** yyyymmdd: enrollments that ended before it are over. */
  today: number;
}

/**
 * Reads every file of an export the roster needs and maps it to DESSA rows. Findings about the
 * export (files, columns, references, values without a DESSA form) go to `sink`, each on its
 * OneRoster file and row; the rows they keep from being made are left out.
 */
export async function convertExport(exp: OneRosterExport, opts: ConvertOptions, sink: IssueSink): Promise<Converted> {
  const studentId = opts.studentId ?? STUDENT_ID_COLUMNS[0];
  for (const note of exp.notes) {
    sink.file = note.file;
    sink.add(note.code, null, null, null, note.params);
  }
  const table = { encoding: opts.encoding, delimiter: opts.delimiter, maxField: opts.maxField, version: exp.version };
  const mapping = { studentId, sasidType: opts.sasidType, aliases: opts.aliases, today: opts.today };
  const model = await loadModel(exp, mapping, table, sink);
  sink.file = null;
  for (const [header, field] of opts.aliases ?? []) {
    if (field === null) continue;
    const p = { header, field: FIELDS[field].name };
    if (FIELDS[field].entity !== 'student') {
      const why = 'which is not a student field (only student fields are read from users.csv and demographics.csv)';
      sink.add('oneroster-map-unused', null, null, null, { ...p, why });
    } else if (!model.mappedIn.users.has(header) && !model.mappedIn.demographics.has(header)) {
      sink.add('oneroster-map-unused', null, null, null, {
        ...p,
        why: 'which neither users.csv nor demographics.csv has',
      });
    }
  }
  return convertModel(model, sink, studentId);
}
