import { escapeControls } from '../base/escape.js';
import { SEP } from '../base/keys.js';

/**
 * Untrusted text (keys, names, file names from a roster or a plan) made safe for one line of a
 * terminal: control characters, line and bidi separators become \uXXXX escapes, the key
 * separator U+001F becomes " / ", and long values are cut (a 5,000-character name is one line).
 */
export function shown(text: string, max = 60): string {
  const joined = text.split(SEP).join(' / ');
  const cut = [...joined].length > max ? `${[...joined].slice(0, max).join('')}…` : joined;
  return escapeControls(cut);
}

export { shellArg } from '../base/escape.js';
