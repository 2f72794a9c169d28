import { describe, expect, it } from 'vitest';
import { snippetParts } from './snippet';

describe('snippetParts', () => {
  it('splits the API’s snippet into plain and highlighted runs, its escapes decoded once', () => {
    expect(snippetParts('Open the <mark>password</mark> page &amp; choose &quot;Forgot&quot; &lt;b&gt;')).toEqual([
      { text: 'Open the ', mark: false },
      { text: 'password', mark: true },
      { text: ' page & choose "Forgot" <b>', mark: false },
    ]);
  });

  it('keeps any other markup as text, even unescaped, so the page shows it as characters', () => {
    const parts = snippetParts('<script>alert(1)</script> <mark>x</mark><img src=x onerror=alert(1)>');
    expect(parts).toEqual([
      { text: '<script>alert(1)</script> ', mark: false },
      { text: 'x', mark: true },
      { text: '<img src=x onerror=alert(1)>', mark: false },
    ]);
    // An escape of an escape stays one level escaped: text that was written as "&lt;" shows so.
    expect(snippetParts('&amp;lt;')).toEqual([{ text: '&lt;', mark: false }]);
  });

  it('joins runs alike that stray or empty marks split, and tolerates an unclosed mark', () => {
    expect(snippetParts('a<mark></mark>b<mark>c')).toEqual([
      { text: 'ab', mark: false },
      { text: 'c', mark: true },
    ]);
    expect(snippetParts('')).toEqual([]);
  });
});
