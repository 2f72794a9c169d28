import { describe, expect, it } from 'vitest';
import { demoSitePage, startDemoSite } from './site.js';

describe('the demo host page', () => {
  it("embeds the engine's loader with the widget key, as a site would", () => {
    const page = demoSitePage('http://127.0.0.1:4000/anything', 'wk_demo');
    expect(page).toContain('<script src="http://127.0.0.1:4000/widget/loader.js" data-key="wk_demo"');
  });

  it('escapes what it puts in the tag', () => {
    expect(demoSitePage('http://127.0.0.1:4000', 'wk"><script>')).toContain('data-key="wk&quot;&gt;&lt;script&gt;"');
  });

  it('serves the page on an origin of its own, with a policy allowing the engine only', async () => {
    const site = await startDemoSite({ host: '127.0.0.1', port: 0, engineUrl: 'http://127.0.0.1:4000' });
    try {
      const response = await fetch(site.url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Acme shop');
      expect(response.headers.get('content-security-policy')).toContain('frame-src http://127.0.0.1:4000');
      expect((await fetch(`${site.url}/other`)).status).toBe(404);
    } finally {
      await site.stop();
    }
  });
});
