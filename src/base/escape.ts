/**
 * Untrusted text (values, file and zip entry names, plan and history fields) shown to a person.
 * A terminal runs escape sequences (ESC [ … can recolour, move the cursor, retitle the window,
 * hide text or fake a verdict) and bidirectional overrides reorder what is read; a spreadsheet
 * cell with a line break hides what follows; an invisible character makes "Student\u200bID"
 * look like "Student ID" in a message saying the two differ. Such characters are shown as
 * `\uXXXX` (`\u{XXXXX}` past U+FFFF) instead.
 *
 * Escaped: C0 controls (tab and line breaks too: one record stays one line), DEL, C1 controls
 * (U+0080–U+009F, 8-bit CSI among them), the line and paragraph separators, and every format
 * character (Unicode Cf): bidirectional marks, embeddings, overrides and isolates, the
 * zero-width space, word joiner, byte-order mark, soft hyphen, tag characters. Kept, as part
 * of what is seen: a zero-width joiner or non-joiner between two visible non-ASCII characters
 * (emoji sequences, Persian and Indic script), and the tags of a subdivision flag after 🏴.
 * Also escaped: the Unicode spaces other than U+0020 that checkLookalike warns of (no-break,
 * U+2000–U+200A, narrow no-break, medium mathematical, ideographic), so `"Lee\u2002Kim" here
 * but "Lee Kim"` shows the difference it names. Printable text, accents, combining marks and
 * emoji pass.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029\u00a0\u2000-\u200a\u202f\u205f\u3000]/gu;

/** What JSON.stringify leaves raw: it escapes C0 itself, and its own line breaks are structure. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\p{Cf}\u2028\u2029\u00a0\u2000-\u200a\u202f\u205f\u3000]/gu;

const ZWNJ = 0x200c;
const ZWJ = 0x200d;
const BLACK_FLAG = 0x1f3f4;
const isTag = (c: number) => c >= 0xe0020 && c <= 0xe007f;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}]/u;

/** The code point that ends just before `at` (a surrogate pair read whole). */
function pointBefore(text: string, at: number): number | undefined {
  if (at <= 0) return undefined;
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) return text.codePointAt(at - 2);
  return low;
}

const visible = (c: number | undefined) => c !== undefined && c > 0x7f && !INVISIBLE.test(String.fromCodePoint(c));

/** Whether the format character at `at` is part of what a reader sees (see above). */
function kept(text: string, at: number, c: number): boolean {
  if (c === ZWJ || c === ZWNJ) return visible(pointBefore(text, at)) && visible(text.codePointAt(at + 1));
  if (!isTag(c)) return false;
  let k = at;
  for (let p = pointBefore(text, k); p !== undefined && isTag(p); p = pointBefore(text, k)) k -= 2;
  return pointBefore(text, k) === BLACK_FLAG;
}

function escaper(pair: boolean) {
  return (ch: string, at: number, text: string): string => {
    const c = ch.codePointAt(0)!;
    if (kept(text, at, c)) return ch;
    if (c <= 0xffff) return `\\u${c.toString(16).padStart(4, '0')}`;
    if (!pair) return `\\u{${c.toString(16)}}`;
    return ch
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16)}`)
      .join('');
  };
}

/** `text` with every control, separator, invisible format character or lookalike space written as `\uXXXX`. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escaper(false));
}

/**
 * Escapes what JSON.stringify leaves raw (DEL, C1, separators, format characters), past U+FFFF
 * as a surrogate pair. Only valid on JSON text: those characters can occur only inside its
 * strings, where `\uXXXX` means the same.
 */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE_IN_JSON, escaper(true));
}

/** A command-line argument as a POSIX shell reads it back: quoted when it holds anything special. */
export function shellArg(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
