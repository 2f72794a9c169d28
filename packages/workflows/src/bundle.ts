import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@temporalio/common';
import { type BundleOptions, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';

/**
 * The workflows' entry file, next to this module: `.ts` when run from source (tests, tsx),
 * `.js` from the build.
 */
export const WORKFLOWS_PATH = fileURLToPath(
  new URL(`./workflows/index${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

type WebpackConfigHook = NonNullable<BundleOptions['webpackConfigHook']>;

/**
 * The workflow bundle's webpack settings on top of the SDK's:
 * - workspace packages resolve through their `source` export condition, so the bundle compiles
 *   `@support-engine/domain` from its TypeScript sources whether or not `dist` is built (the same
 *   condition the tests and `tsx --conditions=source` use);
 * - modules the workflows never use are left out (the domain declares itself free of side
 *   effects). The SDK evaluates every module of the bundle again for each workflow run it
 *   creates, so each unused module (the command and event schemas, the other aggregates) would
 *   cost time and memory per workflow: about a third of the worker's memory at 1,000 open tickets.
 */
export const workflowWebpackConfig: WebpackConfigHook = (config) => ({
  ...config,
  resolve: { ...config.resolve, conditionNames: ['source', '...'] },
  optimization: { ...config.optimization, sideEffects: true, usedExports: true },
});

/**
 * Bundles the workflows once; pass the result as `workflowBundle` to reuse it across workers.
 * `logger` receives webpack's report (the SDK's default logger prints it at INFO).
 */
export function bundleWorkflows(logger?: Logger): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    webpackConfigHook: workflowWebpackConfig,
    ...(logger === undefined ? {} : { logger }),
  });
}
