import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, csv, row, tmp, type CliResult } from './helpers.js';

/* Inboxes on disk for the sync tests: files delivered with a chosen age, and what the folder holds after a run. */

/** A valid roster of these students (one class, one teacher). */
export function roster(ids: string[]): string {
  return csv(...ids.map((id) => row({ 'Student ID': id, 'Last Name': `Last${id}` })));
}

export const students = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));

/** A new empty inbox folder. */
export function newInbox(): string {
  const dir = join(tmp(), 'inbox');
  mkdirSync(dir);
  return dir;
}

/**
 * Puts a file into the inbox as a client would, modified `age` seconds ago (by default older than the
 * default settle time), or at a given time.
 */
export function deliver(dir: string, name: string, data: string | Buffer, age: number | Date = 600): string {
  const path = join(dir, name);
  writeFileSync(path, data);
  const when = age instanceof Date ? age : new Date(Date.now() - age * 1000);
  utimesSync(path, when, when);
  return path;
}

const names = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

/** What the inbox holds: its own files (not the subfolders), and each subfolder's names. */
export function contents(dir: string): { inbox: string[]; processed: string[]; rejected: string[]; reports: string[] } {
  return {
    inbox: names(dir).filter((n) => !['processed', 'rejected', 'reports'].includes(n)),
    processed: names(join(dir, 'processed')),
    rejected: names(join(dir, 'rejected')),
    reports: names(join(dir, 'reports')),
  };
}

/** A set-aside name for an original: the time prefix stripped. */
export const original = (aside: string) => aside.replace(/^\d{8}T\d{6}Z(-\d+)?_/, '');

export interface SyncRun extends CliResult {
  json: Record<string, unknown> & { status: string };
}

/** `sync DIR --org ORG --db URL --format json ARGS`. */
export function sync(dir: string, org: string, url: string, args: string[] = [], env?: NodeJS.ProcessEnv): SyncRun {
  const r = cli(['sync', dir, '--org', org, '--db', url, '--format', 'json', ...args], { env });
  let json: SyncRun['json'];
  try {
    json = JSON.parse(r.stdout);
  } catch {
    throw new Error(`sync printed no JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
  return { ...r, json };
}
