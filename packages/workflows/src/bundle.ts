import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@temporalio/common';
import { type BundleOptions, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';

/** This module's extension: `.ts` when run from source (tests, tsx), `.js` from the build. */
const EXTENSION = extname(fileURLToPath(import.meta.url));

/** The workflows' entry file, next to this module and from the same side (source or build). */
export const WORKFLOWS_PATH = fileURLToPath(new URL(`./workflows/index${EXTENSION}`, import.meta.url));

/**
 * The workflow interceptor module: Temporal's OpenTelemetry interceptors for the runs and
 * signals whose caller was traced (see `workflows/tracing-interceptors.ts`).
 */
export const WORKFLOW_INTERCEPTOR_MODULES: readonly string[] = [
  fileURLToPath(new URL(`./workflows/tracing-interceptors${EXTENSION}`, import.meta.url)),
];

/**
 * Every entry point of the domain (`@support-engine/domain`, `/ticket`, `/chat`, `/sla`, ...), read
 * from its package's `exports`: all are preloaded, since a workflow importing one that is not
 * would evaluate it per run against the preloaded (frozen) zod.
 */
const DOMAIN_ENTRY_POINTS: readonly string[] = Object.keys(
  (createRequire(import.meta.url)('@support-engine/domain/package.json') as { exports: Record<string, unknown> })
    .exports,
)
  .filter((path) => path !== './package.json' && path !== './testing')
  .map((path) => (path === '.' ? '@support-engine/domain' : `@support-engine/domain/${path.slice(2)}`));

/**
 * How the workflows are bundled, on top of the SDK's defaults. The SDK evaluates the bundle's
 * modules again for every workflow run it creates (module state stays per workflow), except the
 * modules it preloads once and shares:
 * - the domain (every entry point) is preloaded: it is pure and keeps no per-workflow state (its only module-level
 *   state is the SLA calendar's memo, whose answers are the same whoever asks first). Evaluated
 *   per run, its schemas and policies cost milliseconds and megabytes per open ticket;
 * - run from source, workspace packages resolve through their `@support-engine/source` export condition, so the
 *   bundle compiles `@support-engine/domain` from its TypeScript sources whether or not `dist` is
 *   built (the same condition the tests and `tsx --conditions=@support-engine/source` use). Built, they resolve to
 *   their built files: installed from a registry they sit in `node_modules`, whose TypeScript the
 *   SDK's bundler does not compile.
 */
export const WORKFLOW_BUNDLER_OPTIONS: Required<Pick<BundleOptions, 'preloadModules' | 'webpackConfigHook'>> = {
  preloadModules: [...DOMAIN_ENTRY_POINTS],
  webpackConfigHook: (config) => ({
    ...config,
    ...(EXTENSION === '.ts'
      ? { resolve: { ...config.resolve, conditionNames: ['@support-engine/source', '...'] } }
      : {}),
    // The preload's `require` uses no export, and the domain declares itself free of side
    // effects: webpack would drop the preload altogether.
    optimization: { ...config.optimization, sideEffects: false },
  }),
};

/**
 * Bundles the workflows once; pass the result as `workflowBundle` to reuse it across workers.
 * `logger` receives webpack's report (the SDK's default logger prints it at INFO).
 */
export function bundleWorkflows(logger?: Logger): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES],
    ...WORKFLOW_BUNDLER_OPTIONS,
    ...(logger === undefined ? {} : { logger }),
  });
}
