import { DESK_PATH } from '@support-engine/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, startBrowser, type TestBrowser, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { expectAccessible } from './testing/desk.fixture.js';
import { startIdentityProvider, TEST_CLIENT_ID, type TestIdentityProvider } from './testing/oidc.fixture.js';
import { type E2eStack, startE2eStack } from './testing/stack.fixture.js';

// Production sign-in: a production engine (no development sign-in) whose tokens come from a real
// OpenID provider running here (oidc-provider). Grace signs in at the provider's own login and
// consent pages (authorization code with PKCE, through oidc-client-ts), lands in her inbox as an
// agent, and the API accepts her access token (verified with the provider's JWKS, her role read
// from the support_role claim); a token the API refuses later sends her back to sign in.

const AUDIENCE = 'urn:support-engine';
const ROLE_CLAIM = 'support_role';

let provider: TestIdentityProvider;
let stack: E2eStack;
let browser: TestBrowser;

beforeAll(async () => {
  chromiumPath();
  provider = await startIdentityProvider({
    accounts: { grace: { name: 'Grace Hopper', [ROLE_CLAIM]: 'agent' } },
    audience: AUDIENCE,
    roleClaim: ROLE_CLAIM,
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
  provider.register(`${stack.engine.api.url}${DESK_PATH}/sign-in/callback`);
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

describe('sign-in with OpenID Connect', () => {
  it("signs an agent in at the provider's pages, the API accepts her token, and a refused token leads back to sign-in", async () => {
    const page = await browser.context.newPage();
    // The desk's own errors (the provider's development pages are not the desk's).
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && message.location().url.startsWith(stack.engine.api.url))
        consoleErrors.push(message.text());
    });
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
      await page.locator('input[name="login"]').fill('grace');
      await page.locator('input[name="password"]').fill('any password');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`**${DESK_PATH}/inbox`);
      await page.getByText('Signed in as Grace Hopper (agent)').waitFor();
      // The inbox asked the API with her token, and showed its (empty) answer.
      await page.getByText('No tickets here.').waitFor();
      expect(await page.getByRole('alert').count()).toBe(0);

      // Her access token: the provider's JWT for the engine, which the API accepts as her, an agent.
      const token = (await sessionOf(page))?.token ?? '';
      const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
        string,
        unknown
      >;
      expect(claims).toMatchObject({ iss: provider.issuer, aud: AUDIENCE, sub: 'grace', [ROLE_CLAIM]: 'agent' });
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
});
