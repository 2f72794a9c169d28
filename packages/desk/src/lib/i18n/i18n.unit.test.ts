import { describe, expect, it } from 'vitest';
import { AREAS, en } from './en.ts';
import { fr } from './fr.ts';
import { languageOf, translate } from './index.ts';

describe('the desk catalogues', () => {
  it('give every message in French, with the same placeholders as in English', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key], key).not.toBe('');
      expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
    }
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it('define each key in one area only (a key in two would hide one of them)', () => {
    const keys = Object.values(AREAS).flatMap((area) => Object.keys(area.en));
    expect(keys.length).toBe(new Set(keys).size);
    expect(keys.length).toBe(Object.keys(en).length);
  });

  it('pick the first preferred language the desk speaks, else English', () => {
    expect(languageOf(['de-DE', 'fr-CA', 'en'])).toBe('fr');
    expect(languageOf(['de'])).toBe('en');
    expect(languageOf([])).toBe('en');
  });

  it('fill in the named values', () => {
    expect(translate('fr', 'signIn.as', { name: 'Ada' })).toBe('Se connecter en tant que Ada');
    expect(translate('en', 'ticket.notFound', { id: 't-1' })).toBe('No ticket t-1, or not one you may see.');
  });
});
