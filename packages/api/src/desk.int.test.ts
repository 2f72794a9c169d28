import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_PATH, DEV_TOKEN_PATH, SIGN_IN_OPTIONS_PATH } from './desk/routes.js';
import { GRAPHQL_PATH } from './server.js';
import { type ApiHarness, codes, createApiHarness } from './testing/harness.fixture.js';

// The desk is files the API serves (a single-page app: any path under /desk is its page), and a
// development engine signs its users in with tokens it mints; a production one mints none.

const PAGE = `<!doctype html><html lang="en"><head><meta http-equiv="content-security-policy" content="default-src 'self'; connect-src 'self'"><title>desk</title></head><body>the desk</body></html>`;
// The production engine signs staff in with this provider: its page may connect to it.
const OIDC = {
  issuer: 'https://id.example.com/realms/support',
  clientId: 'desk',
  scopes: 'openid profile',
  name: 'Example ID',
};
const PRODUCTION_PAGE = PAGE.replace("connect-src 'self'", "connect-src 'self' https://id.example.com");
const ENTRY = '_app/immutable/entry/start.abc123.js';
const ENTRY_SOURCE = 'export const start = 1;';

let dir: string;
let dev: ApiHarness;
let production: ApiHarness;
// Tight budgets: 3 requests a window for the API, 5 for the desk's files.
let limited: ApiHarness;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'desk-build-'));
  await mkdir(join(dir, '_app/immutable/entry'), { recursive: true });
  await writeFile(join(dir, 'index.html'), PAGE);
  await writeFile(join(dir, ENTRY), ENTRY_SOURCE);
  // The build writes each file compressed beside it (adapter-static's precompress).
  await writeFile(join(dir, `${ENTRY}.br`), brotliCompressSync(ENTRY_SOURCE));
  await writeFile(join(dir, `${ENTRY}.gz`), gzipSync(ENTRY_SOURCE));
  await writeFile(join(dir, 'index.html.br'), brotliCompressSync(PAGE));
  await writeFile(join(dir, '_app/version.json'), '{"version":"1"}');
  dev = await createApiHarness({ deskDir: dir });
  production = await createApiHarness({ deskDir: dir, config: { environment: 'production', oidc: OIDC } });
  limited = await createApiHarness({
    deskDir: dir,
    config: { rateLimit: { max: 3, windowMs: 600_000 }, staticRateLimit: { max: 5, windowMs: 600_000 } },
  });
});
afterAll(async () => {
  await dev?.close();
  await production?.close();
  await limited?.close();
  await rm(dir, { recursive: true, force: true });
});

const mint = (h: ApiHarness, body: unknown) =>
  h.app.inject({ method: 'POST', url: DEV_TOKEN_PATH, payload: body as Record<string, unknown> });

describe('the desk files', () => {
  it.each([DESK_PATH, `${DESK_PATH}/`, `${DESK_PATH}/inbox`, `${DESK_PATH}/tickets/t-1`, `${DESK_PATH}/index.html`])(
    '%s answers the app page, checked again on each load',
    async (path) => {
      const response = await production.get(path);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.body).toBe(PRODUCTION_PAGE);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
    },
  );

  it('keeps the files named by their content a year, and checks the others each time', async () => {
    const entry = await production.get(`${DESK_PATH}/${ENTRY}`);
    expect(entry.statusCode).toBe(200);
    expect(entry.headers['content-type']).toMatch(/javascript/);
    expect(entry.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const version = await production.get(`${DESK_PATH}/_app/version.json`);
    expect(version.statusCode).toBe(200);
    expect(version.headers['cache-control']).toBe('no-cache');
  });

  const fetchEncoded = (path: string, acceptEncoding?: string) =>
    production.app.inject({
      method: 'GET',
      url: path,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });
  const decoders = { br: brotliDecompressSync, gzip: gunzipSync } as const;

  it.each([
    ['br', 'gzip, deflate, br'],
    ['gzip', 'gzip, deflate'],
  ] as const)(
    'answers a file compressed ahead of time to a browser accepting %s, and says it varies',
    async (encoding, accept) => {
      const response = await fetchEncoded(`${DESK_PATH}/${ENTRY}`, accept);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe(encoding);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(response.headers['content-type']).toMatch(/javascript/);
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(decoders[encoding](response.rawPayload).toString()).toBe(ENTRY_SOURCE);
    },
  );

  it('answers the plain file to a request accepting no encoding', async () => {
    for (const accept of [undefined, 'identity', 'br;q=0, gzip;q=0']) {
      const response = await fetchEncoded(`${DESK_PATH}/${ENTRY}`, accept);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding'], accept).toBeUndefined();
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(response.body).toBe(ENTRY_SOURCE);
    }
  });

  it('does not serve the compressed copies as files of their own', async () => {
    const response = await fetchEncoded(`${DESK_PATH}/${ENTRY}.br`);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toBe(PRODUCTION_PAGE);
  });

  it.each([
    ['br', 'gzip, deflate, br'],
    ['gzip', 'gzip'],
  ] as const)(
    'answers the page as served (its policy adapted) compressed with %s, and plain otherwise',
    async (encoding, accept) => {
      const compressed = await fetchEncoded(`${DESK_PATH}/inbox`, accept);
      expect(compressed.headers['content-encoding']).toBe(encoding);
      expect(compressed.headers.vary).toMatch(/accept-encoding/i);
      expect(compressed.headers['cache-control']).toBe('no-cache');
      expect(compressed.headers['content-type']).toMatch(/^text\/html/);
      expect(decoders[encoding](compressed.rawPayload).toString()).toBe(PRODUCTION_PAGE);
      const plain = await fetchEncoded(`${DESK_PATH}/inbox`);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.vary).toMatch(/accept-encoding/i);
      expect(plain.body).toBe(PRODUCTION_PAGE);
    },
  );

  it('serves nothing outside its folder', async () => {
    const response = await production.get(`${DESK_PATH}/..%2f..%2fetc%2fpasswd`);
    expect(response.body).not.toContain('root:');
  });
});

