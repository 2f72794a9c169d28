import { describe, expect, it } from 'vitest';
import { bundleWorkflows } from './bundle.js';

// The SDK evaluates every module of the bundle for each workflow run it creates: what the
// workflows do not use must not be in it.
describe('the workflow bundle', () => {
  it('holds the domain modules the workflows use and none of the others', async () => {
    const { code } = await bundleWorkflows();
    const domainModules = [...code.matchAll(/^\/\*\*\*\/ "[^"]*\/packages\/domain\/src\/([^"]+)"/gm)].map(
      (match) => match[1],
    );
    expect(domainModules).toEqual(expect.arrayContaining(['ticket/evolve.ts', 'sla/calculator.ts', 'chat/evolve.ts']));
    const unused = domainModules.filter((path) =>
      /^(agent|customer|proactive|assignment)\/|\/(commands|events|decide)\.ts$|registry\.ts$/.test(path!),
    );
    expect(unused).toEqual([]);
  }, 60_000);
});
