import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from './html-to-text.js';

describe('htmlToText', () => {
  it('ends lines at block elements and line breaks, collapsing white space', () => {
    expect(htmlToText('<h1>Title</h1><p>One\n   two</p><div>three<br>four</div>')).toBe(
      'Title\n\nOne two\n\nthree\nfour',
    );
  });

  it('writes lists with dashes and links as "text (url)"', () => {
    expect(htmlToText('<ul><li>First</li><li><a href="https://example.com/a?b=1&amp;c=2">the page</a></li></ul>')).toBe(
      '- First\n- the page (https://example.com/a?b=1&c=2)',
    );
  });

  it('writes a link whose text is its address once, and a mailto link as its text', () => {
    expect(htmlToText('<a href="https://example.com">https://example.com</a>')).toBe('https://example.com');
    expect(htmlToText('<a href="mailto:ada@example.org">ada@example.org</a>')).toBe('ada@example.org');
  });

  it('drops script, style, head and comments, whatever they hold', () => {
    expect(
      htmlToText(
        '<head><title>t</title><style>p{}</style></head><!-- <p>hidden</p> --><p>seen</p><script>alert("x")</script><SCRIPT src=x>y</SCRIPT>',
      ),
    ).toBe('seen');
    expect(htmlToText('<p>before</p><script>never closed <p>inside</p>')).toBe('before');
  });

  it('quotes blockquotes line by line, nested ones deeper', () => {
    expect(htmlToText('<p>Mine</p><blockquote><p>Theirs</p><blockquote>Older<br>lines</blockquote></blockquote>')).toBe(
      'Mine\n\n> Theirs\n\n> > Older\n> > lines',
    );
  });

  it('shows an image by its alt text and leaves a tracking pixel out', () => {
    expect(
      htmlToText('<p>See <img src="cid:shot@x" alt="screenshot"> and<img src="https://t.example/p.gif"></p>'),
    ).toBe('See [screenshot] and');
  });

  it('decodes entities, named French ones and numeric ones', () => {
    expect(
      htmlToText('<p>&lt;b&gt; &eacute;t&eacute; &laquo;&nbsp;ok&nbsp;&raquo; &#233;&#x2014;&unknown; &#0;</p>'),
    ).toBe('<b> été « ok » é—&unknown; \ufffd');
  });

  it('reads text with a stray "<" or an unclosed tag as text', () => {
    expect(htmlToText('1 < 2 and <b>bold')).toBe('1 < 2 and bold');
    expect(htmlToText('<a href="x')).toBe('<a href="x');
  });

  it('never lets a tag through as markup and never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const html = `<p>${text.replace(/[<>&]/g, '')}</p><script>${text}</script>`;
        expect(htmlToText(html)).not.toMatch(/<\/?(?:p|script)\b/i);
      }),
    );
  });

  it('takes little time on a long run of unclosed tags', () => {
    const text = htmlToText('<a "'.repeat(50_000));
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('decodeEntities', () => {
  it('leaves a reference outside Unicode as a replacement character', () => {
    expect(decodeEntities('&#1114112;&#xD800;&amp;')).toBe('\ufffd\ufffd&');
  });
});
