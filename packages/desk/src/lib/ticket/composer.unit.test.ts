import { beforeAll, describe, expect, it } from 'vitest';
import { useCatalogue } from '../i18n/catalogue.ts';
import { CATALOGUES, translate } from '../i18n/index.ts';
import { articleLink, hashQuery } from './articles.ts';
import { refusalSentence } from './errors.ts';
import { ticketShortcut } from './shortcuts.ts';

const press = (key: string, typing = false, modifiers = {}) => ({
  key,
  typing,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...modifiers,
});

describe('the ticket page’s keys', () => {
  it('r, n and e reply, note and resolve, but not while typing or with a modifier; Escape leaves the box', () => {
    expect(['r', 'n', 'e', 'x'].map((key) => ticketShortcut(press(key)))).toEqual(['reply', 'note', 'resolve', null]);
    expect(ticketShortcut(press('e', true))).toBeNull();
    expect(ticketShortcut(press('r', false, { ctrlKey: true }))).toBeNull();
    expect(ticketShortcut(press('Escape', true))).toBe('leave');
    expect(ticketShortcut(press('Escape'))).toBeNull();
  });
});

describe('refusals', () => {
  // The desk words the codes its catalogue has (the layout loads it in the browser).
  beforeAll(() => useCatalogue(CATALOGUES.fr));
  const t = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) =>
    translate('fr', key, values);
  it('are sentences of the user’s language, the API’s message after a general one for a code the desk does not know', () => {
    expect(refusalSentence({ code: 'INVALID_TRANSITION', message: 'from new' }, t)).toBe(
      'Le ticket ne peut pas passer à ce statut depuis son statut actuel.',
    );
    expect(refusalSentence({ code: 'SOMETHING_NEW', message: 'Nope' }, t)).toBe('L’API a refusé : Nope');
  });
});

describe('article links by #', () => {
  it('finds a # and a word typed at the start or after a space, not a heading’s or an anchor’s', () => {
    expect(hashQuery('#reset', 6)).toEqual({ start: 0, query: 'reset' });
    expect(hashQuery('See #pass word', 14)).toEqual({ start: 4, query: 'pass word' });
    expect(hashQuery('# Heading', 9)).toBeNull();
    expect(hashQuery('https://x.org/#top', 18)).toBeNull();
  });

  it('links the title to the help center, escaping what Markdown would read otherwise', () => {
    expect(articleLink('Reset [v2]', 'https://help.example.com/en/articles/a(1)')).toBe(
      '[Reset \\[v2\\]](https://help.example.com/en/articles/a%281%29)',
    );
    expect(articleLink('Reset', null)).toBe('Reset');
  });
});
