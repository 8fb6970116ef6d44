import { checkExcelText } from '../checks/values.js';
import { FIELDS } from '../fields/fields.js';
import { repairEnum, repairGrade, repairZip } from './codes.js';
import { repairDate, type Outcome } from './dates.js';
import type { RepairRule } from './rules.js';
import { trimValue } from './whitespace.js';

export type { Outcome } from './dates.js';

/** What a repair may depend on besides the value: the same for every row of a file. */
export interface RepairContext {
  /** yyyymmdd of today: a date of birth is never made to fall after it. */
  today: number;
  /** Some date of birth in the file is written day first (13/04/2015). */
  dayFirstFile: boolean;
}

/**
 * The repair of a trimmed value of spec field `field`, or null when it stays. A function of the
 * value, the field and the file-wide context only: equal values get equal repairs on every row.
 */
export function repairValue(field: number, v: string, ctx: RepairContext): Outcome {
  // validate reports ="…" first, whatever is inside: unwrapping it is not among the repairs.
  if (v === '' || checkExcelText(v) !== null) return null;
  const f = FIELDS[field];
  switch (f.kind) {
    case 'date':
      return repairDate(v, ctx.today, ctx.dayFirstFile);
    case 'grade':
      return repairGrade(v);
    case 'enum':
    case 'flag':
      return repairEnum(v, f.values ?? [], f.name);
    case 'zip':
      return repairZip(v);
    default:
      return null;
  }
}

/** One cell's outcome: the value to write, and the rule that changed it (null: written as read). */
export interface CellOutcome {
  value: string;
  rule: RepairRule | null;
  /** A repair the value allows, not made (see HoldReason), with the value it would have given. */
  held?: Outcome;
}

/**
 * A raw cell of field `field` as the corrected copy writes it: trimmed, then repaired. A value
 * rule's change includes the trimming; `hold` says whether a value repair must not be made.
 */
export function repairCell(field: number, raw: string, ctx: RepairContext, hold = false): CellOutcome {
  const trimmed = trimValue(raw);
  const trimRule = trimmed === raw ? null : 'trim-whitespace';
  const outcome = repairValue(field, trimmed, ctx);
  if (outcome === null) return { value: trimmed, rule: trimRule };
  if (outcome.held !== undefined) return { value: trimmed, rule: trimRule, held: outcome };
  if (hold) return { value: trimmed, rule: trimRule, held: { ...outcome, held: 'student-rows-disagree' } };
  return { value: outcome.value, rule: outcome.rule };
}
