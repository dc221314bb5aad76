// The import rules of the monorepo, checked by `depcruise` in the test command (see docs/architecture.md).
// Each rule states a boundary of docs/architecture.md; a violation names the rule and both files.

/** Node built-ins that do I/O, run processes or read the machine: none of them belongs in the pure core. */
const NODE_IO_MODULES =
  '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|dns|dns/promises|child_process|cluster|worker_threads|os|process|readline|repl|inspector|perf_hooks|v8|vm|timers|timers/promises)$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-package',
      comment: '@tokenpace/core is the bottom layer: it may not import the emulator or the load package.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: ['^packages/(emulator|load)/', '^@tokenpace/(emulator|load)'] },
    },
    {
      name: 'core-does-no-io',
      comment:
        '@tokenpace/core is pure: no sockets, files, processes, timers or machine state (tests may read fixtures).',
      severity: 'error',
      from: { path: '^packages/core/src/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'], path: NODE_IO_MODULES },
    },
    {
      name: 'core-has-no-server',
      comment:
        '@tokenpace/core knows nothing of HTTP servers: fastify and its plugins belong to the emulator.',
      severity: 'error',
      from: { path: '^packages/core/' },
      to: { path: ['(^|/)node_modules/(fastify|@fastify/|fastify-plugin|pino|prom-client)'] },
    },
    {
      name: 'load-does-not-import-emulator',
      comment: 'The harness measures any OpenAI-compatible server; it may not depend on the emulator.',
      severity: 'error',
      from: { path: '^packages/load/' },
      to: { path: ['^packages/emulator/', '^@tokenpace/emulator'] },
    },
    {
      name: 'emulator-does-not-import-load',
      comment: 'The emulator serves; the harness measures. Neither builds on the other.',
      severity: 'error',
      from: { path: '^packages/emulator/' },
      to: { path: ['^packages/load/', '^@tokenpace/load'] },
    },
    {
      name: 'core-only-through-its-package',
      comment:
        "Node code uses @tokenpace/core's public exports, not its source files (k6 code is the exception below).",
      severity: 'error',
      from: { path: '^packages/(emulator|load)/(src|test)/', pathNot: '^packages/load/test/fixtures/' },
      to: { path: '^packages/core/src/' },
    },
    {
      name: 'protocol-has-no-imports',
      comment:
        'k6 scenarios load packages/core/src/protocol.ts directly as TypeScript, so it must stand alone.',
      severity: 'error',
      from: { path: '^packages/core/src/protocol\\.ts$' },
      to: {},
    },
    {
      name: 'k6-code-stays-in-k6',
      comment:
        'Scenarios, k6 helpers and k6 test scripts run inside k6, not Node: they may import k6 modules, the helpers and the protocol constants only.',
      severity: 'error',
      from: { path: '^(scenarios|packages/load/k6-helpers|packages/load/test/fixtures)/' },
      to: {
        pathNot: ['^k6($|/)', '^packages/load/k6-helpers/', '^packages/core/src/protocol\\.ts$'],
      },
    },
    {
      name: 'source-does-not-import-tests',
      comment: 'Shipped code may not depend on tests or their support files.',
      severity: 'error',
      from: { path: '^packages/[^/]+/src/', pathNot: '\\.test\\.ts$' },
      to: { path: ['\\.test\\.ts$', '^packages/[^/]+/test/'] },
    },
    {
      name: 'no-circular',
      comment:
        'A cycle makes load order matter and hides which module owns a concept. Type-only cycles are erased at build time and allowed.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    // Workspace packages resolve through node_modules symlinks to their real folders.
    preserveSymlinks: false,
    doNotFollow: { path: ['node_modules', '(^|/)dist/'] },
    exclude: { path: ['(^|/)dist/', '(^|/)node_modules/', '(^|/)\\.turbo/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
