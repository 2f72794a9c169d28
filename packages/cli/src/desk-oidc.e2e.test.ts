import { DESK_PATH } from '@support-engine/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { chromiumPath, startBrowser, type TestBrowser, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { expectAccessible } from './testing/desk.fixture.js';
import { INBOX_ROWS } from './testing/desk-inbox.fixture.js';
import { startIdentityProvider, TEST_CLIENT_ID, type TestIdentityProvider } from './testing/oidc.fixture.js';
import { type E2eStack, startE2eStack } from './testing/stack.fixture.js';

// Production sign-in: a production engine (no development sign-in) whose tokens come from a real
// OpenID provider running here (oidc-provider). Grace signs in at the provider's own login and
// consent pages (authorization code with PKCE, through oidc-client-ts), lands in her inbox as an
// agent, and the API accepts her access token (verified with the provider's JWKS, her role read
// from the support_role claim); a token the API refuses later sends her back to sign in. Her
// access tokens live 15 seconds: the desk renews each with the refresh token before it expires,
// stays live past the first one's expiry, and signing out ends her session at the provider too.

const AUDIENCE = 'urn:support-engine';
const ROLE_CLAIM = 'support_role';
/** How long the provider's access tokens live (seconds): short, so that the desk must renew them. */
const ACCESS_TOKEN_TTL = 15;
/** The API's clock tolerance: a token's subscriptions end this long after its `exp`. */
const CLOCK_TOLERANCE_S = 30;

let provider: TestIdentityProvider;
let stack: E2eStack;
let browser: TestBrowser;

beforeAll(async () => {
  chromiumPath();
  provider = await startIdentityProvider({
    accounts: { grace: { name: 'Grace Hopper', [ROLE_CLAIM]: 'agent' } },
    audience: AUDIENCE,
    roleClaim: ROLE_CLAIM,
    accessTokenTtl: ACCESS_TOKEN_TTL,
  });
  stack = await startE2eStack(
    {},
    {
      SUPPORT_API_ENV: 'production',
      SUPPORT_JWKS_URL: provider.jwksUrl,
      SUPPORT_JWT_ISSUER: provider.issuer,
      SUPPORT_JWT_AUDIENCE: AUDIENCE,
      SUPPORT_JWT_ROLE_CLAIM: ROLE_CLAIM,
      SUPPORT_OIDC_ISSUER: provider.issuer,
      SUPPORT_OIDC_CLIENT_ID: TEST_CLIENT_ID,
      SUPPORT_OIDC_SCOPES: 'openid profile support',
      SUPPORT_OIDC_NAME: 'Example ID',
    },
  );
  provider.register(
    `${stack.engine.api.url}${DESK_PATH}/sign-in/callback`,
    `${stack.engine.api.url}${DESK_PATH}/sign-in`,
  );
  browser = await startBrowser('en-GB');
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await provider?.close();
});

/** The desk's session as the page keeps it. */
const sessionOf = (page: Page) =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('support-desk.session') ?? 'null') as { token: string } | null);

/** A JWT's claims (read, not verified). */
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>;

/** Grace signs in at the provider's login and consent pages (the desk sent the page there). */
async function signInAtProvider(page: Page): Promise<void> {
  await page.waitForURL(`${provider.issuer}/interaction/**`);
  await page.locator('input[name="login"]').fill('grace');
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL(`**${DESK_PATH}/inbox`);
}

/** The page's console errors from the desk (the provider's development pages are not the desk's). */
function deskConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && message.location().url.startsWith(stack.engine.api.url))
      errors.push(message.text());
  });
  return errors;
}

