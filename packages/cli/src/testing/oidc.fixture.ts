/**
 * A real OpenID provider for the desk's sign-in tests (not a test file): `oidc-provider`, a
 * certified implementation, on a local port, with its own (development) login and consent pages.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** An account at the provider: its id (what one types at its login page) and its claims. */
export type TestAccounts = Readonly<Record<string, Readonly<Record<string, string>>>>;

export interface TestIdentityProvider {
  /** Its issuer URL (http://127.0.0.1:<port>). */
  readonly issuer: string;
  /** Where its signing keys are published (what the engine's SUPPORT_JWKS_URL names). */
  readonly jwksUrl: string;
  /**
   * Registers the desk as a public client whose only redirect URI is `redirectUri` (PKCE
   * required) and opens for business; before, it answers 503. The engine's address is known only
   * once it started with the provider's JWKS URL, hence two steps.
   */
  register(redirectUri: string, postLogoutRedirectUri?: string): void;
  /**
   * An access token for the engine signed with the provider's key, as it would issue one to
   * `sub` with `role` (for the test's other actors, who sign in nowhere).
   */
  accessToken(sub: string, role: string): Promise<string>;
  close(): Promise<void>;
}

/** The desk's client id at the test provider. */
export const TEST_CLIENT_ID = 'support-desk';

/**
 * Starts the provider. Its access tokens are JWTs (RFC 9068) for `audience` (the engine, the
 * default resource), carrying each account's `roleClaim`, valid `accessTokenTtl` seconds (an
 * hour by default); it issues refresh tokens with them; its ID tokens carry `name` and
 * `roleClaim` (scope `profile`). Scope `support` is the engine's own (the resource server's).
 */
export async function startIdentityProvider(options: {
  readonly accounts: TestAccounts;
  readonly audience: string;
  readonly roleClaim: string;
  readonly accessTokenTtl?: number;
}): Promise<TestIdentityProvider> {
  const { accounts, audience, roleClaim, accessTokenTtl = 3600 } = options;
  let handler: ((request: IncomingMessage, response: ServerResponse) => void) | undefined;
  const server = createServer((request, response) => {
    if (handler) return handler(request, response);
    response.statusCode = 503;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
  return {
    issuer,
    jwksUrl: `${issuer}/jwks`,
    register(redirectUri, postLogoutRedirectUri) {
      const configuration: Configuration = {
        clients: [
          {
            client_id: TEST_CLIENT_ID,
            token_endpoint_auth_method: 'none',
            redirect_uris: [redirectUri],
            post_logout_redirect_uris: postLogoutRedirectUri ? [postLogoutRedirectUri] : [],
            response_types: ['code'],
            grant_types: ['authorization_code', 'refresh_token'],
          },
        ],
        // A refresh token with every code exchange (by default only with the offline_access
        // scope, which this provider would grant only at a consent prompt each time).
        issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) =>
          client.grantTypeAllowed('refresh_token'),
        jwks: { keys: [signingKey] },
        pkce: { required: () => true },
        claims: { openid: ['sub'], profile: ['name', roleClaim] },
        // The ID token carries the profile's claims (the desk reads no userinfo).
        conformIdTokenClaims: false,
        cookies: { keys: ['desk-oidc-test-cookie-key'] },
        // Set rather than left to the defaults, which each print a notice when first used.
        ttl: {
          AccessToken: accessTokenTtl,
          IdToken: 3600,
          Interaction: 600,
          Session: 3600,
          Grant: 3600,
          RefreshToken: 3600,
        },
        // The desk, on the engine's origin, calls the token endpoint from the browser.
        clientBasedCORS: () => true,
        async findAccount(_ctx: unknown, id: string) {
          const claims = accounts[id];
          return claims && { accountId: id, claims: async () => ({ sub: id, ...claims }) };
        },
        extraTokenClaims: async (_ctx: unknown, token: { readonly accountId?: unknown }) =>
          typeof token.accountId === 'string' ? { [roleClaim]: accounts[token.accountId]?.[roleClaim] } : undefined,
        features: {
          devInteractions: { enabled: true },
          resourceIndicators: {
            enabled: true,
            defaultResource: async () => audience,
            useGrantedResource: async () => true,
            getResourceServerInfo: async () => ({
              scope: 'support',
              audience,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'RS256' } },
            }),
          },
        },
      };
      const provider = new Provider(issuer, configuration);
      handler = provider.callback();
    },
    async accessToken(sub, role) {
      const now = Math.floor(Date.now() / 1000);
      const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const header = part({ alg: 'RS256', kid: signingKey.kid, typ: 'at+jwt' });
      const claims = part({ iss: issuer, aud: audience, sub, [roleClaim]: role, iat: now, exp: now + 3600 });
      const signature = sign('sha256', Buffer.from(`${header}.${claims}`), privateKey).toString('base64url');
      return `${header}.${claims}.${signature}`;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
