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

/** What a successful apply prints: its run, counts, and the plan's warnings (what it did that the user should know). */
export function report(result: ApplyResult, label: string, raw: RawApplyOptions, out: Output): number {
  if (raw.format === 'json') {
    const { summary, warnings } = result.plan;
    out.stdout.write(renderJson({ runId: result.runId, status: result.status, summary, warnings }));
  } else if (!raw.quiet) {
    const head =
      result.status === 'unchanged'
        ? `No changes: the database already matches ${label} (run ${result.runId} recorded).`
        : `Applied ${label}: run ${result.runId}.`;
    out.stdout.write(`${escapeControls(head)}\n\n${renderSummary(result.plan.summary)}\n`);
    // Messages are built with their values escaped (plan/staff-warnings.ts, plan/blank-warnings.ts).
    for (const w of result.plan.warnings) out.stdout.write(`\nwarning: ${w.message}\n`);
  }
  return EXIT.ok;
}
