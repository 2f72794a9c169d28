import { describe, expect, it } from 'vitest';
import { sitemapXml } from './sitemap';

describe('sitemapXml', () => {
  it('writes each page with its alternates, its text escaped', () => {
    const xml = sitemapXml([
      {
        loc: 'https://h.example/help/en/articles/a&b',
        lastmod: '2026-01-02T03:04:05.000Z',
        alternates: [{ hreflang: 'fr', href: 'https://h.example/help/fr/articles/"c"' }],
      },
    ]);
    expect(xml).toContain('<loc>https://h.example/help/en/articles/a&amp;b</loc>');
    expect(xml).toContain('<lastmod>2026-01-02T03:04:05.000Z</lastmod>');
    expect(xml).toContain(
      '<xhtml:link rel="alternate" hreflang="fr" href="https://h.example/help/fr/articles/&quot;c&quot;"/>',
    );
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset')).toBe(true);
  });
});
