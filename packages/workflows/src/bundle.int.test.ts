import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from './bundle.js';

// The SDK evaluates a bundle's modules again for each workflow run it creates, except those the
// bundle preloads: the domain must be among them, or every open ticket pays for it again.
describe('the workflow bundle', () => {
  it('preloads the domain once for all workflow runs', async () => {
    const { code } = await bundleWorkflows();
    const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
    expect(preload).toContain('"./packages/domain/src/index.ts"');
  }, 60_000);
});