describe('sign-in with OpenID Connect', () => {
  it("signs an agent in at the provider's pages, the API accepts her token, and a refused token leads back to sign-in", async () => {
    const page = await browser.context.newPage();
    const consoleErrors = deskConsoleErrors(page);
    let authorization: string | undefined;
    page.on('request', (request) => {
      if (request.url().startsWith(`${provider.issuer}/auth?`)) authorization = request.url();
    });
    await withScreenshotOnFailure(page, 'desk-oidc', async () => {
      await page.goto(`${stack.engine.api.url}${DESK_PATH}`);
      await page.waitForURL(`**${DESK_PATH}/sign-in`);
      const button = page.getByRole('button', { name: 'Sign in with Example ID' });
      await button.waitFor();
      // A production engine: no development sign-in.
      expect(await page.getByTestId('dev-only').count()).toBe(0);
      await expectAccessible(page);

      await button.click();
      await page.waitForURL(`${provider.issuer}/interaction/**`);
      // The authorization request: the code flow, with a PKCE challenge (S256).
      const authorize = new URL(authorization ?? '');
      expect(authorize.origin).toBe(provider.issuer);
      expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
        response_type: 'code',
        client_id: TEST_CLIENT_ID,
        code_challenge_method: 'S256',
        scope: 'openid profile support',
      });
      expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      await signInAtProvider(page);
      await page.getByRole('button', { name: 'Signed in as Grace Hopper (agent)' }).waitFor();
      // The inbox asked the API with her token, and showed its (empty) answer.
      await page.getByText('No tickets here.').waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);

      // Her access token: the provider's JWT for the engine, which the API accepts as her, an agent.
      const token = (await sessionOf(page))?.token ?? '';
      expect(claimsOf(token)).toMatchObject({
        iss: provider.issuer,
        aud: AUDIENCE,
        sub: 'grace',
        [ROLE_CLAIM]: 'agent',
      });
      const { myWork } = await stack.client.request<{ myWork: { tickets: unknown[] } }>(
        '{ myWork { tickets { id } } }',
        {},
        token,
      );
      expect(myWork.tickets).toEqual([]);

      // Later the API refuses the token (here its signature no longer matches): back to sign-in.
      const [header, payload, signature = ''] = token.split('.');
      const refused = `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
      await page.evaluate(
        (value) =>
          sessionStorage.setItem(
            'support-desk.session',
            JSON.stringify({ ...JSON.parse(sessionStorage.getItem('support-desk.session') ?? '{}'), token: value }),
          ),
        refused,
      );
      await page.goto(`${stack.engine.api.url}${DESK_PATH}/inbox`);
      await page.waitForURL(`**${DESK_PATH}/sign-in`);
      expect(await sessionOf(page)).toBeNull();
      await page.getByRole('button', { name: 'Sign in with Example ID' }).waitFor();
    });
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('renews her token before it expires, stays live past the first one’s expiry, and signs out at the provider', async () => {
    // A fresh start at the provider (the first test left her signed in there).
    await browser.context.clearCookies();
    const [admin, portal] = await Promise.all([
      provider.accessToken('oidc-admin', 'admin'),
      provider.accessToken('customer-portal', 'system'),
    ]);
    await mutate(
      stack.client,
      'registerAgent',
      { agentId: 'grace', name: 'Grace Hopper', skills: ['billing'], languages: ['en'] },
      { token: admin },
    );
    const page = await browser.context.newPage();
    const consoleErrors = deskConsoleErrors(page);
    await withScreenshotOnFailure(page, 'desk-oidc-renewal', async () => {
      await page.goto(`${stack.engine.api.url}${DESK_PATH}/sign-in`);
      await page.getByRole('button', { name: 'Sign in with Example ID' }).click();
      await signInAtProvider(page);
      await page.getByText('No tickets here.').waitFor();
      const first = (await sessionOf(page))?.token ?? '';
      const expires = Number(claimsOf(first).exp);

      // A new token (from the refresh token) replaces the first before it expires.
      await expect
        .poll(async () => (await sessionOf(page))?.token ?? first, { timeout: ACCESS_TOKEN_TTL * 1000 })
        .not.toBe(first);
      expect(Date.now()).toBeLessThan(expires * 1000);
      expect(claimsOf((await sessionOf(page))?.token ?? '')).toMatchObject({ sub: 'grace', [ROLE_CLAIM]: 'agent' });

      // Past the moment the API ends whatever the first token opened (its expiry and the tolerance).
      await expect
        .poll(() => Date.now() > (expires + CLOCK_TOLERANCE_S + 1) * 1000, {
          timeout: (ACCESS_TOKEN_TTL + CLOCK_TOLERANCE_S + 10) * 1000,
          interval: 1_000,
        })
        .toBe(true);
      // Still signed in, and live: a ticket given to her now appears without a reload.
      await mutate(
        stack.client,
        'openTicket',
        {
          ticketId: 'oidc-renewed',
          customerId: 'cust-oidc',
          channel: 'web',
          subject: 'Renewed and still live',
          description: 'After the first token expired.',
        },
        { token: portal },
      );
      await mutate(stack.client, 'assignTicket', { ticketId: 'oidc-renewed', agentId: 'grace' }, { token: admin });
      await page.locator(INBOX_ROWS).filter({ hasText: 'Renewed and still live' }).waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).pathname).toBe(`${DESK_PATH}/inbox`);

      // Signing out ends her session at the provider too (its end-session endpoint), then comes back.
      await page.getByRole('button', { name: 'Signed in as Grace Hopper (agent)' }).click();
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await page.waitForURL(`${provider.issuer}/session/end**`);
      await page.getByRole('button', { name: 'Yes, sign me out' }).click();
      await page.waitForURL(`**${DESK_PATH}/sign-in`);
      expect(await sessionOf(page)).toBeNull();
      // The provider asks who she is again: no session is left there.
      await page.getByRole('button', { name: 'Sign in with Example ID' }).click();
      await page.waitForURL(`${provider.issuer}/interaction/**`);
      await page.locator('input[name="login"]').waitFor();
    });
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
