import { describe, expect, it } from 'vitest';
import { helpCenterArticleAddress } from './address.js';

describe('helpCenterArticleAddress', () => {
  it('fills in the article and its locale, URL-encoded', () => {
    expect(
      helpCenterArticleAddress('https://help.example.com/{locale}/articles/{articleId}', {
        articleId: 'art 1/2',
        locale: 'fr-CA',
      }),
    ).toBe('https://help.example.com/fr-CA/articles/art%201%2F2');
  });

  it('leaves a template without {locale} as it is but for the article', () => {
    expect(helpCenterArticleAddress('https://help.example.com/a/{articleId}', { articleId: 'a1', locale: 'en' })).toBe(
      'https://help.example.com/a/a1',
    );
  });
});
