/**
 * How close a column name someone typed is to a name the tool knows. Used to turn a near
 * miss of a spec field into an error (a column silently ignored would blank that field for
 * every student) and to suggest names in messages. Pure.
 */

/** Lower-case letters and digits only: "Student State ID(SASID)" and "student_state_id_sasid" are one name. */
export function squash(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Words, split at non-alphanumerics and camelCase: "McKinneyVento" is mc, kinney, vento; "StateID" state, id. */
function words(s: string): string[] {
  const spaced = s.replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2');
  return spaced
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** Damerau-Levenshtein distance (optimal string alignment: an adjacent swap is one edit). */
export function editDistance(a: string, b: string): number {
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}

/**
 * Whether one word list starts the other, its last word possibly shortened: "Zip" and
 * "Zip Code", "Special Education" and "Special Ed", "Migrant Status" and "Migrant". The longer
 * may have at most one more word: "English Learner Entry Date" is about something else.
 */
function wordPrefix(a: string[], b: string[]): boolean {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length === 0 || l.length - s.length > 1 || s.join('').length < 3) return false;
  const last = s.length - 1;
  for (let i = 0; i < last; i++) if (s[i] !== l[i]) return false;
  return l[last].startsWith(s[last]) || (s.length === l.length && s[last].startsWith(l[last]));
}

/**
 * Whether the longer word list is the shorter with one whole word added anywhere: "English
 * Language Learner" and English Learner, "Student Zip Code" and Zip Code. The shorter needs two
 * words: one word beside any other would match too much.
 */
function oneWordAdded(a: string[], b: string[]): boolean {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length < 2 || l.length !== s.length + 1) return false;
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  for (; i < s.length; i++) if (s[i] !== l[i + 1]) return false;
  return true;
}

/** A name as compared: squashed, and as words. */
interface Shape {
  flat: string;
  words: string[];
}

const shapeOf = (s: string): Shape => ({ flat: squash(s), words: words(s) });

/** Shapes of the names compared against again and again (the spec's): a header of 10,000 cells stays fast. */
const known = new Map<string, Shape>();
function knownShape(name: string): Shape {
  let shape = known.get(name);
  if (shape === undefined) {
    if (known.size >= 1000) known.clear();
    shape = shapeOf(name);
    known.set(name, shape);
  }
  return shape;
}

function rank(a: Shape, b: Shape, loose: boolean): number | null {
  if (a.flat === '' || b.flat === '') return null;
  if (a.flat === b.flat) return 0;
  const prefix = wordPrefix(a.words, b.words) || oneWordAdded(a.words, b.words);
  // A whole word added or dropped ("Student State" and Student State ID) is a word prefix even
  // when few letters differ: it may name a column of its own, unlike a typo.
  if (prefix && a.words.length !== b.words.length) return 2;
  // Short names need an exact match: "Other" and "Mother" are one edit apart.
  const allowed = loose ? Math.max(1, Math.floor(b.flat.length / 4)) : Math.floor(b.flat.length / 6);
  if (Math.abs(a.flat.length - b.flat.length) <= allowed && editDistance(a.flat, b.flat) <= allowed) return 1;
  return prefix ? 2 : null;
}

/**
 * How close `typed` is to `name`: 0 the same once squashed, 1 a few edits (a typo), 2 a word
 * prefix or a word added or dropped; null not close.
 */
export function closeness(typed: string, name: string, loose = false): number | null {
  return rank(shapeOf(typed), knownShape(name), loose);
}

/** The names of a spec field someone may type: the whole name, and its two halves when it has a parenthesis. */
export function namesOf(field: string): string[] {
  const m = /^(.*?)\s*\((.+)\)\s*$/.exec(field);
  return m ? [field, m[1], m[2]] : [field];
}

/** The closest of `candidates` to `typed` (each with the names it may be typed as), best first. */
export function closest<T>(
  typed: string,
  candidates: readonly T[],
  names: (c: T) => string[],
  loose = false,
): { item: T; rank: number }[] {
  const found: { item: T; rank: number }[] = [];
  if (candidates.length === 0) return found;
  const shape = shapeOf(typed);
  for (const item of candidates) {
    let best: number | null = null;
    for (const n of names(item)) {
      const r = rank(shape, knownShape(n), loose);
      if (r !== null && (best === null || r < best)) best = r;
    }
    if (best !== null) found.push({ item, rank: best });
  }
  return found.sort((x, y) => x.rank - y.rank);
}
