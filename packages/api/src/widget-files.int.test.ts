import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from './testing/harness.fixture.js';
import { LOADER_PATH, WIDGET_PATH } from './widget-files/routes.js';

// The widget is files the API serves: the loader any site's page loads, and the frame page, which
// only the origins registered for the widget key in its address may frame.

const PAGE = '<!doctype html><html lang="en"><head><title>widget</title></head><body>the frame</body></html>';
const LOADER = '(function(){/* the loader */})();';
const ENTRY = '_app/immutable/entry/start.abc123.js';
const SHOP = 'https://shop.example.com';

let dir: string;
let h: ApiHarness;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'widget-build-'));
  await mkdir(join(dir, '_app/immutable/entry'), { recursive: true });
  await writeFile(join(dir, 'index.html'), PAGE);
  await writeFile(join(dir, 'loader.js'), LOADER);
  await writeFile(join(dir, 'loader.js.gz'), gzipSync(LOADER));
  await writeFile(join(dir, ENTRY), 'export const start = 1;');
  h = await createApiHarness({
    widgetDir: dir,
    widgetOrigins: async (key) => (key === 'wk_shop' ? [SHOP, 'http://127.0.0.1:8088'] : undefined),
  });
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the widget files', () => {
  it("answers the frame page, framed only by the key's origins", async () => {
    const response = await h.get(`${WIDGET_PATH}?key=wk_shop&lang=en`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(PAGE);
    expect(response.headers['content-security-policy']).toBe(`frame-ancestors ${SHOP} http://127.0.0.1:8088`);
    expect(response.headers['x-frame-options']).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-cache');
  });

  it.each([`${WIDGET_PATH}?key=wk_unknown`, WIDGET_PATH, `${WIDGET_PATH}/?key=wk%20shop`])(
    '%s may be framed nowhere (an unknown key, none, or no key at all)',
    async (path) => {
      const response = await h.get(path);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    },
  );

  it('serves the loader to any page, cached a few minutes, compressed for browsers that accept it', async () => {
    const response = await h.app.inject({ method: 'GET', url: LOADER_PATH, headers: { 'accept-encoding': 'gzip' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/javascript/);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(response.rawPayload).toString()).toBe(LOADER);
  });

  it("keeps the frame's hashed files a year", async () => {
    const response = await h.get(`${WIDGET_PATH}/${ENTRY}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});
