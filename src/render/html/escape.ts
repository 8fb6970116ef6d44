import { escapeControls } from '../../base/escape.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text for an HTML page, safe in element text and in a quoted attribute alike: the five
 * characters that end a text or an attribute become entities. Control, format and invisible
 * characters are first made visible as `\uXXXX` (base/escape.ts): a bidirectional override
 * would reorder what is read, a zero-width space hide a difference the report names.
 */
export function esc(value: string | number): string {
  return escapeControls(String(value)).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

/**
 * A value as JSON inside `<script type="application/json">`: `<`, `>` and `&` as `\u003c`…, so
 * no `</script>` or `<!--` can end or bend the element, and U+2028/U+2029 escaped as well (they
 * end a line in older JavaScript). JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
