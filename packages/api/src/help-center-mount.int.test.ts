import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HELP_CENTER_CONTEXT,
  HELP_CENTER_PATH,
  type HelpCenterContext,
  type HelpCenterHandler,
} from './help-center-mount/routes.js';
import { VISITOR_RELAY_HEADERS } from './help-center-mount/visitor-relay.js';
import { type ApiHarness, createApiHarness } from './testing/harness.fixture.js';

// The API mounts the help center's built handler under /help with a public help center only; it
// hands it the request untouched (a form's body unread), the engine's context, and sends its
// answers with the headers that keep them out of frames. The handler here stands in for the
// build (packages/help-center, served by the browser test): it answers what it was given, and
// asks the API with the context's address and system token.

const BUILT: HelpCenterHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
  if (req.url?.startsWith(`${HELP_CENTER_PATH}/missing`)) return next();
  const context = (req as IncomingMessage & { [HELP_CENTER_CONTEXT]: HelpCenterContext })[HELP_CENTER_CONTEXT];
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', async () => {
    const asked = await fetch(context.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${context.systemToken}` },
      body: JSON.stringify({ query: '{ kbCategories { id } }' }),
    });
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        url: req.url,
        method: req.method,
        body: Buffer.concat(chunks).toString(),
        api: { status: asked.status, body: await asked.json() },
        context: { ...context, systemToken: context.systemToken !== null },
        forwarded: [req.headers['x-forwarded-proto'], req.headers['x-forwarded-host']],
      }),
    );
  });
};

let on: ApiHarness;
let off: ApiHarness;
let onUrl: string;
let offUrl: string;

async function listen(h: ApiHarness) {
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const address = h.app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

beforeAll(async () => {
  on = await createApiHarness({
    helpCenterHandler: BUILT,
    config: {
      publicHelpCenter: true,
      helpCenter: { origin: 'https://help.example.com', widgetKey: 'wk_demo', contactEmail: null },
    },
  });
  off = await createApiHarness({ helpCenterHandler: BUILT, config: { publicHelpCenter: false } });
  onUrl = await listen(on);
  offUrl = await listen(off);
});
afterAll(async () => {
  await on?.close();
  await off?.close();
});

describe('the help center mount', () => {
  it('answers 404 for /help and robots.txt when the help center is not public', async () => {
    for (const path of [HELP_CENTER_PATH, `${HELP_CENTER_PATH}/en`, '/robots.txt'])
      expect((await fetch(`${offUrl}${path}`)).status).toBe(404);
  });

  it('hands a page to the built handler with the context, under headers that refuse framing', async () => {
    // A client naming another host or scheme is not believed: the API does not trust it as a proxy.
    const response = await fetch(`${onUrl}${HELP_CENTER_PATH}/en?q=1`, {
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const seen = (await response.json()) as { url: string; context: Record<string, unknown>; forwarded: string[] };
    expect(seen.url).toBe(`${HELP_CENTER_PATH}/en?q=1`);
    expect(seen.forwarded).toEqual(['http', new URL(onUrl).host]);
    expect(seen.context).toEqual({
      graphqlUrl: `${onUrl}/graphql`,
      systemToken: true,
      publicOrigin: 'https://help.example.com',
      widgetKey: 'wk_demo',
      contactEmail: null,
      // The visitor's address (this test's, the peer) and the key that makes the API believe it.
      visitorHeaders: { [VISITOR_RELAY_HEADERS.key]: expect.any(String), [VISITOR_RELAY_HEADERS.address]: '127.0.0.1' },
    });
  });

  it('gives a system token the API accepts at the address given', async () => {
    const seen = (await (await fetch(`${onUrl}${HELP_CENTER_PATH}`)).json()) as {
      api: { status: number; body: { data?: unknown; errors?: unknown } };
    };
    expect(seen.api.status).toBe(200);
    expect(seen.api.body.errors).toBeUndefined();
    expect(seen.api.body.data).toEqual({ kbCategories: [] });
  });

  it('passes a form post through with its body unread', async () => {
    const response = await fetch(`${onUrl}${HELP_CENTER_PATH}/en/articles/a-1?/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'helpful=yes&comment=Clear%20enough',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ method: 'POST', body: 'helpful=yes&comment=Clear%20enough' });
  });

  it('keeps the built files a year, answers 404 for what the handler does not serve, and robots.txt from the help center', async () => {
    const file = await fetch(`${onUrl}${HELP_CENTER_PATH}/_app/immutable/entry/start.abc.js`);
    expect(file.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    await file.arrayBuffer();
    const missing = await fetch(`${onUrl}${HELP_CENTER_PATH}/missing`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-frame-options')).toBe('DENY');
    await missing.arrayBuffer();
    expect(await (await fetch(`${onUrl}/robots.txt`)).json()).toMatchObject({ url: `${HELP_CENTER_PATH}/robots.txt` });
  });
});
