/**
 * `npm run bench [section…]`: the figures of docs/benchmarks.md, measured in one run on this
 * machine. Not a test: it asserts nothing and prints what it saw. Sections: validate,
 * databases, sync, cold-start, hostile, fuzz, fix, html, oneroster (all by default).
 */
import { coldStartFigures } from './cold-start.js';
import { fixFigures } from './fix.js';
import { fuzzFigures } from './fuzz.js';
import { hostileFigures } from './hostile.js';
import { syncFigures } from './sync.js';
import { htmlFigures } from './html.js';
import { oneRosterFigures } from './oneroster.js';
import { databaseFigures, validateFigures } from './throughput.js';

const SECTIONS: Record<string, () => Promise<void>> = {
  validate: validateFigures,
  databases: databaseFigures,
  sync: syncFigures,
  'cold-start': coldStartFigures,
  hostile: hostileFigures,
  fuzz: fuzzFigures,
  fix: fixFigures,
  html: htmlFigures,
  oneroster: oneRosterFigures,
};

const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !(s in SECTIONS));
if (unknown.length) {
  console.error(`unknown section ${unknown.join(', ')}: choose from ${Object.keys(SECTIONS).join(', ')}`);
  process.exit(2);
}
for (const [i, name] of (asked.length ? asked : Object.keys(SECTIONS)).entries()) {
  if (i > 0) console.log('');
  await SECTIONS[name]();
}
