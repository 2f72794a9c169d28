import { describe, expect, it } from 'vitest';
import { ApiConfigError, loadApiConfig } from './config.js';

function problemsOf(env: NodeJS.ProcessEnv) {
  try {
    loadApiConfig(env);
  } catch (error) {
    if (error instanceof ApiConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe('loadApiConfig', () => {
  it('names the environment variable behind each invalid setting', () => {
    expect(problemsOf({})).toEqual(['SUPPORT_JWT_SECRET']);
    expect(
      problemsOf({ SUPPORT_JWT_SECRET: 'x'.repeat(40), SUPPORT_API_RATE_MAX: 'many', SUPPORT_API_MAX_DEPTH: '0' }),
    ).toEqual(['SUPPORT_API_RATE_MAX', 'SUPPORT_API_MAX_DEPTH']);
    expect(problemsOf({ SUPPORT_JWKS_URL: 'not a url' })).toEqual(['SUPPORT_JWKS_URL']);
    expect(
      problemsOf({
        SUPPORT_JWT_SECRET: 'x'.repeat(40),
        SUPPORT_API_MAX_MUTATION_FIELDS: '0',
        SUPPORT_API_MAX_QUERY_FIELDS: 'all',
        SUPPORT_API_MAX_ALIASES: '-1',
        SUPPORT_API_MAX_TOKENS: '5',
        SUPPORT_API_MAX_DIRECTIVES: '1.5',
      }),
    ).toEqual([
      'SUPPORT_API_MAX_QUERY_FIELDS',
      'SUPPORT_API_MAX_MUTATION_FIELDS',
      'SUPPORT_API_MAX_ALIASES',
      'SUPPORT_API_MAX_TOKENS',
      'SUPPORT_API_MAX_DIRECTIVES',
    ]);
  });

  it("reads the desk's OpenID Connect provider, which needs the provider's keys, and the role claim", () => {
    const jwks = { SUPPORT_JWKS_URL: 'https://id.example.com/jwks', SUPPORT_JWT_ROLE_CLAIM: 'support_role' };
    const config = loadApiConfig({
      ...jwks,
      SUPPORT_OIDC_ISSUER: 'https://id.example.com',
      SUPPORT_OIDC_CLIENT_ID: 'desk',
    });
    expect(config.oidc).toEqual({
      issuer: 'https://id.example.com',
      clientId: 'desk',
      scopes: 'openid profile',
      name: 'id.example.com',
    });
    expect(config.auth).toMatchObject({ mode: 'jwks', roleClaim: 'support_role' });
    expect(loadApiConfig(jwks).oidc).toBeUndefined();
    expect(
      problemsOf({
        SUPPORT_JWT_SECRET: 'x'.repeat(40),
        SUPPORT_OIDC_ISSUER: 'https://id.example.com',
        SUPPORT_OIDC_CLIENT_ID: 'desk',
      }),
    ).toEqual(['SUPPORT_OIDC_ISSUER']);
    expect(problemsOf({ ...jwks, SUPPORT_OIDC_ISSUER: 'https://id.example.com' })).toEqual(['SUPPORT_OIDC_CLIENT_ID']);
    expect(
      problemsOf({
        ...jwks,
        SUPPORT_OIDC_ISSUER: 'ftp://id',
        SUPPORT_OIDC_CLIENT_ID: 'desk',
        SUPPORT_OIDC_SCOPES: 'profile email',
      }),
    ).toEqual(['SUPPORT_OIDC_ISSUER', 'SUPPORT_OIDC_SCOPES']);
    expect(problemsOf({ ...jwks, SUPPORT_JWT_ROLE_CLAIM: 'a claim' })).toEqual(['SUPPORT_JWT_ROLE_CLAIM']);
  });

  it('says what to set: a secret or a JWKS URL, a proxy setting in one of its forms', () => {
    const messages = (env: NodeJS.ProcessEnv) => {
      try {
        loadApiConfig(env);
      } catch (error) {
        if (error instanceof ApiConfigError) return error.problems.map((p) => `${p.variable}: ${p.message}`);
        throw error;
      }
      return [];
    };
    expect(messages({})).toEqual([
      'SUPPORT_JWT_SECRET: is not set (set it, of at least 32 characters, or SUPPORT_JWKS_URL)',
    ]);
    expect(messages({ SUPPORT_JWT_SECRET: 'x'.repeat(40), SUPPORT_API_TRUST_PROXY: 'banana' })).toEqual([
      'SUPPORT_API_TRUST_PROXY: expected false, true, a hop count (1 to 32), or comma-separated addresses and CIDR ranges (10.0.0.0/8)',
    ]);
  });

  it('reads a valid environment', () => {
    expect(problemsOf({ SUPPORT_JWT_SECRET: 'x'.repeat(40) })).toEqual([]);
  });
});

describe('SUPPORT_API_TRUST_PROXY', () => {
  const load = (value: string) => loadApiConfig({ SUPPORT_JWT_SECRET: 'x'.repeat(40), SUPPORT_API_TRUST_PROXY: value });

  it('is off unless set', () => {
    expect(loadApiConfig({ SUPPORT_JWT_SECRET: 'x'.repeat(40) }).trustProxy).toBe(false);
  });

  it('takes true, false, a hop count or addresses and CIDR ranges', () => {
    expect(load('true').trustProxy).toBe(true);
    expect(load('false').trustProxy).toBe(false);
    expect(load('2').trustProxy).toBe(2);
    expect(load('10.0.0.0/8, 192.168.1.7,::1').trustProxy).toEqual(['10.0.0.0/8', '192.168.1.7', '::1']);
  });

  it('names the variable when an entry is no address', () => {
    expect(
      problemsOf({ SUPPORT_JWT_SECRET: 'x'.repeat(40), SUPPORT_API_TRUST_PROXY: '10.0.0.0/8,proxy.local' }),
    ).toEqual(['SUPPORT_API_TRUST_PROXY']);
  });
});

describe('chat signal rate limits', () => {
  it('are 2 s by default and read from their variables', () => {
    const secret = { SUPPORT_JWT_SECRET: 'x'.repeat(40) };
    expect(loadApiConfig(secret).chatSignals).toEqual({ typingIntervalMs: 2_000, readIntervalMs: 2_000 });
    const set = { ...secret, SUPPORT_CHAT_TYPING_INTERVAL_MS: '500', SUPPORT_CHAT_READ_INTERVAL_MS: '0' };
    expect(loadApiConfig(set).chatSignals).toEqual({ typingIntervalMs: 500, readIntervalMs: 0 });
    const bad = { ...secret, SUPPORT_CHAT_TYPING_INTERVAL_MS: 'fast', SUPPORT_CHAT_READ_INTERVAL_MS: '600000' };
    expect(problemsOf(bad)).toEqual(['SUPPORT_CHAT_TYPING_INTERVAL_MS', 'SUPPORT_CHAT_READ_INTERVAL_MS']);
  });
});

describe('open chats per customer', () => {
  it('is 1 by default, 0 for no limit, and refuses anything but a whole number up to 100', () => {
    const secret = { SUPPORT_JWT_SECRET: 'x'.repeat(40) };
    expect(loadApiConfig(secret).chatsPerCustomer).toBe(1);
    expect(loadApiConfig({ ...secret, SUPPORT_CHATS_PER_CUSTOMER: '0' }).chatsPerCustomer).toBe(0);
    expect(loadApiConfig({ ...secret, SUPPORT_CHATS_PER_CUSTOMER: '3' }).chatsPerCustomer).toBe(3);
    for (const value of ['-1', '1.5', 'many', '101']) {
      expect(problemsOf({ ...secret, SUPPORT_CHATS_PER_CUSTOMER: value })).toEqual(['SUPPORT_CHATS_PER_CUSTOMER']);
    }
  });
});

describe('subscriptions per socket and per caller', () => {
  it('are 50 and 100 by default, and refuse anything but a whole number from 1', () => {
    const secret = { SUPPORT_JWT_SECRET: 'x'.repeat(40) };
    expect(loadApiConfig(secret).subscriptions).toEqual({ perSocket: 50, perCaller: 100 });
    const set = { ...secret, SUPPORT_API_SUBSCRIPTIONS_PER_SOCKET: '5', SUPPORT_API_SUBSCRIPTIONS_PER_CALLER: '8' };
    expect(loadApiConfig(set).subscriptions).toEqual({ perSocket: 5, perCaller: 8 });
    const bad = { ...secret, SUPPORT_API_SUBSCRIPTIONS_PER_SOCKET: '0', SUPPORT_API_SUBSCRIPTIONS_PER_CALLER: 'many' };
    expect(problemsOf(bad)).toEqual(['SUPPORT_API_SUBSCRIPTIONS_PER_SOCKET', 'SUPPORT_API_SUBSCRIPTIONS_PER_CALLER']);
  });
});

describe("the customers' sign-in", () => {
  it('is off without a secret, and names each bad variable', () => {
    const secret = { SUPPORT_JWT_SECRET: 'x'.repeat(40) };
    expect(loadApiConfig(secret).signIn).toEqual({
      secret: null,
      links: { perAddress: 5, perClient: 50, windowMs: 3_600_000 },
    });
    const set = {
      ...secret,
      SUPPORT_SIGN_IN_SECRET: 's'.repeat(32),
      SUPPORT_SIGN_IN_LINKS_PER_ADDRESS: '2',
      SUPPORT_SIGN_IN_LINKS_PER_CLIENT: '9',
      SUPPORT_SIGN_IN_LINKS_WINDOW_MS: '60000',
    };
    expect(loadApiConfig(set).signIn).toEqual({
      secret: 's'.repeat(32),
      links: { perAddress: 2, perClient: 9, windowMs: 60_000 },
    });
    const bad = {
      ...secret,
      SUPPORT_SIGN_IN_SECRET: 'short',
      SUPPORT_SIGN_IN_LINKS_PER_ADDRESS: '0',
      SUPPORT_SIGN_IN_LINKS_PER_CLIENT: 'many',
      SUPPORT_SIGN_IN_LINKS_WINDOW_MS: '10',
    };
    expect(problemsOf(bad)).toEqual([
      'SUPPORT_SIGN_IN_SECRET',
      'SUPPORT_SIGN_IN_LINKS_PER_ADDRESS',
      'SUPPORT_SIGN_IN_LINKS_PER_CLIENT',
      'SUPPORT_SIGN_IN_LINKS_WINDOW_MS',
    ]);
  });
});

describe('attachment types', () => {
  it('take legacy Office files by default, and only the listed types when SUPPORT_ATTACHMENT_TYPES is set', () => {
    const secret = { SUPPORT_JWT_SECRET: 'x'.repeat(40) };
    expect(loadApiConfig(secret).attachments.allowedTypes).toEqual(
      expect.arrayContaining([
        'application/msword',
        'application/vnd.ms-excel',
        'application/vnd.ms-powerpoint',
        'application/vnd.ms-outlook',
      ]),
    );
    const set = { ...secret, SUPPORT_ATTACHMENT_TYPES: 'application/pdf, application/msword' };
    expect(loadApiConfig(set).attachments.allowedTypes).toEqual(['application/pdf', 'application/msword']);
    expect(problemsOf({ ...secret, SUPPORT_ATTACHMENT_TYPES: 'word' })).toEqual(['SUPPORT_ATTACHMENT_TYPES']);
  });
});

describe("the help center's article address", () => {
  it('is unset by default, and must be an http(s) URL holding {articleId}', () => {
    const secret = { SUPPORT_JWT_SECRET: 'x'.repeat(40) };
    expect(loadApiConfig(secret).helpCenterArticleUrl).toBeNull();
    const url = 'https://help.example.com/{locale}/articles/{articleId}';
    expect(loadApiConfig({ ...secret, HELP_CENTER_ARTICLE_URL: url }).helpCenterArticleUrl).toBe(url);
    for (const value of ['https://help.example.com/articles', 'ftp://help.example.com/{articleId}']) {
      expect(problemsOf({ ...secret, HELP_CENTER_ARTICLE_URL: value })).toEqual(['HELP_CENTER_ARTICLE_URL']);
    }
  });
});
