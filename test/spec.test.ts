import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../src/fields/fields.js';
import { renderSpec, templateCsv } from '../src/render/spec-text.js';
import { ROOT, specTable } from './helpers.js';

describe('spec table', () => {
  it('holds the 30 fields of the seed table, in order, with its Required and Validation columns', () => {
    const table = specTable();
    expect(table).toHaveLength(30);
    expect(FIELDS.map((f) => [f.name, f.required ? 'Y' : 'N', f.rule])).toEqual(table);
  });

  it('template is byte for byte DESSA_Import_Template.csv', () => {
    expect(Buffer.from(templateCsv())).toEqual(readFileSync(join(ROOT, 'DESSA_Import_Template.csv')));
  });

  it('renders markdown and json from the same table', () => {
    const md = renderSpec('markdown').trim().split('\n');
    expect(md).toHaveLength(32);
    expect(md[2]).toBe('| 1 | Site Name | Y | At least one non-whitespace character |');
    const json = JSON.parse(renderSpec('json'));
    expect(json[7]).toMatchObject({ name: 'Gender', required: true, values: ['M', 'F', 'T', 'U', 'N', 'X'] });
    expect(renderSpec('text')).toMatch(/Student State ID \(SASID\) +N +Blank or unique within the Program/);
  });
});

describe('README', () => {
  it('shows the spec table exactly as `spec --format markdown` renders it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toContain(renderSpec('markdown'));
  });

  it('opens with the two commands a new user runs', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /```sh\n([\s\S]*?)```/.exec(readme)![1].trim().split('\n');
    expect(block).toEqual(['npm install && npx dessa-roster validate samples/roster.csv', 'npm test']);
  });
});
