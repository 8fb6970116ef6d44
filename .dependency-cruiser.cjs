// Import rules for src/: one-way layers, no cycles, commands independent of each other.
// `npm run lint` runs this; docs/ARCHITECTURE.md explains the layers.

/** Lowest first: a folder may import only folders listed before it (and itself). */
const LAYERS = [
  'base', // errors, escaping, signals, the key format: no imports of the project
  'fields', // the spec's field table and its limits
  'findings', // issue records, the message registry, the validation report model
  'input', // bytes to records: sources, zips, decoding, delimiter, CSV parsing
  'oneroster', // a OneRoster export: detection, its files read with input's decoders, the mapping to DESSA rows
  'roster', // the roster model built from rows
  'checks', // field and cross-row rules
  'repair', // fix's repairs of values (pure), the change log, the fix result model
  'read', // reading a whole file: the two-thread pipeline
  'plan', // the changes a roster makes to stored state; guards; saved plans
  'db', // knex: connection, migrations, locks, state, writing, history
  'transfer', // folders of deliveries, local and over SFTP (ssh2): listing, upload, rename
  'render', // text, JSON, CSV renderings of reports, plans and history
  'command-kit', // what several commands share: options, opening the database, output
  'commands', // one module per command
  'cli', // the declarations of the commands (commander), each loading its module when it runs
];

const above = (i) => LAYERS.slice(i + 1);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other in a loop: move what both need into a lower module.',
      from: {},
      to: { circular: true },
    },
    ...LAYERS.map((layer, i) => ({
      name: `layer-${layer}`,
      severity: 'error',
      comment: `src/${layer} sits below ${above(i).join(', ') || 'the entry points'} and must not import them.`,
      from: { path: `^src/${layer}/` },
      to: { path: `^src/(${[...above(i), '[^/]+\\.ts$'].join('|')})` },
    })),
    {
      name: 'commands-independent',
      severity: 'error',
      comment: 'A command never imports another command: move what they share into src/command-kit.',
      from: { path: '^src/commands/([^/.]+)' },
      to: { path: '^src/commands/', pathNot: '^src/commands/$1([/.]|$)' },
    },
    {
      name: 'known-folders-only',
      severity: 'error',
      comment: 'Every folder of src/ has a place in the layer list of .dependency-cruiser.cjs.',
      from: { path: '^src/' },
      to: { path: '^src/[^/]+/', pathNot: `^src/(${LAYERS.join('|')}|types)/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/types/' },
  },
};
