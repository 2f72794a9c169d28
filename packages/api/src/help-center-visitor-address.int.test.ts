import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP_CENTER_CONTEXT, HELP_CENTER_PATH, type HelpCenterContext } from './help-center-mount/routes.js';
import { VISITOR_RELAY_HEADERS } from './help-center-mount/visitor-relay.js';
import { type ApiHarness, createApiHarness } from './testing/harness.fixture.js';

// The help center's pages call the API from this process's own address: each visitor must still
// spend their own budget (the help center names them with the context's headers), and a client
// cannot name another address with those headers without the process's key.

const BUDGET = 3;

/** Stands in for the build: asks the API as a visitor with the context's headers, answers its status. */
const BUILT = (req: IncomingMessage, res: ServerResponse) => {
  const context = (req as IncomingMessage & { [HELP_CENTER_CONTEXT]: HelpCenterContext })[HELP_CENTER_CONTEXT];
  void (async () => {
    const asked = await fetch(context.graphqlUrl, {
      method: 'POST',
      headers: { ...context.visitorHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ kbCategories { id } }' }),
    });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: asked.status }));
  })();
};

let h: ApiHarness;
let url: string;

/** A help-center page for the visitor at `address` (a proxy the API trusts names them): the status the API answered the page's request. */
async function page(address: string): Promise<number> {
  const response = await fetch(`${url}${HELP_CENTER_PATH}/en`, { headers: { 'x-forwarded-for': address } });
  return ((await response.json()) as { status: number }).status;
}

beforeAll(async () => {
  h = await createApiHarness({
    helpCenterHandler: BUILT,
    config: { publicHelpCenter: true, trustProxy: true, rateLimit: { max: BUDGET, windowMs: 600_000 } },
  });
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const address = h.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  url = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => h?.close());

describe("the help center's requests to the API", () => {
  it("spend each visitor's own budget, not the engine's address's", async () => {
    for (let n = 0; n < BUDGET; n++) expect(await page('203.0.113.1')).toBe(200);
    expect(await page('203.0.113.1')).toBe(429);
    // Another visitor still has theirs.
    expect(await page('203.0.113.2')).toBe(200);
  });

  it('name no one for a client without the key', async () => {
    const forged = async () =>
      (
        await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': '203.0.113.1',
            [VISITOR_RELAY_HEADERS.key]: 'not-the-key',
            [VISITOR_RELAY_HEADERS.address]: '198.51.100.7',
          },
          body: JSON.stringify({ query: '{ kbCategories { id } }' }),
        })
      ).status;
    // Charged to the client's own address, whose budget the first test spent.
    expect(await forged()).toBe(429);
  });
});
