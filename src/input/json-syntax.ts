/**
 * Where a JSON text first goes wrong, and what was expected there: for a message that a person
 * can act on. The engine's own message names a character offset, or quotes the text's first
 * bytes; neither may reach a terminal (the file may not be a JSON file at all).
 *
 * Iterative, with its own stack of open brackets: deep nesting cannot overflow the call stack.
 * Accepts exactly what JSON.parse accepts (test/json-syntax.test.ts checks this).
 */
export interface JsonFault {
  /** Offset (UTF-16 code units) of the first character that is wrong. */
  at: number;
  /** What is wrong there, e.g. 'expected "," or "}"'. */
  what: string;
}

type State = 'value' | 'value-or-end' | 'key' | 'key-or-end' | 'colon' | 'after';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** The end of the string whose quote is at `i`, or a fault inside it. */
function stringEnd(t: string, i: number): number | JsonFault {
  for (let k = i + 1; k < t.length; k++) {
    const c = t.charCodeAt(k);
    if (c === 0x22) return k + 1;
    if (c < 0x20)
      return {
        at: k,
        what:
          c === 0x0a || c === 0x0d
            ? 'a line break inside a string, which JSON does not allow'
            : 'a control character inside a string',
      };
    if (c !== 0x5c) continue;
    const e = t[k + 1];
    if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(k + 2, k + 6))) k += 5;
    else if (e !== undefined && ESCAPES.has(e)) k += 1;
    else return { at: k, what: 'a backslash that starts no escape: one backslash is written \\\\' };
  }
  return { at: i, what: 'a string that is never closed' };
}

/** Why the character at `i` cannot start a value. */
function notAValue(t: string, i: number): string {
  const c = t[i];
  if (c === "'") return 'single quotes, which JSON does not allow';
  if (c === '/') return 'a comment, which JSON does not allow';
  return 'expected a value: text in double quotes, a number, true, false or null';
}

/** The first syntax fault of `t`, or null when it is one well-formed JSON value. */
export function jsonFault(t: string): JsonFault | null {
  const closers: string[] = [];
  let state: State = 'value';
  let i = 0;
  for (;;) {
    while (i < t.length && (t[i] === ' ' || t[i] === '\t' || t[i] === '\n' || t[i] === '\r')) i++;
    const c = t[i];
    const close = closers[closers.length - 1];
    if (c === undefined && !(state === 'after' && close === undefined)) return { at: i, what: 'the text ends early' };
    if (state === 'after') {
      if (close === undefined)
        return c === undefined ? null : { at: i, what: 'expected the end of the text after one JSON value' };
      if (c === ',') state = close === '}' ? 'key' : 'value';
      else if (c === close) closers.pop();
      else return { at: i, what: `expected "," or "${close}"` };
      i++;
      continue;
    }
    if (state === 'colon') {
      if (c !== ':') return { at: i, what: 'expected ":" after the name' };
      state = 'value';
      i++;
      continue;
    }
    if ((state === 'key-or-end' && c === '}') || (state === 'value-or-end' && c === ']')) {
      closers.pop();
      state = 'after';
      i++;
      continue;
    }
    if (state === 'key' || state === 'key-or-end') {
      if (c !== '"') {
        const what =
          c === '}'
            ? 'a comma before "}", which JSON does not allow'
            : c === "'"
              ? 'single quotes, which JSON does not allow'
              : 'expected a name in double quotes';
        return { at: i, what };
      }
      const end = stringEnd(t, i);
      if (typeof end !== 'number') return end;
      state = 'colon';
      i = end;
      continue;
    }
    if (state === 'value' && c === ']' && close === ']')
      return { at: i, what: 'a comma before "]", which JSON does not allow' };
    state = 'after';
    if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']');
      state = c === '{' ? 'key-or-end' : 'value-or-end';
      i++;
    } else if (c === '"') {
      const end = stringEnd(t, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else {
      NUMBER.lastIndex = i;
      const literal = LITERALS.find((l) => t.startsWith(l, i));
      if (literal) i += literal.length;
      else if (NUMBER.test(t)) i = NUMBER.lastIndex;
      else return { at: i, what: notAValue(t, i) };
    }
  }
}

/** Line and column (from 1, in characters) of offset `at` in `t`. */
export function lineAndColumn(t: string, at: number): { line: number; column: number } {
  const before = t.slice(0, at);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
}
