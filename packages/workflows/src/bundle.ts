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
 * Makes webpack resolve workspace packages through their `source` export condition, so the
 * bundle compiles `@support-engine/domain` from its TypeScript sources whether or not `dist`
 * is built (the same condition the tests and `tsx --conditions=source` use).
 */
export const resolveSourceCondition: WebpackConfigHook = (config) => ({
  ...config,
  resolve: { ...config.resolve, conditionNames: ['source', '...'] },
});

/**
 * Bundles the workflows once; pass the result as `workflowBundle` to reuse it across workers.
 * `logger` receives webpack's report (the SDK's default logger prints it at INFO).
 */
export function bundleWorkflows(logger?: Logger): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    webpackConfigHook: resolveSourceCondition,
    ...(logger === undefined ? {} : { logger }),
  });
}
