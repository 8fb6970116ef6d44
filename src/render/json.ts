import type { DessaError } from '../base/errors.js';
import { escapeJsonText } from '../base/escape.js';

/**
 * The JSON report: the library's result object, unchanged, so the CLI and the API agree.
 * Characters a terminal would act on are written as \uXXXX (the same string once parsed).
 */
export function renderJson(value: unknown): string {
  return `${escapeJsonText(JSON.stringify(value, null, 2))}\n`;
}

/** What a failure's context may add to its JSON document: a refused apply's plan counts and guards. */
const PLAN_CONTEXT = ['summary', 'guards'] as const;

/**
 * A failure as the one JSON document of a `--format json` run:
 * `{"error": {"code", "message"}}`, plus `summary` and `guards` when a guard refused an apply.
 * `clean` takes out of the message what must never be printed (a password).
 */
export function renderError(err: DessaError, clean: (text: string) => string = (t) => t): string {
  const doc: Record<string, unknown> = { error: { code: err.code, message: clean(err.message) } };
  for (const key of PLAN_CONTEXT) if (err.context[key] !== undefined) doc[key] = err.context[key];
  // A guard error that lists only its violations (the diff's `guards` form) still shows them.
  if (doc.guards === undefined && Array.isArray(err.context.violations)) doc.guards = err.context.violations;
  return renderJson(doc);
}
