import { parseFile } from 'fast-csv';
import * as yup from 'yup';
import { FIELDS } from '../src/fields/fields.js';

/**
 * The straightforward pipeline the design card suggests: fast-csv rows validated by a yup
 * object schema. Kept only as the benchmark's point of comparison.
 */
function schemaFor() {
  const shape: Record<string, yup.StringSchema> = {};
  for (const f of FIELDS) {
    let s = yup.string().trim();
    if (f.required) s = s.required();
    if (f.kind === 'email') s = s.email();
    if (f.kind === 'date') s = s.matches(/^(0[1-9]|1[0-2])\/(0[1-9]|[12]\d|3[01])\/\d{4}$/);
    if (f.values) s = s.oneOf(f.required ? [...f.values] : [...f.values, '']);
    if (f.kind === 'zip') s = s.matches(/^(\d{5})?$/);
    shape[f.name] = s;
  }
  return yup.object(shape);
}

export function naiveValidate(path: string): Promise<{ rows: number; invalid: number }> {
  const schema = schemaFor();
  let rows = 0;
  let invalid = 0;
  return new Promise((resolve, reject) => {
    parseFile(path, { headers: true })
      .on('error', reject)
      .on('data', (row: Record<string, string>) => {
        rows++;
        try {
          schema.validateSync(row, { abortEarly: false });
        } catch {
          invalid++;
        }
      })
      .on('end', () => resolve({ rows, invalid }));
  });
}
