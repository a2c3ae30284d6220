/** Layering: appliance → drivers → firmware-bridge; simulator is an independent second implementation. */

/*
 * The layers inside appliance/, top to bottom (README "Layers"). A folder may import its own layer
 * and the layers below; the rules below forbid each upward arrow, and scripts/layer-graph.ts
 * (run by `npm run layers`) forbids cycles between folders of one layer. A new folder goes into
 * one of these lists, or the rule `appliance-folder-has-a-layer` fails.
 */
const ENTRY_POINTS = ['cli', 'serve', 'hall', 'sim'];
const SERVICE = ['service'];
const WORKFLOWS = ['stamping', 'verification', 'ledger', 'licences', 'audit', 'templates', 'document-pool'];
const FOUNDATIONS = ['seals', 'ca', 'directory', 'pdf', 'pades', 'documents', 'formats', 'eseals', 'storage', 'config', 'tokens', 'devices'];
/** The browser pages: their own world, reached over HTTP only (rule pages-talk-http-only). */
const PAGES = ['pages'];

const folders = (names) => `^appliance/(${names.join('|')})/`;

/**
 * Development entry points, the only appliance code that may import simulator/: the demo hall
 * (`npm start`, `sealdesk start`), `sealdesk sim`, `sealdesk chain up` (cli/dev/) and the
 * development SoftHSM. Product code reaches cli/dev/ and dev-softhsm only by dynamic import.
 */
const DEVELOPMENT = ['^appliance/hall/', '^appliance/sim/', '^appliance/cli/dev/', '^appliance/tokens/dev-softhsm\\.ts$'];
const LAZY_DEVELOPMENT = ['^appliance/cli/dev/', '^appliance/tokens/dev-softhsm\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'service-below-entry-points',
      comment:
        'The service (HTTP routes over the workflows) is started by the entry points (cli, serve, hall, sim); it never reaches back into a command, the serve wrapper or the demo hall.',
      severity: 'error',
      from: { path: folders(SERVICE) },
      to: { path: folders(ENTRY_POINTS) },
    },
    {
      name: 'workflows-below-service',
      comment:
        'Workflows (stamping, verification, ledger, licences, audit, templates, document-pool) are what the service and the CLI call; they know neither HTTP routes nor commands.',
      severity: 'error',
      from: { path: folders(WORKFLOWS) },
      to: { path: folders([...SERVICE, ...ENTRY_POINTS]) },
    },
    {
      name: 'foundations-below-workflows',
      comment:
        'Foundations (seals, ca, directory, pdf, pades, documents, eseals, storage, config, tokens, devices) are records, formats and resources the workflows combine; they never call a workflow, the service or an entry point.',
      severity: 'error',
      from: { path: folders(FOUNDATIONS) },
      to: { path: folders([...WORKFLOWS, ...SERVICE, ...ENTRY_POINTS]) },
    },
    {
      name: 'appliance-folder-has-a-layer',
      comment: 'Every folder under appliance/ belongs to one layer: add a new folder to ENTRY_POINTS, SERVICE, WORKFLOWS or FOUNDATIONS at the top of this file (and to README "Layers").',
      severity: 'error',
      from: { path: '^appliance/', pathNot: folders([...ENTRY_POINTS, ...SERVICE, ...WORKFLOWS, ...FOUNDATIONS, ...PAGES]) },
      to: {},
    },
    {
      name: 'simulator-only-from-development-entry-points',
      comment:
        'The simulator launches test components (SoftHSM, anvil, TSA, ippeveprinter, simulated devices): only the development entry points import it, so no product command or route loads it.',
      severity: 'error',
      from: { path: '^appliance/', pathNot: DEVELOPMENT },
      to: { path: '^simulator/' },
    },
    {
      name: 'development-code-loaded-lazily',
      comment: 'Product code reaches a development module only by dynamic import, when a development feature is asked for (chain up, a SoftHSM module path).',
      severity: 'error',
      from: { path: '^appliance/', pathNot: DEVELOPMENT },
      to: { path: LAZY_DEVELOPMENT, dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'firmware-bridge-is-the-bottom',
      comment: 'firmware-bridge is what every driver shares; it knows nothing above it.',
      severity: 'error',
      from: { path: '^firmware-bridge/' },
      to: { path: '^(drivers|appliance|simulator)/' },
    },
    {
      name: 'drivers-below-appliance',
      comment: 'drivers use firmware-bridge only; the appliance uses drivers, never the other way round.',
      severity: 'error',
      from: { path: '^drivers/' },
      to: { path: '^(appliance|simulator)/' },
    },
    {
      name: 'simulator-is-independent',
      comment: 'A simulated device is a second implementation of the protocol, written from its documentation: it may use firmware-bridge transports but never a driver or the appliance.',
      severity: 'error',
      from: { path: '^simulator/' },
      to: { path: '^(drivers|appliance)/' },
    },
    {
      name: 'pages-talk-http-only',
      comment: 'The web pages run in the browser and reach the appliance through its HTTP API only: no Node built-in, no driver, no firmware-bridge, no other appliance module (their types are restated in appliance/pages/src/api); only preact, pdf.js and qrcode from node_modules.',
      severity: 'error',
      from: { path: '^appliance/pages/src/' },
      to: { pathNot: '^(appliance/pages/src/|node_modules/(preact|pdfjs-dist|qrcode)/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-test-code-in-product',
      severity: 'error',
      from: { path: '^(appliance|drivers|firmware-bridge|simulator)/' },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
