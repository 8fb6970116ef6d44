import { escapeControls } from '../base/escape.js';

/** Where progress goes: standard error, drawn only on a terminal. */
export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

/** The steps of a long command, shown as a bar on one line of standard error. */
export interface Progress {
  step(label: string): void;
  end(): void;
}

const SILENT: Progress = { step() {}, end() {} };
const WIDTH = 20;

/**
 * A step bar on a TTY; nothing under --quiet, --format json, or when standard error is not a
 * terminal (cron jobs and CI logs get no control characters).
 */
export function progressFor(
  stream: ProgressStream,
  steps: number,
  opts: { quiet?: boolean; json?: boolean } = {},
  now: () => number = Date.now,
): Progress {
  if (!stream.isTTY || opts.quiet || opts.json) return SILENT;
  const started = now();
  let done = 0;
  let drawn = false;
  const draw = (label: string) => {
    const filled = Math.round((WIDTH * Math.min(done, steps)) / steps);
    const seconds = ((now() - started) / 1000).toFixed(1);
    drawn = true;
    stream.write(
      `\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ` +
        `${Math.min(done + 1, steps)}/${steps} ${escapeControls(label)} (${seconds} s)`,
    );
  };
  return {
    step(label) {
      draw(label);
      done++;
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
