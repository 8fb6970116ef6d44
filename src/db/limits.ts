import { DessaError } from '../errors.js';
import { RECORD_FIELDS, RECORDS, type Desired, type RecordEntity } from '../plan/entities.js';

/**
 * The longest value each column holds (characters), as the migrations make them. SQLite
 * would store longer ones but PostgreSQL and MySQL would fail in the middle of the
 * transaction, so every database is held to these limits, checked before anything is written.
 */
const MAX: Record<RecordEntity, Record<string, number>> = {
  sites: { name: 200 },
  staff: { email_key: 254, email: 254, last_name: 200, first_name: 200 },
  students: { student_id: 100, last_name: 200, first_name: 200, sasid: 100 },
  classes: { site_name: 200, class_code: 100, class_period: 50, class_name: 200 },
};

/** Other student columns hold short codes. */
const SHORT = 32;

/** Refuses, in one line, a roster with a value longer than its column holds. */
export function checkLengths(desired: Desired): void {
  for (const entity of RECORDS) {
    const set = desired.records[entity];
    const cols = RECORD_FIELDS[entity];
    const limits = cols.map((c) => MAX[entity][c] ?? SHORT);
    for (let i = 0; i < set.keys.length; i++) {
      const bytes = set.byteLengths(i);
      for (let k = 0; k < cols.length; k++) {
        if (bytes[k] <= limits[k]) continue;
        // Bytes bound characters from above: only a long one is decoded to be sure.
        const value = set.fields(i)[cols[k]];
        if (value.length <= limits[k]) continue;
        throw new DessaError('db-value-too-long', `${entity} ${JSON.stringify(set.keys[i].slice(0, 60))}: ${cols[k]} is ${value.length} characters; the database holds at most ${limits[k]}. Shorten it in the export.`, { entity, column: cols[k] });
      }
    }
  }
}
