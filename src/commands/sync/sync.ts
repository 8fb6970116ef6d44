import { DessaError } from '../../base/errors.js';
import { escapeControls } from '../../base/escape.js';
import { renderJson } from '../../render/json.js';
import { formatSchema } from '../../command-kit/load.js';
import { validateOptions } from '../../command-kit/options.js';
import { connectOptions } from '../../command-kit/sftp.js';
import { isSftpUrl } from '../../transfer/sftp-url.js';
import type { Output } from '../../command-kit/output.js';
import { syncConfig, type RawConfigOptions } from './config.js';
import { syncDistrict } from './district.js';
import { exitOf, outcomeJson, outcomeLine } from './outcome.js';
import { checkSyncOptions, districtFrom } from './source.js';

/**
 * `dessa-roster sync SOURCE --org X`: one district's inbox into the database, or
 * `sync --config districts.json`: many, N at a time.
 */
export async function syncCommand(source: string | undefined, raw: RawConfigOptions, out: Output): Promise<number> {
  const { format } = validateOptions(formatSchema, raw);
  if (raw.config !== undefined) {
    if (source !== undefined) throw new DessaError('usage', 'give either a SOURCE folder or --config, not both');
    for (const flag of ['org', 'program'] as const) {
      if (raw[flag] !== undefined)
        throw new DessaError('usage', `--${flag} comes from each entry of --config: leave it out`);
    }
    // The command line's own options, as typed: an entry may override them, but a wrong one is still a mistake.
    await checkSyncOptions(raw);
    return syncConfig(raw.config, raw, format, out);
  }
  if (source === undefined) {
    throw new DessaError('usage', 'sync needs a SOURCE folder (with --org) or --config districts.json');
  }
  if (raw.concurrency !== undefined) throw new DessaError('usage', '--concurrency goes with --config');
  if (!isSftpUrl(source)) {
    const given = (['known-hosts', 'host-key', 'identity'] as const).find(
      (f) => raw[f === 'known-hosts' ? 'knownHosts' : f === 'host-key' ? 'hostKey' : 'identity'] !== undefined,
    );
    if (given) throw new DessaError('usage', `--${given} goes with an sftp:// SOURCE, not a folder: leave it out`);
  }
  const connect = connectOptions(out, raw.quiet === true);
  const district = await districtFrom(source, { ...raw, program: raw.program ?? 'default' }, undefined, connect);
  const outcome = await syncDistrict(district);
  if (outcome.status === 'busy') {
    // As every exit 2: one line on standard error, whatever the format and -q.
    const why = `${escapeControls(district.source)}: ${outcome.detail}; nothing was read or moved`;
    out.stderr.write(`dessa-roster: [db-locked] ${why}. The next run tries again (DESSA_LOCK_WAIT sets the wait).\n`);
  }
  if (format === 'json') out.stdout.write(renderJson(outcomeJson(outcome)));
  else if (!raw.quiet) out.stdout.write(`${outcomeLine(outcome)}\n`);
  return exitOf(outcome);
}
