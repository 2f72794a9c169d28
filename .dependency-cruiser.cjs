// The package order and the no-circle rule, checked by `npm run lint` (and so by CI).
// docs/architecture.md#packages explains the order: a package imports only those before it.
/**
 * Each workspace package and the workspace packages its code may import: only packages before it
 * in this order, never a sibling (the router, the workers, delivery and the read side know
 * nothing of each other; the API and the CLI compose them).
 */
const ORDER = {
  domain: [],
  servers: [],
  eventstore: ['domain'],
  'eventstore-postgres': ['domain', 'eventstore'],
  'eventstore-esdb': ['domain', 'eventstore'],
  application: ['domain', 'eventstore', 'eventstore-postgres'],
  inbox: ['domain', 'eventstore', 'eventstore-postgres'],
  projections: ['domain', 'eventstore', 'eventstore-postgres', 'inbox'],
  routing: ['domain', 'eventstore', 'eventstore-postgres', 'application'],
  delivery: ['domain', 'eventstore', 'eventstore-postgres', 'application', 'inbox'],
  workflows: ['domain', 'eventstore', 'eventstore-postgres', 'application'],
  api: ['domain', 'eventstore', 'eventstore-postgres', 'application', 'inbox', 'projections', 'delivery'],
  'mail-in': ['domain', 'eventstore', 'eventstore-postgres', 'application', 'inbox', 'projections', 'delivery', 'api'],
  cli: [
    'domain',
    'eventstore',
    'eventstore-postgres',
    'application',
    'inbox',
    'projections',
    'routing',
    'delivery',
    'workflows',
    'api',
    'mail-in',
    'servers',
  ],
};

/**
 * What tests may import besides their package's own order: the API's run the router beside it, as
 * the engine does; the CLI's browser tests read the widget's catalogues (the words they expect).
 */
const TESTS_ALSO = { api: ['routing'], cli: ['widget'] };

// Tests and their fixtures may also start servers (`@support-engine/servers`, a dev dependency).
const TESTS = '\\.(unit|int|e2e)\\.test\\.ts$|\\.fixture\\.ts$|/testing(/|\\.ts$)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import circle, type-only imports included: a module and what it imports form a tree.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(ORDER).map(([name, allowed]) => ({
      name: `package-order-${name}`,
      comment: `packages/${name} imports only ${allowed.join(', ') || 'no other workspace package'}.`,
      severity: 'error',
      from: { path: `^packages/${name}/`, pathNot: TESTS },
      to: { path: '^packages/', pathNot: `^packages/(${[name, ...allowed].join('|')})/` },
    })),
    ...Object.entries(ORDER).map(([name, allowed]) => ({
      name: `package-order-${name}-tests`,
      comment: `The tests of packages/${name} import what it may, and the servers that tests start.`,
      severity: 'error',
      from: { path: `^packages/${name}/.*(${TESTS})` },
      to: {
        path: '^packages/',
        pathNot: `^packages/(${[name, ...allowed, ...(TESTS_ALSO[name] ?? []), 'servers'].join('|')})/`,
      },
    })),
  ],
  options: {
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    // Generated: SvelteKit's types, the help center's bundled build and the CLI's packed copies of the front ends.
    exclude: {
      path: '(^|/)(node_modules|dist|\\.svelte-kit)/|^packages/help-center/build/|^packages/cli/(desk|widget|help-center)/',
    },
    tsConfig: { fileName: 'tsconfig.tests.json' },
    enhancedResolveOptions: {
      conditionNames: ['@support-engine/source', 'import', 'types', 'default'],
      exportsFields: ['exports'],
    },
  },
};
