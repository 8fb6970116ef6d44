/**
 * When two zip entry names are one file once unzipped. unzip, Explorer and Finder keep only the
 * last of two entries that land on one path, so reading both would merge two versions of a
 * roster (a student the second drops would stay active). Each step below is a way two
 * spellings reach one path; the key of a name is the name after all of them.
 */
interface Step {
  tidy: (name: string) => string;
  /** Why two names differing only by this step are one file. */
  why: string;
}

const segments = (name: string) => name.split('/');

const STEPS: Step[] = [
  {
    // Separators: `\` is `/` on Windows; `./` and `//` name no other folder.
    tidy: (name) =>
      segments(name.replace(/\\/g, '/'))
        .filter((s) => s !== '' && s !== '.')
        .join('/'),
    why: 'a "./" or a doubled "/" names no other folder',
  },
  {
    tidy: (name) => name.normalize('NFC'),
    why: 'one spells an accented letter as a letter plus an accent mark, as macOS does',
  },
  {
    // Windows drops them from each file and folder name; a name of only dots stays as it is.
    tidy: (name) =>
      segments(name)
        .map((s) => s.replace(/[ .]+$/, '') || s)
        .join('/'),
    why: 'Windows drops trailing spaces and dots from a name',
  },
  {
    tidy: (name) => name.toLowerCase(),
    why: 'Windows and macOS ignore case',
  },
];

/** The path `name` lands on where the most tidying applies: equal keys are one file. */
export function entryKey(name: string): string {
  return STEPS.reduce((n, step) => step.tidy(n), name);
}

/** Why two different names of one key are one file, one reason per step that changes either. */
export function whySame(a: string, b: string): string[] {
  const reasons: string[] = [];
  for (const step of STEPS) {
    if (a === b) break;
    const [ta, tb] = [step.tidy(a), step.tidy(b)];
    if (ta !== a || tb !== b) reasons.push(step.why);
    [a, b] = [ta, tb];
  }
  return reasons;
}

/**
 * Two names as shown in a message: as they are, or, when either spells an accent as a separate
 * mark (it looks the same as the composed letter on screen), with every character past ASCII
 * written as \uXXXX so the difference shows. Control characters are escaped where the
 * message is printed.
 */
export function shownApart(a: string, b: string): [string, string] {
  if (a === a.normalize('NFC') && b === b.normalize('NFC')) return [a, b];
  const ascii = (s: string) =>
    s.replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return [ascii(a), ascii(b)];
}
