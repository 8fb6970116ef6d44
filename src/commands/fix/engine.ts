import { dayNumber } from '../../checks/dates.js';
import { delimiterName } from '../../input/delimiter.js';
import { readRoster, type ReadOptions } from '../../read/read.js';
import { ChangeLog } from '../../repair/change-log.js';
import type { FixResult } from '../../repair/model.js';
import { changeLine, changeLogHead, dropLine } from '../../render/fix-csv.js';
import { AtomicFile } from '../../command-kit/whole-file.js';
import { scanInput } from './scan.js';
import { writeCopy } from './write-pass.js';

/**
 * fix's work, in three readings: the input once to learn what a repair must not do (scanInput),
 * again to write the corrected copy (writeCopy), then the copy as validate reads it. The copy and
 * the change log appear under their names only when all of it succeeded; the input is only read.
 */
export async function fixFile(
  input: string,
  output: string,
  changes: string | undefined,
  read: ReadOptions & { threads?: number },
): Promise<FixResult> {
  const today = read.today ?? dayNumber(new Date());
  const { threads: _threads, ...opts } = read;
  const facts = await scanInput(input, opts, today);
  const how = { encoding: facts.encoding, delimiter: facts.delimiter === null ? null : delimiterName(facts.delimiter) };
  if (facts.notWritten !== null) {
    const { report } = await readRoster(input, read);
    const summary = new ChangeLog().summary(report.summary.rows, 0, how);
    return {
      output: null,
      notWritten: facts.notWritten,
      summary,
      header: [],
      changes: [],
      dropped: [],
      held: [],
      report,
    };
  }
  const files: AtomicFile[] = [];
  try {
    files.push(new AtomicFile(output));
    if (changes !== undefined) files.push(new AtomicFile(changes));
    const log = files[1];
    const newLog = () => {
      log?.write(changeLogHead());
      return new ChangeLog(
        (c) => log?.write(changeLine(c)),
        (d) => log?.write(dropLine(d)),
      );
    };
    const w = await writeCopy(input, opts, facts, today, files, newLog);
    for (const f of files) f.close();
    // The copy as validate reads it: what remains is reported with the copy's own row numbers.
    const copyRead = { limits: read.limits, maxField: read.maxField, threads: read.threads, today };
    const { report } = await readRoster(files[0].temp, copyRead);
    for (const f of files) f.commit();
    return {
      output,
      notWritten: null,
      summary: w.log.summary(w.rows, w.written, how),
      header: w.header,
      changes: w.log.changes,
      dropped: w.log.dropped,
      held: w.log.held,
      report,
    };
  } catch (err) {
    for (const f of files) f.discard();
    throw err;
  }
}
