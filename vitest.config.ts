import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const PACKAGES = [
  'domain',
  'servers',
  'eventstore',
  'eventstore-postgres',
  'eventstore-esdb',
  'inbox',
  'projections',
  'application',
  'routing',
  'delivery',
  'workflows',
  'api',
  'mail-in',
  'cli',
];
const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

// Workspace packages resolve to their TypeScript sources, so tests never need a build first.
const alias = [
  { find: '@support-engine/servers/testing', replacement: src('servers/src/testing.ts') },
  { find: '@support-engine/eventstore/adapter', replacement: src('eventstore/src/adapter.ts') },
  // The domain's entry points per aggregate and capability (`@support-engine/domain/ticket`, ...).
  { find: /^@support-engine\/domain\/([a-z-]+)$/, replacement: src('domain/src/$1/index.ts') },
  // The desk's own `$lib` (its components import through it).
  { find: /^\$lib\//, replacement: src('desk/src/lib/') },
  ...PACKAGES.map((name) => ({
    find: new RegExp(`^@support-engine/${name}$`),
    replacement: src(`${name}/src/index.ts`),
  })),
];

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default', './vitest.summary-reporter.ts'],
    projects: [
      {
        extends: true,
        // The desk's components are compiled for the server in unit tests (svelte/server renders
        // them to HTML, no browser needed); nothing else is a .svelte file.
        plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.unit.test.ts'],
          // bits-ui ships .svelte files: compiled by the plugin above, not loaded by Node as they are.
          server: { deps: { inline: ['bits-ui', 'svelte-toolbelt', 'runed'] } },
          // Property tests and the odd spawned process run several seconds on a busy 2-core
          // machine; the limit only catches hangs.
          testTimeout: 30_000,
          // Pure code with no process-wide state: the files share one module graph instead of
          // loading it again each (the unit run takes half the time).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: ['packages/*/src/**/*.int.test.ts'],
          globalSetup: ['./vitest.setup.ts'],
          setupFiles: ['./vitest.temporal-logs.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // The files share one module graph too: loading it again in a fresh process per file
          // cost more than the tests themselves (the API's 45 files: 299 s against 129 s on two
          // cores; all 112 took 463 s). Each file opens and closes its own databases, servers
          // and workers; nothing may keep process-wide state from one file to the next (tracers
          // are looked up per span for that reason).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['packages/*/src/**/*.e2e.test.ts'],
          globalSetup: ['./vitest.setup.ts', './vitest.desk-build.ts'],
          setupFiles: ['./vitest.temporal-logs.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // Each end-to-end file mostly waits on the processes it spawns (a dev engine, a
          // topology, npm installs), so two run at once, after the unit and integration files
          // (vitest runs one file at a time on two cores). Integration files stay one at a time:
          // beside other writers on their PostgreSQL server, a test reading right after its
          // appends may miss them (docs/architecture.md#reading-the-log-without-gaps).
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
