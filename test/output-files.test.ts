import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, cli, csv, FIXTURES, row, tmp } from './helpers.js';

/**
 * The files convert and fix write at a path the user names (--output, --changes, --report): a
 * symbolic link is followed, a device, pipe or folder is never replaced, and an output inside the
 * OneRoster folder being read is refused. Device nodes and pipes are made in a temporary folder.
 */

const V11 = join(FIXTURES, 'oneroster', 'v1.1');
const isRoot = process.getuid?.() === 0;

function exportCopy(): string {
  const dir = join(tmp(), 'or');
  cpSync(V11, dir, { recursive: true });
  return dir;
}

const mkfifo = (path: string) => execFileSync('mkfifo', [path]);
const mknod = (path: string, minor: number) => execFileSync('mknod', [path, 'c', '1', String(minor)]);

describe('convert --output at a path that is not a regular file', () => {
  it.skipIf(!isRoot)('writes into a character device (as validate does) and leaves the node a device', () => {
    const dir = tmp();
    const full = join(dir, 'conv.csv');
    mknod(full, 7); // as /dev/full: every write fails
    const r = cli(['convert', V11, '-o', full]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[write-failed\].*conv\.csv.*ENOSPC/);
    expect(statSync(full).isCharacterDevice()).toBe(true);
    const nul = join(dir, 'null.csv');
    mknod(nul, 3); // as /dev/null
    expect(cli(['convert', V11, '-o', nul]).code).toBe(0);
    expect(statSync(nul).isCharacterDevice()).toBe(true);
  });

  it('refuses a FIFO and a folder with write-failed naming it, and leaves them as they were', () => {
    const dir = tmp();
    const fifo = join(dir, 'pipe.csv');
    mkfifo(fifo);
    const r = cli(['convert', V11, '-o', fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[write-failed\].*pipe\.csv.*not a regular file/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    const folder = join(dir, 'folder.csv');
    mkdirSync(folder);
    const f = cli(['convert', V11, '-o', folder]);
    expect(f.stderr).toMatch(/\[write-failed\].*folder\.csv/);
    expect(lstatSync(folder).isDirectory()).toBe(true);
  });

  it('follows a symbolic link: the file it names is replaced, the link stays', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'real.csv'), 'old');
    symlinkSync('real.csv', join(dir, 'link.csv'));
    expect(cli(['convert', V11, '-o', join(dir, 'link.csv')]).code).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toMatch(/^Site Name,/);
    // A dangling link: its target is created.
    symlinkSync('new.csv', join(dir, 'dangling.csv'));
    expect(cli(['convert', V11, '-o', join(dir, 'dangling.csv')]).code).toBe(0);
    expect(readlinkSync(join(dir, 'dangling.csv'))).toBe('new.csv');
    expect(readFileSync(join(dir, 'new.csv'), 'utf8')).toMatch(/^Site Name,/);
  });
});

describe('fix --output, --changes and --report at a path that is not a regular file', () => {
  it('refuses a FIFO as --changes, follows a link as --report', () => {
    const dir = tmp();
    const input = join(dir, 'in.csv');
    writeFileSync(input, csv(row({ 'Last Name': ' Nguyen ' })));
    const fifo = join(dir, 'changes.csv');
    mkfifo(fifo);
    const r = cli(['fix', input, '-o', join(dir, 'out.csv'), '--changes', fifo]);
    expect(r.stderr).toMatch(/\[write-failed\].*changes\.csv/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    writeFileSync(join(dir, 'page.html'), '');
    symlinkSync('page.html', join(dir, 'report-link.html'));
    const ok = cli(['fix', input, '-o', join(dir, 'out2.csv'), '--report', join(dir, 'report-link.html')]);
    expect(ok.code).toBe(0);
    expect(lstatSync(join(dir, 'report-link.html')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'page.html'), 'utf8')).toMatch(/valid/);
  });
});

describe('/dev/stdout when standard output is a pipe', () => {
  it('is written into by validate --format html, not refused as a FIFO', () => {
    const dir = tmp();
    const input = join(dir, 'in.csv');
    writeFileSync(input, csv(row()));
    // A shell pipe: the CLI helper's standard output is a socket, which /dev/stdout cannot open.
    const line = `"${process.execPath}" "${CLI}" validate "${input}" --format html -o /dev/stdout | cat`;
    const r = spawnSync('sh', ['-c', line], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^<!doctype html>/i);
  });
});

describe('fix outputs that name one file through a link', () => {
  it('refuses --changes or --report linked to --output', () => {
    const dir = tmp();
    const input = join(dir, 'in.csv');
    writeFileSync(input, csv(row()));
    symlinkSync('out.csv', join(dir, 'link.csv'));
    for (const flag of ['--changes', '--report']) {
      const r = cli(['fix', input, '-o', join(dir, 'out.csv'), flag, join(dir, 'link.csv')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\[usage\].*same file/);
    }
  });
});

describe('an output inside the OneRoster folder being read', () => {
  it('is refused by convert (usage) and the export is unchanged', () => {
    const dir = exportCopy();
    for (const name of ['manifest.csv', 'users.csv', 'new.csv']) {
      const before = readFileSync(join(dir, 'manifest.csv'));
      const r = cli(['convert', dir, '-o', join(dir, '..', 'or', name)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\[usage\].*inside the export folder/);
      expect(readFileSync(join(dir, 'manifest.csv'))).toEqual(before);
    }
  });

  it('is refused by fix for --output, --changes and --report', () => {
    const dir = exportCopy();
    const out = join(tmp(), 'fixed.csv');
    for (const args of [
      ['-o', join(dir, 'users.csv')],
      ['-o', out, '--changes', join(dir, 'changes.csv')],
      ['-o', out, '--report', join(dir, 'report.txt')],
    ]) {
      const r = cli(['fix', dir, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\[usage\].*inside the export folder/);
    }
  });
});

describe('convert names', () => {
  it('reports a missing export as file-not-found (exit 2)', () => {
    const r = cli(['convert', join(tmp(), 'nope'), '-o', join(tmp(), 'a.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[file-not-found\]/);
  });

  it('requires a .csv output name, as fix does', () => {
    const r = cli(['convert', V11, '-o', join(tmp(), 'r.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\[usage\].*name it \.csv/);
  });

  it('does not offer - for standard output when an empty --output is given', () => {
    for (const cmd of ['convert', 'fix']) {
      const r = cli([cmd, V11, '-o', '']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\[usage\] --output needs a file name/);
      expect(r.stderr).not.toMatch(/standard output\)/);
    }
  });
});
