import { describe, expect, it } from 'vitest';
import { foldAgreement, joinedCompounds, textSearchConfig } from './text-search.js';

describe('foldAgreement', () => {
  it('reads the feminine and plural forms of a word ending in "é" as that word', () => {
    expect(foldAgreement('oubliée oubliés oubliées oublié')).toBe('oublié oublié oublié oublié');
    expect(foldAgreement('Lien ENVOYÉES, carte refusée.')).toBe('Lien ENVOYÉ, carte refusé.');
  });

  it('leaves every other word as written', () => {
    const text = 'été déjà employees free e-mail é ées à côté';
    expect(foldAgreement(text)).toBe('été déjà employees free e-mail é ées à côté');
  });
});

describe('textSearchConfig', () => {
  it('analyses French and English with their stemmers and any other language folded only', () => {
    expect(textSearchConfig('fr-CA')).toBe('kb_french');
    expect(textSearchConfig('EN_gb')).toBe('kb_english');
    expect(textSearchConfig('de')).toBe('kb_simple');
  });
});

describe('joinedCompounds', () => {
  it('writes hyphenated words joined', () => {
    expect(joinedCompounds('an e-mail and a two-factor-code')).toBe('email twofactorcode');
  });
});
