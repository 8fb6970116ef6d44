import type { Output } from '../command-kit/output.js';
import type { FORMATS } from '../command-kit/validation-report.js';
import type { FIX_FORMATS } from '../commands/fix.js';

/**
 * Each command's module, imported when that command runs and not before: `validate`, which CI
 * scripts run on many small files, then starts without knex, the database drivers, or the plan
 * and apply code. test/cold-start.test.ts fails if a static import brings them back.
 */
export const commands = {
  validate: () => import('../commands/validate.js'),
  spec: () => import('../commands/spec.js'),
  diff: () => import('../commands/diff.js'),
  apply: () => import('../commands/apply/apply.js'),
  history: () => import('../commands/history.js'),
  deliver: () => import('../commands/deliver.js'),
  sync: () => import('../commands/sync/sync.js'),
  fix: () => import('../commands/fix.js'),
  convert: () => import('../commands/convert.js'),
};

/** validate's --format choices, written here so that declaring the option loads nothing; the type keeps them equal. */
export const REPORT_FORMATS: typeof FORMATS = ['text', 'json', 'csv', 'html'];
/** fix's --format choices, kept equal to the command's own list in the same way. */
export const FIX_REPORT_FORMATS: typeof FIX_FORMATS = ['text', 'json', 'html'];

export const QUIET_RESULT =
  "print nothing on standard output for a text result (an invalid file's report too); the exit code tells";

/** What each declaration needs: where output goes, and what receives the action's exit code. */
export interface Declared {
  out: Output;
  done: (code: number) => void;
}
