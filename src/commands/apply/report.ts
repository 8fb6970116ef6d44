import type { ApplyResult } from '../../db/apply.js';
import { EXIT } from '../../base/errors.js';
import { renderJson } from '../../render/json.js';
import { escapeControls } from '../../base/escape.js';
import { renderSummary } from '../../render/plan-text.js';
import type { RawPlanOptions } from '../../command-kit/load.js';
import type { Output } from '../../command-kit/output.js';

export interface RawApplyOptions extends RawPlanOptions {
  plan?: string;
  ifChanged?: boolean;
}

/** What a successful apply prints: its run and counts. */
export function report(result: ApplyResult, label: string, raw: RawApplyOptions, out: Output): number {
  if (raw.format === 'json') {
    out.stdout.write(renderJson({ runId: result.runId, status: result.status, summary: result.plan.summary }));
  } else if (!raw.quiet) {
    const head =
      result.status === 'unchanged'
        ? `No changes: the database already matches ${label} (run ${result.runId} recorded).`
        : `Applied ${label}: run ${result.runId}.`;
    out.stdout.write(`${escapeControls(head)}\n\n${renderSummary(result.plan.summary)}\n`);
  }
  return EXIT.ok;
}
