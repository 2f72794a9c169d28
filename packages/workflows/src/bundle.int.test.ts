import { beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from './bundle.js';

let code: string;
beforeAll(async () => {
  ({ code } = await bundleWorkflows());
}, 60_000);

describe('the workflow bundle', () => {
  // The SDK evaluates a bundle's modules again for each workflow run it creates, except those the
  // bundle preloads: the domain must be among them, or every open ticket pays for it again.
  it('preloads the domain once for all workflow runs', () => {
    const preload = /exports\.preloadModules = function preloadModules\(\) \{([^}]*)\}/.exec(code)?.[1] ?? '';
    expect(preload).toContain('"./packages/domain/src/index.ts"');
  });

  // A workflow runs in an isolate that cannot load a webpack chunk: Temporal's OpenTelemetry
  // workflow code must be in the bundle itself, though only a traced run evaluates it.
  it('registers the tracing interceptors, with the OpenTelemetry workflow code inside the bundle', () => {
    expect(code).toContain('./packages/workflows/src/workflows/tracing-interceptors.ts');
    expect(code).toContain('interceptors-opentelemetry/lib/workflow/index.js');
    expect(code).not.toMatch(/__webpack_require__\.e\(/);
  });
});
