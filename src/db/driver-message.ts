/**
 * A database error as one line that holds no SQL and no value. knex prefixes every driver
 * message with the statement, bindings inlined ("<sql> - <message>"), and a statement holds
 * the roster's children's data; driver messages themselves quote values ("Duplicate entry
 * '100000'", 'invalid input syntax for type integer: "x"'). So: the driver's own message
 * (mysql2 keeps it in sqlMessage; otherwise what follows knex's last " - ", which is always a
 * suffix of the driver's message), quoted text blanked, the driver's code in front.
 */
export function driverMessage(err: unknown): string {
  const e = (err ?? {}) as { message?: unknown; sqlMessage?: unknown; code?: unknown };
  const raw = typeof e.sqlMessage === 'string' ? e.sqlMessage : String(e.message ?? err);
  const cut = raw.lastIndexOf(' - ');
  const own = (cut >= 0 ? raw.slice(cut + 3) : raw).split(/\r?\n/)[0];
  const blanked = own
    .replace(/'[^']*'?/g, "'…'")
    .replace(/"[^"]*"?/g, '"…"')
    .replace(/`[^`]*`?/g, '`…`');
  const code = typeof e.code === 'string' && e.code !== '' ? `${e.code}: ` : '';
  return `${code}${blanked.trim()}`.slice(0, 300);
}
