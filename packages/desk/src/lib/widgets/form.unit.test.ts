import { describe, expect, it } from 'vitest';
import { blankTopic, embedSnippet, formOf, inputOf, originLines, widgetProblems } from './form.ts';

const widget = {
  widgetKey: 'wk_shop',
  name: 'Shop',
  allowedOrigins: ['https://shop.example.com', 'http://localhost:8088'],
  topics: [
    {
      id: 'billing',
      label: [
        { language: 'en', text: 'Billing' },
        { language: 'fr', text: 'Facturation' },
      ],
      categoryId: 'billing',
    },
  ],
  greeting: [{ language: 'fr', text: 'Bonjour !' }],
};

describe('a widget key’s form', () => {
  it('reads a key into texts and back into the input configureWidget takes, unchanged', () => {
    const form = formOf(widget);
    expect(form.origins).toBe('https://shop.example.com\nhttp://localhost:8088');
    expect(form.greeting).toEqual({ en: '', fr: 'Bonjour !' });
    expect(inputOf(form, false)).toEqual({
      widgetKey: 'wk_shop',
      name: 'Shop',
      allowedOrigins: widget.allowedOrigins,
      topics: widget.topics,
      greeting: widget.greeting,
      adding: false,
    });
  });

  it('takes origins one per line, trimmed, blank lines left out, and no greeting as none', () => {
    expect(originLines(' https://a.example \n\n https://b.example\n')).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
    const form = { ...formOf(null), widgetKey: 'wk_new', name: 'New', origins: 'https://a.example' };
    expect(inputOf(form, true)).toMatchObject({ greeting: null, topics: [], adding: true });
  });

  it('marks a key, a name, origins and each topic’s fields the engine would refuse', () => {
    const form = { ...formOf(null), widgetKey: 'shop', topics: [blankTopic()] };
    expect(widgetProblems(form)).toEqual({
      widgetKey: 'key',
      name: 'name',
      origins: 'origins',
      'topic-0-id': 'topicId',
      'topic-0-label-en': 'topicLabel',
      'topic-0-category': 'topicCategory',
    });
    expect(Object.values(widgetProblems(formOf(widget))).every((problem) => problem === null)).toBe(true);
  });

  it('writes the snippet of the key on the engine’s origin', () => {
    expect(embedSnippet('https://support.example.com', 'wk_shop')).toBe(
      '<script src="https://support.example.com/widget/loader.js" data-key="wk_shop" async></script>',
    );
  });
});
