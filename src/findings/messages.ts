/**
 * Every finding's code, severity and message template, in one registry.
 * Codes are stable kebab-case: CI scripts and the JSON report depend on them.
 * Each message ends with what to do about it.
 */

import { ONEROSTER_RULES } from './oneroster-messages.js';

export type Severity = 'error' | 'warning';

export type Params = Record<string, string | number | undefined>;

interface Rule {
  severity: Severity;
  title: string;
  message: (p: Params) => string;
}

const q = (v: unknown) => JSON.stringify(String(v ?? ''));
/** The row a cross-row finding compares with, and its zip entry when that is another one. */
const firstAt = (p: Params) => `row ${p.firstRow}${p.firstFile === undefined ? '' : ` of ${p.firstFile}`}`;

const SPEC_RULES = {
  // file level
  'empty-file': {
    severity: 'error',
    title: 'Empty file',
    message: () => 'The file is empty: export the roster again with its header row and data rows.',
  },
  'missing-column': {
    severity: 'error',
    title: 'Missing required columns',
    message: (p) =>
      `Missing required column${Number(p.count) > 1 ? 's' : ''}: ${p.columns}. ` +
      `Add ${Number(p.count) > 1 ? 'them' : 'it'} to the header row (see \`dessa-roster template\`).${p.hint ?? ''}`,
  },
  'duplicate-column': {
    severity: 'error',
    title: 'Column given twice',
    message: (p) => `Column ${q(p.column)} appears twice in the header (columns ${p.first} and ${p.second}): keep one.`,
  },
  'unknown-column': {
    severity: 'warning',
    title: 'Unknown column ignored',
    message: (p) =>
      `Column ${q(p.header)} is not in the spec and is ignored; remove or rename it if it was meant` +
      ' to be a spec field (or map it to null with --map to ignore it quietly).',
  },
  'misspelled-column': {
    severity: 'error',
    title: 'Column name close to a spec field',
    message: (p) =>
      `Column ${q(p.header)} is not a spec field but looks like ${q(p.field)}, which the file lacks, ` +
      `so ${q(p.field)} would be read as blank for every student: rename the column to ${q(p.field)} ` +
      'or map it with --map; if it is a column of its own, ' +
      `delete it or ignore it with --map '{${JSON.stringify(p.header)}: null}'.`,
  },
  'blank-header': {
    severity: 'warning',
    title: 'Values under a blank header',
    message: (p) =>
      `Column ${p.position} has no header but holds values (first on this row); they are ignored: ` +
      'give the column its spec field name, or delete it.',
  },
  'unused-map-column': {
    severity: 'warning',
    title: '--map column not in the file',
    message: (p) =>
      `--map names column ${q(p.source)} (for ${q(p.field)}), which this file does not have` +
      `${p.close ? `; close matches in the file: ${p.close}` : ''}: correct the name in the map file.`,
  },
  'no-data-rows': {
    severity: 'error',
    title: 'No data rows',
    message: () =>
      'The file has a header but no data rows: ' +
      'applying it would remove every student and staff member. Check the export.',
  },
  'encoding-fallback': {
    severity: 'warning',
    title: 'Not UTF-8',
    message: (p) =>
      `The file is not valid UTF-8 and was read as ${p.encoding}; ` +
      'save it as UTF-8 to be sure accents come through as typed.',
  },
  'invalid-utf8': {
    severity: 'error',
    title: 'Byte not UTF-8',
    message: (p) =>
      `${p.where ? `${p.where}: ` : ''}${q(p.value)}: ${p.bytes}, though the file is UTF-8: ` +
      `retype ${Number(p.count) > 1 ? 'these characters' : 'that character'} (probably pasted from another program) ` +
      'and save the file as CSV UTF-8.',
  },
  'zip-entry-workbook': {
    severity: 'error',
    title: 'Spreadsheet workbook in the zip',
    message: (p) =>
      `This zip entry is a spreadsheet workbook (${p.what}), not CSV text, so its rows cannot be read ` +
      'and its students would count as gone: open it in Excel (or LibreOffice Calc), use File > Save As > ' +
      '"CSV UTF-8 (Comma delimited)" and put that file in the zip instead.',
  },
  'zip-entry-ignored': {
    severity: 'warning',
    title: 'Zip entries ignored',
    message: (p) =>
      `${p.count} zip ${Number(p.count) > 1 ? 'entries are' : 'entry is'} not a .csv, .tsv or .txt ` +
      `roster and ${Number(p.count) > 1 ? 'were' : 'was'} ignored: ${p.names}. ` +
      `If ${Number(p.count) > 1 ? 'one' : 'it'} holds roster rows, ` +
      'save it as CSV UTF-8 (.csv) and zip again; otherwise remove it from the zip.',
  },
  // structure
  'blank-row': {
    severity: 'warning',
    title: 'Blank row skipped',
    message: () => 'Blank row (or only delimiters) skipped; delete it from the export.',
  },
  'too-many-cells': {
    severity: 'error',
    title: 'Too many cells',
    message: (p) =>
      `Row has ${p.found} cells but the header has ${p.expected}: ` +
      `a value probably contains an unquoted ${p.delimiter}. Quote it.`,
  },
  'too-few-cells': {
    severity: 'error',
    title: 'Too few cells',
    message: (p) => `Row has ${p.found} cells but the header has ${p.expected}: fill in or add the missing cells.`,
  },
  'unclosed-quote': {
    severity: 'error',
    title: 'Quote never closed',
    message: () =>
      'A quoted value opened on this row is never closed, so the rest of the file cannot be read: ' +
      'close the quote or double any quote inside the value ("").',
  },
  'field-too-large': {
    severity: 'error',
    title: 'Value too large',
    message: (p) =>
      `A value that starts on this row is over ${p.limit} bytes; reading stopped. ` +
      'Usually a quote that never closes: check this row.',
  },
  'row-too-large': {
    severity: 'error',
    title: 'Row too large',
    message: (p) => `A row starting here has over ${p.limit} cells; reading stopped. Check the delimiter and this row.`,
  },
  'stray-quote': {
    severity: 'warning',
    title: 'Stray quote',
    message: () =>
      'A quote appears inside an unquoted value or after a closing quote; it was kept as typed. ' +
      'Quote the whole value and double inner quotes ("").',
  },
  // values
  'required-blank': {
    severity: 'error',
    title: 'Required value blank',
    message: (p) => `${p.column} is required: fill it in.`,
  },
  'invalid-email': {
    severity: 'error',
    title: 'Invalid email',
    message: (p) => `${q(p.value)} is not an email address (local@domain.tld, no spaces).${p.hint ?? ''}`,
  },
  'invalid-date-format': {
    severity: 'error',
    title: 'Date not mm/dd/yyyy',
    message: (p) =>
      `${q(p.value)} is not mm/dd/yyyy${p.hint ?? ''}` +
      (p.suggestion
        ? `: write it as ${p.suggestion}`
        : ' (two-digit month and day, four-digit year, e.g. 03/14/2016)') +
      '.',
  },
  'invalid-date': {
    severity: 'error',
    title: 'Impossible date',
    message: (p) => `${q(p.value)} is not a real calendar date (${p.reason}); correct the day or month.`,
  },
  'future-date': {
    severity: 'error',
    title: 'Date in the future',
    message: (p) => `${q(p.value)} is in the future; a date of birth must be on or before ${p.today}.`,
  },
  'unlikely-dob': {
    severity: 'warning',
    title: 'Unlikely date of birth',
    message: (p) =>
      `${q(p.value)} makes the student ${p.age} years old (${p.why}); ` + 'check the date of birth in the export.',
  },
  'invalid-grade': {
    severity: 'error',
    title: 'Invalid grade level',
    message: (p) => `${q(p.value)} is not a grade level (K, 1 to 12)${p.suggestion ? `: use ${q(p.suggestion)}` : ''}.`,
  },
  'invalid-value': {
    severity: 'error',
    title: 'Value not allowed',
    message: (p) =>
      `${q(p.value)} is not allowed in ${p.column}; use one of ${p.allowed}` +
      `${p.suggestion ? ` (did you mean ${q(p.suggestion)}?)` : ''}.`,
  },
  'wrong-case': {
    severity: 'error',
    title: 'Value in the wrong case',
    message: (p) => `${q(p.value)} must be written ${q(p.suggestion)} (values are case-sensitive).`,
  },
  'invalid-zip': {
    severity: 'error',
    title: 'Invalid zip code',
    message: (p) =>
      `${q(p.value)} is not a 5-digit zip code` +
      `${p.suggestion ? `: did you mean ${q(p.suggestion)}?` : ' (leave blank or use #####)'}${p.hint ?? ''}`,
  },
  'control-character': {
    severity: 'error',
    title: 'Invisible control character',
    message: (p) =>
      `${q(p.value)} contains an invisible control character (${p.char}${p.name ? ` ${p.name}` : ''}, ` +
      `position ${p.position}); delete it (it often comes from a copy and paste) and export again${p.hint ?? ''}.`,
  },
  'excel-formula-text': {
    severity: 'error',
    title: 'Excel formula instead of a value',
    message: (p) =>
      `${q(p.value)} is Excel formula text (="…", written to keep leading zeros), not the value itself: ` +
      `write the value without the = and quotes, e.g. ${q(p.suggestion)}; or export again without ` +
      "Excel's text protection.",
  },
  'lookalike-character': {
    severity: 'warning',
    title: 'Character that looks like another',
    message: (p) =>
      `${q(p.value)} holds ${p.what}, so it differs from text that looks the same (another site, student ` +
      `or class shown identically): ${p.fix}.`,
  },
  'value-too-long': {
    severity: 'error',
    title: 'Value too long',
    message: (p) =>
      `${p.column} holds at most ${p.limit} characters and this value has ${p.length}; ` + 'shorten it in the export.',
  },
  'scientific-notation': {
    severity: 'warning',
    title: 'ID in scientific notation',
    message: (p) =>
      `${q(p.value)} looks like Excel rewrote a long number in scientific notation, which loses digits; ` +
      'format the column as Text in Excel and export again.',
  },
  // across rows
  'student-conflict': {
    severity: 'error',
    title: 'Student differs between rows',
    message: (p) =>
      `Student ${q(p.key)} has ${p.column} ${q(p.value)} here but ${q(p.first)} on ${firstAt(p)}; ` +
      "a student's details must be the same on all rows.",
  },
  'staff-conflict': {
    severity: 'error',
    title: 'Staff member differs between rows',
    message: (p) =>
      `Staff ${q(p.key)} has ${p.column} ${q(p.value)} here but ${q(p.first)} on ${firstAt(p)}; ` +
      'one email address belongs to one person (compared ignoring case).',
  },
  'staff-email-case': {
    severity: 'warning',
    title: 'Staff email spelt in two cases',
    message: (p) =>
      `Staff ${q(p.key)} has the email ${q(p.value)} here but ${q(p.first)} on ${firstAt(p)}: one person ` +
      `(emails are compared ignoring case), stored as ${q(p.first)}; spell it one way in the export.`,
  },
  'sasid-conflict': {
    severity: 'error',
    title: 'SASID shared by students',
    message: (p) =>
      `SASID ${q(p.value)} belongs to Student ID ${q(p.first)} on ${firstAt(p)} and to ${q(p.key)} here; ` +
      'a SASID identifies one student.',
  },
  'class-conflict': {
    severity: 'error',
    title: 'Class name differs between rows',
    message: (p) =>
      `Class ${p.key} is named ${q(p.value)} here but ${q(p.first)} on ${firstAt(p)}; ` +
      'one site + class code + period has one class name.',
  },
  'duplicate-row': {
    severity: 'warning',
    title: 'Duplicate row',
    message: (p) => `Same student, class and staff as ${firstAt(p)}; delete the duplicate.`,
  },
} satisfies Record<string, Rule>;

/** The spec's rules and those of a OneRoster export's conversion (oneroster-messages.ts). */
export const RULES = { ...SPEC_RULES, ...ONEROSTER_RULES };
export type IssueCode = keyof typeof RULES;

export const severityOf = (code: IssueCode): Severity => RULES[code].severity;
export const formatMessage = (code: IssueCode, params: Params): string => (RULES[code] as Rule).message(params);
