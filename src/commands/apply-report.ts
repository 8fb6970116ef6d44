import type { ApplyResult } from '../db/apply.js';
import { EXIT } from '../errors.js';
import { renderJson } from '../report/json.js';
import { escapeControls } from '../escape.js';
import { renderSummary } from '../report/plan-text.js';
import type { RawPlanOptions } from './diff.js';
import type { Output } from './output.js';

export interface RawApplyOptions extends RawPlanOptions {
  plan?: string;
  ifChanged?: boolean;
}

/** What a successful apply prints: its run and counts. */
export function report(result: ApplyResult, label: string, raw: RawApplyOptions, out: Output): number {
  if (raw.format === 'json') {
    out.stdout.write(renderJson({ runId: result.runId, status: result.status, summary: result.plan.summary }));
  } else if (!raw.quiet) {
    const head = result.status === 'unchanged'
      ? `No changes: the database already matches ${label} (run ${result.runId} recorded).`
      : `Applied ${label}: run ${result.runId}.`;
    out.stdout.write(`${escapeControls(head)}\n\n${renderSummary(result.plan.summary)}\n`);
  }
  return EXIT.ok;
}
