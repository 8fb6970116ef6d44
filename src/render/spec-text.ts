import { FIELDS, FIELD_NAMES } from '../fields/fields.js';

/** The blank import template: the header row, CRLF-terminated as Excel writes it. */
export function templateCsv(): string {
  return `${FIELD_NAMES.join(',')}\r\n`;
}

export type SpecFormat = 'text' | 'markdown' | 'json';

export function renderSpec(format: SpecFormat): string {
  if (format === 'json') {
    return `${JSON.stringify(
      FIELDS.map((f) => ({
        name: f.name,
        key: f.key,
        required: f.required,
        rule: f.rule,
        values: f.values ?? null,
        example: f.example,
      })),
      null,
      2,
    )}\n`;
  }
  const rows = FIELDS.map((f, i) => [String(i + 1), f.name, f.required ? 'Y' : 'N', f.rule]);
  if (format === 'markdown') {
    const lines = [
      '| # | Field Name | Required | Validation |',
      '|---|---|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ];
    return `${lines.join('\n')}\n`;
  }
  const head = ['#', 'Field Name', 'Required', 'Validation'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r
      .map((v, c) => v.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return `${[line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}
