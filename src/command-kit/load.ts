import { resolve } from 'node:path';
import * as yup from 'yup';
import { DessaError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';
import { checkLengths } from '../db/limits.js';
import type { SourceFile } from '../db/apply.js';
import type { Scope } from '../db/tables.js';
import { desiredFrom, type Desired } from '../plan/entities.js';
import { DEFAULT_GUARDS, parseLimit, type GuardOptions, type Limit } from '../plan/guards.js';
import type { ReadOptions } from '../plan/read-options.js';
import { shown } from '../plan/shown.js';
import { versionOf } from '../read/pick-rows.js';
import { readRoster } from '../read/read.js';
import type { Report } from '../findings/report.js';
import type { Progress } from '../render/progress.js';
import { fileVersion, scopeFrom, sha256File, type RawScopeOptions } from './database.js';
import { normalizeReadOptions, validateOptions, type RawReadOptions } from './options.js';
import { emit, type Output } from './output.js';
import { renderReport } from './validation-report.js';

/* What diff and apply share: their options, their guards, and a roster file read for the database. */

export interface RawPlanOptions extends RawReadOptions, RawScopeOptions {
  format?: string;
  output?: string;
  quiet?: boolean;
  maxRemovals?: string;
  maxUpdates?: string;
  force?: boolean;
}

export const formatSchema = yup.object({
  // html is diff's only (apply's --format choices stop at json).
  format: yup.string().oneOf(['text', 'json', 'html'], '--format must be text, json or html').default('text'),
});

/** A guard limit as given; an empty one is refused, not taken for the default. A count is whole. */
function limitFrom(value: string | undefined, flag: string, fallback: Limit): Limit {
  if (value === undefined) return fallback;
  const refused = new DessaError(
    'usage',
    `${flag} takes a percentage (10%) or a whole count (500), not ${JSON.stringify(shown(value))}`,
  );
  let limit: Limit;
  try {
    limit = parseLimit(value, flag);
  } catch {
    throw refused;
  }
  if (limit.count !== undefined && !Number.isInteger(limit.count)) throw refused;
  return limit;
}

export function guardsFrom(raw: RawPlanOptions): GuardOptions {
  return {
    maxRemovals: limitFrom(raw.maxRemovals, '--max-removals', DEFAULT_GUARDS.maxRemovals),
    maxUpdates: limitFrom(raw.maxUpdates, '--max-updates', DEFAULT_GUARDS.maxUpdates),
    force: Boolean(raw.force),
  };
}

export interface Loaded {
  scope: Scope;
  desired: Desired;
  file: SourceFile;
  /** The reading options the file was read with: a saved plan keeps them, a run records their digest. */
  read: ReadOptions;
}

/** The reading options that change what a file says, as a saved plan keeps them (paths made absolute). */
async function readOptionsOf(raw: RawReadOptions): Promise<ReadOptions> {
  const read: ReadOptions = {};
  if (raw.delimiter !== undefined) read.delimiter = raw.delimiter;
  if (raw.encoding !== undefined) read.encoding = raw.encoding;
  if (raw.map !== undefined) {
    read.map = resolve(raw.map);
    read.mapSha256 = await sha256File(raw.map);
  }
  if (raw.studentId !== undefined) read.studentId = raw.studentId;
  if (raw.sasidType !== undefined) read.sasidType = raw.sasidType;
  return read;
}

/** A file with validation errors: its report was printed; apply records the refusal. */
export interface Invalid {
  invalid: true;
  scope: Scope;
  file: Omit<SourceFile, 'sha256'>;
  /** The validation report, as printed (sync writes it into the district's reports folder). */
  report: Report;
}

/**
 * Validates the file and turns it into what the database should hold; a file with errors
 * prints its validation report (none for a quiet text one) and gives exit 1 (nothing is compared or written).
 * `name` is the file as messages and history name it (sync: where it was delivered), `file` its path here.
 */
export async function loadForDatabase(
  file: string,
  raw: RawPlanOptions,
  out: Output,
  progress?: Progress,
  name: string = file,
): Promise<Loaded | Invalid> {
  const scope = scopeFrom(raw);
  const format = validateOptions(formatSchema, raw).format;
  if (file === '-')
    throw new DessaError('usage', 'diff and apply need a file path (its sha256 is recorded), not standard input');
  const options = await normalizeReadOptions(raw);
  // Hashed once the map has been checked (a missing one is refused there), as the map that was read.
  const read = await readOptionsOf(raw);
  const version = await fileVersion(file);
  const readable = format === 'html' ? await versionOf(file) : null;
  progress?.step(`validating ${name}`);
  const { report, roster } = await readRoster(file, options);
  if (!report.valid) {
    progress?.end();
    const found = `${escapeControls(name)} has ${report.summary.errors} validation error(s)`;
    out.stderr.write(`dessa-roster: [invalid] ${found}; nothing compared or written.\n`);
    // As validate -q: no text report, the line above and the exit code tell; JSON is printed on every path.
    if (!(raw.quiet && format === 'text'))
      await emit(
        await renderReport(report, format, name, out, false, false, false, {
          path: file,
          opts: options,
          version: readable,
        }),
        undefined,
        out,
      );
    return { invalid: true, scope, file: { name, rows: report.summary.rows }, report };
  }
  const desired = desiredFrom(roster);
  checkLengths(desired);
  const sha256 = await sha256File(file);
  // The file is read twice (its rows, then its sha256): both must have seen the same bytes, or
  // --if-changed could later skip a file whose rows were never the ones applied.
  if ((await fileVersion(file)) !== version) {
    throw new DessaError(
      'file-changed',
      `${name} changed while it was being read (is it still being written or uploaded?); ` +
        'nothing compared or written: run again once it is complete',
      { file: name },
    );
  }
  return { scope, desired, file: { name, sha256, rows: report.summary.rows }, read };
}
