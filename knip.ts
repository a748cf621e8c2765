/**
 * `npm run knip` (part of `npm test`): files, dependencies and exports nothing uses, and imports of
 * packages that the importing workspace does not declare. Entry points are what runs: what each
 * package.json names (`main`, so each service's main.ts and each library's index.ts, and the files
 * its scripts run: start.ts, the benchmarks, build-territories), each worker.ts and CLI, the
 * scripts, the tests and the files Jest or a test starts. A `!` marks a production entry: run by
 * hand, `knip --production` then lists code that only specs (and the package.json scripts) use.
 */
// Untyped: knip's KnipConfig does not resolve under this repository's `moduleResolution: node`, and
// knip validates the object itself when it loads it.
const config = {
  // System tools that tests and benchmarks start, not npm packages.
  ignoreBinaries: ['psql', 'redis-server', 'pdftotext'],
  workspaces: {
    '.': {
      entry: [
        'scripts/**/*.spec.ts',
        // Started as child processes by bench/run.ts and bench/system/run.ts, or by hand.
        'bench/system/{run,floor-server,monitoring-scale,profile-summary,idle-memory}.ts!',
        'bench/sheet/run.ts!',
        'bench/web/run.ts!',
        'bench/scale/run.ts!',
        'bench/observability/run.ts!',
        // The whole-system suites are tooling in their own right (npm test, test:faults, test:scale, test:security).
        'test/**/*.spec.ts!',
      ],
      project: ['scripts/**/*.ts!', 'bench/**/*.ts!', 'test/**/*.ts!'],
      ignoreDependencies: [
        // The root `overrides` refer to it as "$@apollo/server", which npm allows only for a root dependency.
        '@apollo/server',
        // Imported by the child process that scripts/deploy-check/k8s-schema.ts starts (ES modules only).
        'kubernetes-models',
        '@kubernetes-models/prometheus-operator',
      ],
    },
    'libs/shared': {
      entry: ['src/auth/dev-token.cli.ts!', 'src/**/*.spec.ts', 'test/**/*.spec.ts', 'test/*.js!', 'test/fixtures/*.runner.ts'],
      project: ['src/**/*.ts!', 'test/**/*.{ts,js}'],
      // Loaded with require() by @nestjs/apollo's Express driver: an optional peer it does not list.
      ignoreDependencies: ['@as-integrations/express5'],
    },
    'libs/client': {
      // src/index.ts (its `main`) is what partners import; src/generated/api.ts (gitignored) is written
      // from services/gateway/openapi.json by `npm run generate`, which npm install and the build run.
      entry: ['src/**/*.spec.ts'],
      project: ['src/**/*.ts!'],
    },
    'apps/web': {
      // Knip's Vite plugin finds the entries (vite.config.ts, and src/main.tsx through index.html).
      project: ['src/**/*.{ts,tsx}!'],
    },
    'libs/territories': {
      entry: ['src/**/*.spec.ts'],
      project: ['src/**/*.ts!', 'scripts/**/*.ts!'],
    },
    'services/*': {
      entry: [
        'src/worker.ts!',
        'src/migrate.ts!',
        'src/**/*.cli.ts!',
        'src/**/*.spec.ts',
        'test/**/*.spec.ts',
        'bench/run.ts!',
        'bench/*.bench.ts!',
        'scripts/*.ts!',
      ],
      project: ['src/**/*.ts!', 'test/**/*.ts', 'bench/**/*.ts!', 'scripts/**/*.ts!'],
    },
    'services/questionnaire': {
      // test/support/pdf-text.mjs runs in a child process of the sheet's tests (pdf.js is ES modules only).
      // bench/adapter.bench.ts is run by hand (decision 0029), and starts itself as the servers' child processes.
      entry: ['src/worker.ts!', 'src/migrate.ts!', 'src/**/*.spec.ts', 'test/**/*.spec.ts', 'test/support/*.mjs', 'bench/adapter.bench.ts!'],
      project: ['src/**/*.ts!', 'test/**/*.{ts,mjs}', 'bench/**/*.ts!'],
      // As in libs/shared: @nestjs/apollo's Express driver requires it.
      ignoreDependencies: ['@as-integrations/express5'],
    },
  },
};

export default config;
