/**
 * One error class for every failure the user can meet, with a stable code.
 * Library errors (yauzl, knex, the file system) are wrapped into it so no raw one,
 * and no stack trace, reaches the user.
 */

export const EXIT = {
  ok: 0,
  invalid: 1,
  unreadable: 2,
  guard: 3,
} as const;

export type FailureCode =
  | 'usage'
  | 'invalid'
  | 'write-failed'
  | 'file-not-found'
  | 'file-unreadable'
  | 'file-changed'
  | 'unsupported-format'
  | 'not-text'
  | 'empty-file'
  | 'bad-encoding'
  | 'zip-invalid'
  | 'zip-unsafe'
  | 'zip-no-roster'
  | 'bad-map'
  | 'oneroster-delta'
  | 'oneroster-version'
  | 'bad-plan'
  | 'plan-stale'
  | 'db-connect'
  | 'db-not-found'
  | 'db-error'
  | 'db-locked'
  | 'db-outdated'
  | 'db-value-too-long'
  | 'guard-removals'
  | 'guard-updates'
  | 'not-found'
  | 'sftp-connect'
  | 'sftp-auth'
  | 'sftp-transfer'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'source-unreadable'
  | 'bad-config'
  | 'internal';

const EXIT_BY_CODE: Partial<Record<FailureCode, number>> = {
  'guard-removals': EXIT.guard,
  'guard-updates': EXIT.guard,
  'plan-stale': EXIT.invalid,
  invalid: EXIT.invalid,
};

export class DessaError extends Error {
  readonly code: FailureCode;
  readonly exitCode: number;
  readonly context: Record<string, unknown>;

  constructor(
    code: FailureCode,
    message: string,
    context: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DessaError';
    this.code = code;
    this.exitCode = EXIT_BY_CODE[code] ?? EXIT.unreadable;
    this.context = context;
  }
}

export function isDessaError(err: unknown): err is DessaError {
  return err instanceof DessaError;
}

/** Wraps a file-system error with a message a person can act on. */
export function fsError(err: unknown, path: string): DessaError {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return new DessaError('file-not-found', `${path}: no such file`, { path }, { cause: err });
  if (e?.code === 'EISDIR')
    return new DessaError('file-unreadable', `${path}: is a directory, not a roster file`, { path }, { cause: err });
  if (e?.code === 'EACCES' || e?.code === 'EPERM')
    return new DessaError('file-unreadable', `${path}: permission denied`, { path }, { cause: err });
  return new DessaError(
    'file-unreadable',
    `${path}: cannot be read (${e?.code ?? e?.message ?? 'unknown error'})`,
    { path },
    { cause: err },
  );
}
