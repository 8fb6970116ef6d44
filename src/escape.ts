/**
 * Untrusted text (values, file and zip entry names, plan and history fields) shown to a person.
 * A terminal runs escape sequences (ESC [ … can recolour, move the cursor, retitle the window,
 * hide text or fake a verdict) and bidirectional overrides reorder what is read; a spreadsheet
 * cell with a line break hides what follows. Such characters are shown as `\uXXXX` instead.
 *
 * Escaped: C0 controls (tab and line breaks too: one record stays one line), DEL, C1 controls
 * (U+0080–U+009F, 8-bit CSI among them), the line and paragraph separators, and the
 * bidirectional marks, embeddings, overrides and isolates. Printable text, accents and emoji pass.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** What JSON.stringify leaves raw: it escapes C0 itself, and its own line breaks are structure. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const code = (ch: string) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every control or reordering character written as `\uXXXX`. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, code);
}

/**
 * Escapes what JSON.stringify leaves raw (DEL, C1, separators, bidi controls). Only valid on
 * JSON text: those characters can occur only inside its strings, where `\uXXXX` means the same.
 */
export function escapeJsonText(json: string): string {
  return json.replace(UNSAFE_IN_JSON, code);
}