describe('development sign-in', () => {
  it('is offered by a development engine, whose tokens act as the staff member', async () => {
    expect((await dev.get(DEV_TOKEN_PATH)).statusCode).toBe(204);
    const response = await mint(dev, { sub: 'agent-ada', role: 'agent' });
    expect(response.statusCode).toBe(200);
    const { token } = response.json() as { token: string };
    const answer = await dev.gql('{ tickets { items { id } } }', {}, token);
    expect(answer.errors).toBeUndefined();
  });

  it('mints for the desk roles only, and refuses bad input', async () => {
    for (const body of [
      { sub: 'portal', role: 'system' },
      { sub: 'cust-alice', role: 'customer' },
      { sub: '', role: 'agent' },
      { sub: 'agent-ada', role: 'agent', extra: true },
    ]) {
      const response = await mint(dev, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(codes(response.json())).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('does not exist on a production engine', async () => {
    expect((await production.get(DEV_TOKEN_PATH)).statusCode).toBe(404);
    const response = await mint(production, { sub: 'agent-ada', role: 'agent' });
    expect(response.statusCode).toBe(404);
    expect(codes(response.json())).toEqual(['NOT_FOUND']);
  });
});

describe('the ways to sign in', () => {
  it('are told to the desk: development sign-in on a development engine, the OpenID Connect provider when set (its page may reach it)', async () => {
    const described = await production.get(SIGN_IN_OPTIONS_PATH);
    expect(described.statusCode).toBe(200);
    expect(described.json()).toEqual({ development: false, oidc: { ...OIDC, roleClaim: 'role' } });
    expect((await production.get(DESK_PATH)).body).toBe(PRODUCTION_PAGE);
    expect((await dev.get(SIGN_IN_OPTIONS_PATH)).json()).toEqual({ development: true, oidc: null });
    expect((await dev.get(`${DESK_PATH}/inbox`)).body).toBe(PAGE);
  });
});

describe("the desk files' rate limit", () => {
  const fetchFile = (remoteAddress: string, url: string) => limited.app.inject({ method: 'GET', url, remoteAddress });
  const askApi = async (remoteAddress: string) => {
    const response = await limited.app.inject({
      method: 'POST',
      url: GRAPHQL_PATH,
      remoteAddress,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ query: '{ __typename }' }),
    });
    return { status: response.statusCode, code: codes(response.json())[0] };
  };

  it("is a budget of the files' own: loading the desk spends none of the API's, and a flood of files is refused", async () => {
    const address = '203.0.113.50';
    for (const url of [
      DESK_PATH,
      `${DESK_PATH}/${ENTRY}`,
      `${DESK_PATH}/_app/version.json`,
      `${DESK_PATH}/inbox`,
      `${DESK_PATH}/${ENTRY}`,
    ])
      expect((await fetchFile(address, url)).statusCode).toBe(200);
    // The API's three are all still there.
    for (let i = 0; i < 3; i++) expect(await askApi(address)).toEqual({ status: 200, code: undefined });
    expect(await askApi(address)).toEqual({ status: 429, code: 'RATE_LIMITED' });
    const flooded = await fetchFile(address, `${DESK_PATH}/${ENTRY}`);
    expect(flooded.statusCode).toBe(429);
    expect(codes(flooded.json())).toEqual(['RATE_LIMITED']);
    expect(Number(flooded.headers['retry-after'])).toBeGreaterThan(0);
    // Another address has both budgets whole.
    expect((await fetchFile('203.0.113.51', DESK_PATH)).statusCode).toBe(200);
  });

  it('leaves the files to a client whose API budget is spent', async () => {
    const address = '203.0.113.52';
    for (let i = 0; i < 3; i++) expect(await askApi(address)).toEqual({ status: 200, code: undefined });
    expect(await askApi(address)).toEqual({ status: 429, code: 'RATE_LIMITED' });
    expect((await fetchFile(address, `${DESK_PATH}/tickets/t-1`)).statusCode).toBe(200);
    expect((await fetchFile(address, `${DESK_PATH}/${ENTRY}`)).statusCode).toBe(200);
  });
});
