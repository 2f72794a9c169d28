import { afterAll, beforeAll, expect, it } from 'vitest';
import { GRAPHQL_PATH } from './server.js';
import { type ApiHarness, createApiHarness } from './testing/harness.fixture.js';

// GraphiQL (development) must work on a machine without internet: its page may load nothing
// from another host, and whatever it does load the engine serves itself.

let h: ApiHarness;
beforeAll(async () => {
  h = await createApiHarness({ config: { environment: 'development' } });
});
afterAll(async () => h?.close());

const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });

/** The `src` and `href` attribute values of the page's markup (inline script and style bodies left out). */
function references(html: string): string[] {
  const markup = html
    .replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/gi, '$1')
    .replace(/(<style\b[^>]*>)[\s\S]*?<\/style>/gi, '$1');
  return [...markup.matchAll(/\b(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? '',
  );
}

it('serves GraphiQL with everything it needs from the engine itself', async () => {
  const page = await get(GRAPHQL_PATH);
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toMatch(/^text\/html/);
  expect(page.body).toContain('YogaGraphiQL');
  const styles = [...page.body.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((match) => match[1]).join('\n');
  expect(styles).not.toMatch(/@import|url\(\s*['"]?(?:https?:)?\/\//i);
  for (const reference of references(page.body)) {
    if (reference.startsWith('data:')) continue;
    expect(reference, 'a reference to another host').not.toMatch(/^(?:https?:)?\/\//i);
    const asset = await get(new URL(reference, `http://localhost${GRAPHQL_PATH}`).pathname);
    expect(asset.statusCode, reference).toBe(200);
  }
});
