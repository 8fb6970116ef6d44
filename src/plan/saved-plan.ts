import { promises as fs } from 'node:fs';
import { DessaError } from '../base/errors.js';
import { ENCODINGS } from '../input/decode.js';
import { ENTITIES, LINKS, RECORD_FIELDS, type RecordEntity } from './entities.js';
import type { ReadOptions } from './read-options.js';
import { shown } from './shown.js';
import type { Fields } from './entities.js';
import type { Change, Summary } from './plan.js';

/**
 * A saved plan (`diff --output`) is for people to review; `apply --plan` never writes from it.
 * It re-reads the roster file the plan names and applies only what that file produces against
 * the database now, and only when that equals the plan's changes. This module checks a plan's
 * shape and compares its changes with a re-plan's; what is written comes from the re-plan.
 */
export interface PlanFile {
  version: 1;
  org: string;
  program: string;
  /** Digest of the database state the plan was made on ("" when the database had no schema yet). */
  base: string;
  /** The roster file: as given (`name`), its absolute path, its sha256 and row count. */
  file: { name: string; path?: string; sha256: string; rows: number };
  /** The reading options that change what the file says. */
  read?: ReadOptions;
  summary: Summary;
  changes: Change[];
}

/** Largest plan read: V8 holds no longer string (2^29 - 24 characters), so JSON.parse could not take it. */
export const MAX_PLAN_BYTES = 500 * 1024 * 1024;

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const ACTIONS = ['create', 'update', 'remove', 'reactivate'];
const SCOPE_COLUMNS = new Set(['id', 'org', 'program', 'removed_at', 'created_at', 'updated_at', 'fingerprint']);

/** Reads and checks a saved plan: refused (`bad-plan`) when too large, not JSON, or not shaped as diff writes it. */
export async function readPlanFile(path: string): Promise<PlanFile> {
  const stat = await fs.stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new DessaError('bad-plan', `--plan ${shown(path)}: cannot be read (${err.code ?? err.message})`, { path });
  });
  if (!stat.isFile()) throw new DessaError('bad-plan', `--plan ${shown(path)}: not a regular file`, { path });
  if (stat.size > MAX_PLAN_BYTES) {
    const message =
      `--plan ${shown(path)} is ${mib(stat.size)}; plans over ${mib(MAX_PLAN_BYTES)} cannot be read: ` +
      'apply the roster file itself (apply FILE)';
    throw new DessaError('bad-plan', message, { path, size: stat.size, limit: MAX_PLAN_BYTES });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    const why = err instanceof SyntaxError ? 'not valid JSON' : `cannot be read (${code})`;
    throw new DessaError('bad-plan', `--plan ${shown(path)}: ${why}`, { path });
  }
  const problem = planProblem(raw);
  if (problem) {
    const message =
      `--plan ${shown(path)}: not a plan dessa-roster wrote (${problem}); ` + 'make a new one with diff --output';
    throw new DessaError('bad-plan', message, { path });
  }
  return raw as PlanFile;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max = 4096) => typeof v === 'string' && v.length <= max;

/** What is wrong with a plan's shape, or null. Hand-written, not yup: a plan may hold millions of changes. */
export function planProblem(raw: unknown): string | null {
  if (!isObject(raw)) return 'not a JSON object';
  if (raw.version !== 1) return 'version must be 1';
  for (const k of ['org', 'program', 'base'] as const) if (!isText(raw[k], 200)) return `${k} must be text`;
  const file = raw.file;
  const sha = (v: unknown) => /^[0-9a-f]{64}$/.test(String(v));
  if (!isObject(file) || !isText(file.name) || !sha(file.sha256) || typeof file.rows !== 'number') {
    return "file must hold the roster file's name, sha256 and rows";
  }
  if (file.path !== undefined && !isText(file.path)) return 'file.path must be text';
  if (raw.read !== undefined) {
    if (!isObject(raw.read)) return 'read must be an object';
    const { delimiter, encoding, map, mapSha256, studentId, sasidType, ...rest } = raw.read;
    if (Object.keys(rest).length) return `read holds an unknown option ${JSON.stringify(shown(Object.keys(rest)[0]))}`;
    if (delimiter !== undefined && !isText(delimiter, 16)) return 'read.delimiter must be text';
    if (encoding !== undefined && !(ENCODINGS as readonly unknown[]).includes(encoding)) {
      return `read.encoding must be one of ${ENCODINGS.join(', ')}`;
    }
    if (map !== undefined && !isText(map)) return 'read.map must be a path';
    if (studentId !== undefined && !['identifier', 'sourcedId', 'username'].includes(studentId as string))
      return 'read.studentId must be identifier, sourcedId or username';
    if (sasidType !== undefined && !isText(sasidType, 64)) return 'read.sasidType must be text';
    if (mapSha256 !== undefined && !sha(mapSha256)) return 'read.mapSha256 must be a sha256';
    // diff writes both: without the digest an edited read.map would be read unchecked.
    if ((map === undefined) !== (mapSha256 === undefined)) return 'read.map and read.mapSha256 go together';
  }
  const summary = raw.summary;
  if (!isObject(summary) || !ENTITIES.every((e) => isObject(summary[e]))) return 'summary must count every entity';
  if (!Array.isArray(raw.changes)) return 'changes must be a list';
  for (let i = 0; i < raw.changes.length; i++) {
    const why = changeProblem(raw.changes[i]);
    if (why) return `change ${i + 1}: ${why}`;
  }
  return null;
}

