import { describe, expect, it } from 'vitest';
import { articleAlternates, articlePath, pageAlternates } from './hreflang';

const ORIGIN = 'https://help.example.com';

describe('articleAlternates', () => {
  it('names the article, each translation the help center speaks, and the English one as x-default', () => {
    const article = {
      articleId: 'reset-fr',
      locale: 'fr',
      translations: [
        { articleId: 'reset', locale: 'en' },
        { articleId: 'reset-de', locale: 'de' },
      ],
    };
    expect(articleAlternates(ORIGIN, '/help', article)).toEqual([
      { hreflang: 'fr', href: `${ORIGIN}/help/fr/articles/reset-fr` },
      { hreflang: 'en', href: `${ORIGIN}/help/en/articles/reset` },
      { hreflang: 'x-default', href: `${ORIGIN}/help/en/articles/reset` },
    ]);
  });

  it('names the article itself as x-default without an English version, and keeps one link per language', () => {
    const article = { articleId: 'a', locale: 'fr', translations: [{ articleId: 'b', locale: 'fr' }] };
    expect(articleAlternates(ORIGIN, '/help', article)).toEqual([
      { hreflang: 'fr', href: `${ORIGIN}/help/fr/articles/a` },
      { hreflang: 'x-default', href: `${ORIGIN}/help/fr/articles/a` },
    ]);
  });

  it('escapes an id in the path', () => {
    expect(articlePath('/help', { articleId: 'a/b?c', locale: 'en' })).toBe('/help/en/articles/a%2Fb%3Fc');
  });
});

describe('pageAlternates', () => {
  it('gives a page in each language, and the address that picks by the browser’s languages for the home page', () => {
    expect(pageAlternates(ORIGIN, '/help', '')).toEqual([
      { hreflang: 'en', href: `${ORIGIN}/help/en` },
      { hreflang: 'fr', href: `${ORIGIN}/help/fr` },
      { hreflang: 'x-default', href: `${ORIGIN}/help` },
    ]);
    expect(pageAlternates(ORIGIN, '/help', '/contact').at(-1)).toEqual({
      hreflang: 'x-default',
      href: `${ORIGIN}/help/en/contact`,
    });
  });
});
