import { describe, expect, it } from 'vitest';
import { CATALOGUES, languageOf, t } from './i18n';

describe('the help center’s languages', () => {
  it('picks the first of the browser’s languages it speaks, by quality', () => {
    expect(languageOf('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(languageOf('de-DE,fr;q=0.5,en;q=0.7')).toBe('en');
    expect(languageOf('de, fr;q=0.4')).toBe('fr');
    expect(languageOf('fr;q=0, en')).toBe('en');
    expect(languageOf(null)).toBe('en');
  });

  it('has every message in French with the English one’s placeholders', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const [key, english] of Object.entries(CATALOGUES.en))
      expect(placeholders(CATALOGUES.fr[key as keyof typeof CATALOGUES.fr]), key).toEqual(placeholders(english));
    expect(t('fr', 'category.articles', { count: 3 })).toBe('3 articles');
  });
});