function changeProblem(c: unknown): string | null {
  if (!isObject(c)) return 'not an object';
  const { entity, action, key, before, after, print, ...rest } = c;
  const quoted = (v: unknown) => JSON.stringify(shown(String(v)));
  if (!(ENTITIES as readonly unknown[]).includes(entity)) return `unknown entity ${quoted(entity)}`;
  if (!ACTIONS.includes(action as string)) return `unknown action ${quoted(action)}`;
  if (typeof key !== 'string') return 'key must be text';
  const extra = Object.keys(rest)[0];
  if (extra === undefined && print === undefined && before === undefined && after === undefined) return null;
  const what = `${entity} ${action} ${quoted(key)}`;
  if (extra !== undefined) return `${what} has ${quoted(extra)}, which no change holds`;
  if (print !== undefined && typeof print !== 'string') return `${what}: print must be text`;
  const isLink = (LINKS as readonly unknown[]).includes(entity);
  for (const [side, fields] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (fields === undefined) continue;
    if (isLink) return `${what} has ${side} fields; a link has none`;
    if (!isObject(fields)) return `${what}: ${side} must be an object`;
    for (const [k, v] of Object.entries(fields)) {
      if (SCOPE_COLUMNS.has(k))
        return `${what} sets "${k}": a plan cannot set a record's org, program or id, only roster fields`;
      if (!RECORD_FIELDS[entity as RecordEntity].includes(k))
        return `${what} sets ${quoted(k)}, which is not a field of ${entity}`;
      if (typeof v !== 'string') return `${what}: ${side}.${shown(k)} must be text`;
    }
  }
  if (action === 'update' && isLink) return `${what}: a link is never updated`;
  return null;
}

/** Two changes' fields (before or after) are equal: both absent, or the same names with the same values. */
function sameFields(a: Fields | undefined, b: Fields | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const names = Object.keys(a);
  return names.length === Object.keys(b).length && names.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

export interface ChangeMismatch {
  /** Changes in the saved plan that the re-plan does not make, and the other way round. */
  onlySaved: number;
  onlyReplanned: number;
  firstSaved?: Change;
  firstReplanned?: Change;
}

/**
 * Whether a saved plan's changes are exactly the re-plan's: the same entity, action, key,
 * before and after, in any order, each once; null when they are. A re-plan never holds two
 * changes of one entity, action and key, so they are matched by that, then their fields compared.
 */
export function compareChanges(saved: readonly Change[], replanned: readonly Change[]): ChangeMismatch | null {
  const id = (c: Change) => `${c.entity}\u0000${c.action}\u0000${c.key}`;
  const unmatched = new Map<string, Change>();
  for (const c of replanned) unmatched.set(id(c), c);
  const out: ChangeMismatch = { onlySaved: 0, onlyReplanned: replanned.length - unmatched.size };
  for (const c of saved) {
    const k = id(c);
    const mate = unmatched.get(k);
    if (mate && sameFields(c.before, mate.before) && sameFields(c.after, mate.after)) {
      unmatched.delete(k);
      continue;
    }
    out.onlySaved++;
    out.firstSaved ??= c;
  }
  out.onlyReplanned += unmatched.size;
  out.firstReplanned = unmatched.values().next().value;
  return out.onlySaved === 0 && out.onlyReplanned === 0 ? null : out;
}

const describe = (c: Change | undefined) => (c ? `, e.g. ${c.entity} ${c.action} ${shown(c.key)}` : '');

/** The mismatch for people: how many changes differ each way, with one example of each. */
export function mismatchText(m: ChangeMismatch): string {
  const parts: string[] = [];
  if (m.onlySaved) parts.push(`${m.onlySaved} change(s) in the plan the file does not make${describe(m.firstSaved)}`);
  if (m.onlyReplanned)
    parts.push(`${m.onlyReplanned} change(s) the file makes the plan lacks${describe(m.firstReplanned)}`);
  return parts.join('; ');
}
