import { describe, expect, it } from 'vitest';
import type { FolderEntry } from '../src/transfer/folder.js';
import { asideName, decide, isDelivery, reportName, stamp } from '../src/transfer/inbox.js';

/** The pure decisions of a sync run: which entries are deliveries, settling, the newest, the names set aside. */

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
const file = (name: string, ageSeconds = 600, isFile = true): FolderEntry => ({
  name,
  size: 10,
  mtimeMs: NOW - ageSeconds * 1000,
  isFile,
});

describe('which entries are deliveries', () => {
  it('takes roster extensions in any case, and nothing else', () => {
    for (const name of ['a.csv', 'B.TSV', 'export.txt', 'roster.Zip']) expect(isDelivery(file(name)), name).toBe(true);
    for (const name of ['a.xlsx', 'notes', 'csv', '.csv', 'a.csv.bak', 'a.json']) {
      expect(isDelivery(file(name)), name).toBe(false);
    }
  });

  it('never touches dot-files, temporary upload names or folders', () => {
    const skipped = [
      '.roster.csv',
      '.roster.csv.partial',
      'roster.csv.part',
      'roster.csv.filepart',
      'roster.csv~',
      '~roster.csv',
      'roster.tmp.csv',
      'roster.csv.tmp',
    ];
    for (const name of skipped) expect(isDelivery(file(name)), name).toBe(false);
    expect(isDelivery(file('folder.csv', 600, false))).toBe(false);
  });
});

describe('deciding a run', () => {
  it('is nothing with no delivery, even with dot-files and subfolders', () => {
    expect(decide([file('.a.csv'), file('processed', 600, false)], NOW, 60_000)).toEqual({ kind: 'nothing' });
  });

  it('takes the newest by modification time and supersedes every older one', () => {
    const d = decide([file('old.csv', 900), file('new.csv', 100), file('mid.zip', 500)], NOW, 60_000);
    expect(d.kind).toBe('take');
    if (d.kind !== 'take') return;
    expect(d.file.name).toBe('new.csv');
    expect(d.superseded.map((f) => f.name)).toEqual(['mid.zip', 'old.csv']);
  });

  it('breaks a tie of modification times by name, the later name winning, whatever the listing order', () => {
    const entries = [file('roster-2026-11-02.csv', 100), file('roster-2026-11-03.csv', 100), file('a.csv', 100)];
    for (const order of [entries, [...entries].reverse()]) {
      const d = decide(order, NOW, 0);
      expect(d.kind === 'take' && d.file.name).toBe('roster-2026-11-03.csv');
    }
  });

  it('waits while the newest file has changed within the settle time, and touches nothing', () => {
    const d = decide([file('old.csv', 900), file('new.csv', 10)], NOW, 60_000);
    expect(d).toMatchObject({ kind: 'waiting', file: { name: 'new.csv' }, settlesInMs: 50_000 });
    // A clock ahead on the uploading side: a time in the future counts as just now.
    expect(decide([file('ahead.csv', -30)], NOW, 60_000)).toMatchObject({ kind: 'waiting', settlesInMs: 60_000 });
  });

  it('takes a file dated further in the future than the settle time: set so, not being written', () => {
    // touch -d tomorrow, or a copy keeping a skewed clock's time: waiting would stall the inbox for a day.
    const d = decide([file('older.csv', 900), file('tomorrow.csv', -86_400)], NOW, 60_000);
    expect(d).toMatchObject({ kind: 'take', file: { name: 'tomorrow.csv' }, superseded: [{ name: 'older.csv' }] });
    expect(decide([file('ahead.csv', -61)], NOW, 60_000)).toMatchObject({ kind: 'take' });
  });

  it('takes a file just written when settling is off (0)', () => {
    expect(decide([file('new.csv', 0)], NOW, 0)).toMatchObject({ kind: 'take', file: { name: 'new.csv' } });
  });
});

describe('names set aside', () => {
  const at = new Date(NOW + 7);

  it('keep the original name whole after a sortable UTC time', () => {
    expect(stamp(at)).toBe('20261130T120000Z');
    expect(asideName('roster.csv', at, new Set())).toBe('20261130T120000Z_roster.csv');
    expect(reportName('roster.csv', at, new Set())).toBe('20261130T120000Z_roster.csv.report.txt');
  });

  it('never reuse a name already in the folder', () => {
    const taken = new Set(['20261130T120000Z_roster.csv', '20261130T120000Z-2_roster.csv']);
    expect(asideName('roster.csv', at, taken)).toBe('20261130T120000Z-3_roster.csv');
  });

  it('shorten an original too long for a file name, keeping its extension and staying unique', () => {
    const long = `${'é'.repeat(150)}.csv`;
    const name = asideName(long, at, new Set());
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name).toMatch(/^20261130T120000Z_é+…\.csv$/);
    expect(asideName(long, at, new Set([name]))).toMatch(/^20261130T120000Z-2_é+…\.csv$/);
    const report = reportName(long, at, new Set());
    expect(Buffer.byteLength(report)).toBeLessThanOrEqual(255);
    expect(report).toMatch(/…\.csv\.report\.txt$/);
  });
});
