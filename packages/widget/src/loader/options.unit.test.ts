import { describe, expect, it } from 'vitest';
import { DEFAULT_COLOUR, frameUrl, readOptions, titleWith } from './options.ts';

const tag = (attributes: Record<string, string>) => (name: string) => attributes[name] ?? null;
const SRC = 'https://engine.example.com/widget/loader.js';

describe("the loader's options", () => {
  it('reads the tag: the engine from src, key, colour, position, language, greeting', () => {
    const options = readOptions(
      tag({
        'data-key': 'wk_demo',
        'data-colour': '#aa3300',
        'data-position': 'left',
        'data-language': 'fr',
        'data-greeting': 'Bonjour',
      }),
      SRC,
      'en',
    );
    expect(options).toEqual({
      engine: 'https://engine.example.com',
      widgetKey: 'wk_demo',
      colour: '#aa3300',
      position: 'left',
      language: 'fr',
      greeting: 'Bonjour',
    });
  });

  it('falls back to the defaults and the page language; a colour that is no hex colour is not used', () => {
    const options = readOptions(tag({ 'data-key': 'wk_demo', 'data-colour': 'red;}body{display:none' }), SRC, 'fr-CA');
    expect(options).toMatchObject({ colour: DEFAULT_COLOUR, position: 'right', language: 'fr', greeting: null });
  });

  it("speaks the visitor's browser language unless the site pins one; the page's when the widget does not speak it", () => {
    const language = (attributes: Record<string, string>, page: string, visitor: string[]) =>
      readOptions(tag({ 'data-key': 'wk_demo', ...attributes }), SRC, page, visitor)?.language;
    expect(language({}, 'en', ['fr-FR', 'en-US'])).toBe('fr');
    expect(language({ 'data-language': 'en' }, 'en', ['fr-FR'])).toBe('en');
    expect(language({}, 'fr', ['de-DE', 'en-US'])).toBe('fr');
    expect(language({}, '', ['de-DE'])).toBe('en');
  });

  it('shows nothing without a key', () => {
    expect(readOptions(tag({}), SRC, 'en')).toBeNull();
  });

  it("puts the key and the language in the frame's address", () => {
    const options = readOptions(tag({ 'data-key': 'wk_demo' }), SRC, 'en')!;
    expect(frameUrl(options)).toBe('https://engine.example.com/widget?key=wk_demo&lang=en');
  });

  it("counts unread messages in the page's title", () => {
    expect(titleWith('Acme shop', 2)).toBe('(2) Acme shop');
    expect(titleWith('Acme shop', 0)).toBe('Acme shop');
  });
});
