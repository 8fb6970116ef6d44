import * as yup from 'yup';
import { normalizeHeader } from '../checks/header.js';
import { closest, namesOf } from '../checks/similar.js';
import { DessaError } from '../base/errors.js';
import { ENCODINGS, type Encoding } from '../input/decode.js';
import { parseDelimiter } from '../input/delimiter.js';
import { NotJsonFile, readJsonFile } from '../input/json-file.js';
import type { ReadOptions } from '../read/read.js';
import { shown } from '../plan/shown.js';
import { FIELDS } from '../fields/fields.js';
import { STUDENT_ID_COLUMNS, type StudentIdColumn } from '../oneroster/oneroster.js';

/** Reading options shared by validate, diff and apply, as commander hands them over. */
export interface RawReadOptions {
  delimiter?: string;
  encoding?: string;
  map?: string;
  maxErrors?: string;
  maxFieldBytes?: string;
  maxZipBytes?: string;
  maxZipEntries?: string;
  threads?: string;
  /** OneRoster exports: the users.csv column read as the Student ID, and the userIds type read as the SASID. */
  studentId?: string;
  sasidType?: string;
}

/**
 * A number typed as digits only: yup's own cast reads "1e3", "0x10", "1 000" or "1.0" as numbers,
 * and an empty value would be no better than a typo. Anything else is NaN, refused by typeError.
 */
const digits = () =>
  yup.number().transform((value, typed: unknown) => {
    if (typed === undefined) return value;
    return typeof typed === 'string' && /^\s*\d+\s*$/.test(typed) ? Number(typed) : NaN;
  });

const typedAs =
  (flag: string, what: string) =>
  ({ originalValue }: { originalValue: unknown }) =>
    `${flag} must be ${what}, not ${JSON.stringify(shown(String(originalValue)))}`;

const count = (flag: string) => digits().typeError(typedAs(flag, 'a whole number (0 or more)'));

const readSchema = yup.object({
  encoding: yup.string().oneOf([...ENCODINGS], `--encoding must be one of ${ENCODINGS.join(', ')}`),
  maxErrors: count('--max-errors'),
  maxFieldBytes: count('--max-field-bytes').min(1, '--max-field-bytes must be at least 1'),
  maxZipBytes: count('--max-zip-bytes'),
  maxZipEntries: count('--max-zip-entries'),
  threads: digits().typeError(typedAs('--threads', '1 or 2')).oneOf([1, 2], '--threads must be 1 or 2'),
  studentId: yup
    .string()
    .oneOf([...STUDENT_ID_COLUMNS], `--student-id must be one of ${STUDENT_ID_COLUMNS.join(', ')}`),
  sasidType: yup
    .string()
    .matches(/^[^{}:,]{1,64}$/, '--sasid-type must be the type a userIds entry names ({TYPE:value}), e.g. SASID'),
});

/** Checks an options object with yup and turns its complaint into a usage error. */
export function validateOptions<T extends yup.AnyObject>(schema: yup.ObjectSchema<T>, raw: unknown): T {
  try {
    return schema.validateSync(raw, { abortEarly: true, stripUnknown: true }) as T;
  } catch (err) {
    throw new DessaError('usage', (err as yup.ValidationError).errors?.[0] ?? String(err));
  }
}

const mapSchema = yup.object().test('targets', '', function check(value) {
  const seen = new Map<string, string>();
  const sources = new Map<string, string>();
  for (const [from, to] of Object.entries(value ?? {})) {
    if (to === null) {
      // Ignoring a spec column would blank its field for every student without a word.
      if (FIELDS.some((f) => normalizeHeader(f.name) === normalizeHeader(from))) {
        return this.createError({
          message: `${JSON.stringify(from)} is a spec field and cannot be mapped to null (ignored)`,
        });
      }
    } else if (typeof to !== 'string') {
      return this.createError({
        message: `mapping for ${JSON.stringify(from)} must be a field name (a string) or null to ignore the column`,
      });
    }
    const sameSource = sources.get(normalizeHeader(from));
    if (sameSource !== undefined) {
      const both = `${JSON.stringify(sameSource)} and ${JSON.stringify(from)}`;
      const why = 'are one column (names match ignoring case and spacing): keep one';
      return this.createError({ message: `columns ${both} ${why}` });
    }
    sources.set(normalizeHeader(from), from);
    if (to === null) continue;
    const field = FIELDS.find((f) => normalizeHeader(f.name) === normalizeHeader(to));
    if (!field) {
      const near = closest(to, FIELDS, (f) => namesOf(f.name), true).slice(0, 3);
      const hint = near.length > 0 ? `did you mean ${near.map((c) => JSON.stringify(c.item.name)).join(' or ')}? ` : '';
      const what = `${JSON.stringify(to)} (mapped from ${JSON.stringify(from)})`;
      return this.createError({ message: `${what} is not a spec field; ${hint}see dessa-roster spec` });
    }
    const before = seen.get(field.name);
    if (before)
      return this.createError({
        message:
          `field ${JSON.stringify(field.name)} is mapped twice ` +
          `(from ${JSON.stringify(before)} and ${JSON.stringify(from)})`,
      });
    seen.set(field.name, from);
  }
  return true;
});

/** Reads a --map JSON file: SIS column name -> spec field name, or null for a column to ignore. */
export async function loadMap(path: string): Promise<Map<string, number | null>> {
  let raw: unknown;
  try {
    raw = await readJsonFile(path);
  } catch (err) {
    // Never the engine's message: it quotes the file's first bytes, and the path may name a file
    // that is no map at all (an edited plan's read.map pointed at /etc/passwd).
    const notJson = (why: string) =>
      `not a JSON map: ${why}; save it as a JSON object of "SIS column": "Spec field", in UTF-8`;
    const why =
      err instanceof NotJsonFile
        ? notJson(err.why)
        : `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
    throw new DessaError('bad-map', `--map ${path}: ${why}`, { path });
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new DessaError('bad-map', `--map ${path}: must be a JSON object of "SIS column": "Spec field"`);
  try {
    mapSchema.validateSync(raw);
  } catch (err) {
    throw new DessaError('bad-map', `--map ${path}: ${(err as yup.ValidationError).message}`, { path });
  }
  // Keyed by the column name as the map writes it: the header check normalizes, and names it when the file lacks it.
  const aliases = new Map<string, number | null>();
  for (const [from, to] of Object.entries(raw as Record<string, string | null>)) {
    aliases.set(from, to === null ? null : FIELDS.findIndex((f) => normalizeHeader(f.name) === normalizeHeader(to)));
  }
  return aliases;
}

export async function normalizeReadOptions(raw: RawReadOptions): Promise<ReadOptions & { threads?: number }> {
  const o = validateOptions(readSchema, raw);
  return {
    delimiter: raw.delimiter === undefined ? undefined : parseDelimiter(raw.delimiter),
    encoding: o.encoding as Encoding | undefined,
    aliases: raw.map === undefined ? undefined : await loadMap(raw.map),
    limits: { perCode: 1000, maxErrors: o.maxErrors ?? 0 },
    maxField: o.maxFieldBytes,
    threads: o.threads,
    oneRoster: { studentId: o.studentId as StudentIdColumn | undefined, sasidType: o.sasidType },
    zip: {
      ...(o.maxZipBytes !== undefined && { maxTotalBytes: o.maxZipBytes }),
      ...(o.maxZipEntries !== undefined && { maxEntries: o.maxZipEntries }),
    },
  };
}
