import { promises as fs } from 'node:fs';
import { basename } from 'node:path';
import * as yup from 'yup';
import { DessaError, fsError } from '../base/errors.js';
import { escapeControls } from '../base/escape.js';
import { normalizeReadOptions, validateOptions, type RawReadOptions } from '../command-kit/options.js';
import type { Output } from '../command-kit/output.js';
import { connectOptions, sftpSetup, type RawSftpOptions, type SftpSetup } from '../command-kit/sftp.js';
import { exitFor, renderReport, verdict } from '../command-kit/validation-report.js';
import { openOneRoster } from '../oneroster/oneroster.js';
import { readRoster, type ReadOptions } from '../read/read.js';
import { renderJson } from '../render/json.js';
import { byteProgressFor } from '../render/progress.js';
import { openSftp } from '../transfer/connect.js';
import { isDelivery } from '../transfer/inbox.js';
import { uploadFile } from '../transfer/upload.js';

export interface RawDeliverOptions extends RawReadOptions, RawSftpOptions {
  name?: string;
  format?: string;
  strict?: boolean;
  quiet?: boolean;
}

const schema = yup.object({
  format: yup.string().oneOf(['text', 'json'], '--format must be text or json').default('text'),
  strict: yup.boolean().default(false),
  quiet: yup.boolean().default(false),
});

type Options = yup.InferType<typeof schema>;

/** Files this large get a progress bar on a terminal while they upload. */
const BAR_MIN_BYTES = 4 * 1024 * 1024;

/** The final name on the server: one plain, visible entry name (the vendor's sync skips dot-files). */
function finalName(file: string, given: string | undefined): string {
  const name = given ?? basename(file);
  // escapeControls writes a control as \u001b already: quoted as it is, not JSON-escaped again.
  const shown = `"${escapeControls(name)}"`;
  const bad =
    name === '' || name === '.' || name === '..'
      ? 'is not a file name'
      : /[/\\]/.test(name)
        ? 'holds a / or \\ (it names a file in the URL directory, not a path)'
        : name.startsWith('.')
          ? 'starts with a dot (a hidden name the vendor never reads)'
          : /\p{Cc}/u.test(name)
            ? 'holds a control character'
            : Buffer.byteLength(name) > 255
              ? 'is longer than 255 bytes'
              : !isDelivery({ name, isFile: true, size: 0, mtimeMs: 0 })
                ? 'is not one a roster is read under (.csv, .tsv, .txt or .zip, not a temporary name such as .tmp)'
                : undefined;
  if (bad) throw new DessaError('usage', `the name on the server ${shown} ${bad}: give another with --name NAME`);
  return name;
}

/** Size and modification time: the bytes sent must be the bytes validated. */
async function version(file: string): Promise<string> {
  const s = await fs.stat(file, { bigint: true }).catch((err) => Promise.reject(fsError(err, file)));
  if (!s.isFile()) {
    throw new DessaError(
      'usage',
      `${escapeControls(file)} is not a regular file: deliver reads it twice, save it first`,
    );
  }
  return `${s.size}:${s.mtimeNs}`;
}

/**
 * A OneRoster export folder cannot be sent as one roster file: refused before any connection, with
 * the two ways to deliver it (its zip, for an inbox `sync` reads; its converted roster, for the vendor).
 */
async function refuseFolder(file: string, opts: ReadOptions): Promise<void> {
  const s = await fs.stat(file).catch((err) => Promise.reject(fsError(err, file)));
  if (!s.isDirectory()) return;
  const exp = await openOneRoster(file, { ...opts, version: '' });
  await exp?.close();
  const shown = escapeControls(file);
  if (exp === null)
    throw new DessaError('usage', `${shown} is a folder, not a roster file: name the .csv, .tsv, .txt or .zip to send`);
  throw new DessaError(
    'usage',
    `${shown} is a OneRoster export folder, and deliver sends one file: convert it to the DESSA roster ` +
      `(dessa-roster convert ${shown} --output roster.csv) and deliver roster.csv, ` +
      'or zip the folder and deliver the .zip (read only by dessa-roster sync)',
  );
}

/** The check before the rename: the bytes on the server must be the ones validated. */
const unchanged = (file: string, before: string) => async () => {
  if ((await version(file)) === before) return;
  throw new DessaError(
    'file-changed',
    `${escapeControls(file)} changed while it was being validated or sent (is it still being written?); ` +
      'nothing delivered: run again once it is complete',
    { file },
  );
};

/** Uploads over a new connection, closed whatever happens; the bar is drawn for a large file on a terminal. */
async function send(file: string, name: string, before: string, setup: SftpSetup, o: Options, out: Output) {
  const session = await openSftp(setup.target, setup.trust, setup.auth, connectOptions(out, o.quiet));
  const size = Number(before.split(':')[0]);
  const bar = byteProgressFor(out.stderr, size, `uploading ${name}`, {
    quiet: o.quiet,
    json: o.format === 'json',
    minBytes: BAR_MIN_BYTES,
  });
  try {
    return await uploadFile(session, file, setup.target.dir, name, {
      onProgress: (bytes) => bar.update(bytes),
      onWarning: (message) => out.stderr.write(`dessa-roster: warning: ${message}\n`),
      beforeRename: unchanged(file, before),
    });
  } finally {
    bar.end();
    await session.close();
  }
}

/**
 * `dessa-roster deliver FILE sftp://USER@HOST[:PORT]/DIR/`: validates the file as validate does,
 * then uploads it under a hidden name and renames it into place. 0 delivered, 1 invalid (nothing
 * sent), 2 connection, login, host key or transfer failure.
 */
export async function deliverCommand(file: string, url: string, raw: RawDeliverOptions, out: Output): Promise<number> {
  const o = validateOptions(schema, raw);
  const json = o.format === 'json';
  if (file === '-') throw new DessaError('usage', 'deliver needs a file path, not standard input: save it first');
  const readOptions = await normalizeReadOptions(raw);
  // A folder first: its name is no file's, and what to do with it says more than a refused name.
  await refuseFolder(file, readOptions);
  const name = finalName(file, raw.name);
  const setup = await sftpSetup(url, raw);
  const label = setup.target.label;
  const before = await version(file);
  const { report } = await readRoster(file, readOptions);
  const code = exitFor(report, o.strict);
  const shown = verdict(report, o.strict);
  if (code !== 0) {
    const why = `${escapeControls(file)} ${report.valid ? 'has warnings and --strict was given' : 'has errors'}`;
    out.stderr.write(`dessa-roster: [invalid] ${why}; nothing sent to ${label}.\n`);
    if (json) out.stdout.write(renderJson({ status: 'invalid', file, url: label, name, report: shown }));
    else if (!o.quiet) out.stdout.write(await renderReport(report, 'text', file, out, false, false, o.strict));
    return code;
  }
  if (!json && !o.quiet && report.summary.warnings > 0) {
    out.stdout.write(await renderReport(report, 'text', file, out, false, false, o.strict));
  }
  const { path, bytes, rename } = await send(file, name, before, setup, o, out);
  if (json)
    out.stdout.write(renderJson({ status: 'delivered', file, url: label, name, path, bytes, rename, report: shown }));
  else if (!o.quiet)
    out.stdout.write(`delivered ${escapeControls(file)} to ${label} as ${escapeControls(name)} (${bytes} bytes)\n`);
  return 0;
}
