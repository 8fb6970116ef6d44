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

/** A transfer's bar: bytes sent of a total, redrawn when the percentage moves. */
export interface ByteProgress {
  update(sent: number): void;
  end(): void;
}

const MIB = 1024 * 1024;

/** A byte bar on a TTY, under the same rules as progressFor; silent for a total under `minBytes`. */
export function byteProgressFor(
  stream: ProgressStream,
  total: number,
  label: string,
  opts: { quiet?: boolean; json?: boolean; minBytes?: number } = {},
  now: () => number = Date.now,
): ByteProgress {
  if (!stream.isTTY || opts.quiet || opts.json || total < (opts.minBytes ?? 0)) return { update() {}, end() {} };
  const started = now();
  let shownPercent = -1;
  let drawn = false;
  return {
    update(sent) {
      const percent = total === 0 ? 100 : Math.floor((100 * Math.min(sent, total)) / total);
      if (percent === shownPercent) return;
      shownPercent = percent;
      drawn = true;
      const filled = Math.round((WIDTH * percent) / 100);
      const seconds = ((now() - started) / 1000).toFixed(1);
      stream.write(
        `\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${percent}% ${escapeControls(label)} ` +
          `(${(sent / MIB).toFixed(1)} of ${(total / MIB).toFixed(1)} MiB, ${seconds} s)`,
      );
    },
    end() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
