/** Layering: appliance → drivers → firmware-bridge; simulator is an independent second implementation. */
module.exports = {
  forbidden: [
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
