import { describe, expect, it } from 'vitest';
import { articleBodyText, renderArticleBody } from './render.js';

/** Whatever a hostile body is, none of these may reach a reader's page as markup. */
// Text is escaped (`&lt;`), so every `<` left in the output opens a real element.
const DANGEROUS = [
  /<script/i,
  /<iframe/i,
  /<svg/i,
  /<[a-z][^>]*\s(on\w+|style)=/i,
  /<[a-z][^>]*(href|src)="\s*(javascript|vbscript|data):/i,
];

function expectHarmless(html: string): void {
  for (const pattern of DANGEROUS) expect(html).not.toMatch(pattern);
}

describe('renderArticleBody', () => {
  it('renders Markdown: headings, emphasis, lists, code, tables, links and https images', () => {
    const html = renderArticleBody(
      '## Steps\n\n1. Open **Settings**\n2. Choose *Billing*\n\nSome `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![logo](https://cdn.example.com/logo.png)',
    );
    expect(html).toContain('<h2>Steps</h2>');
    expect(html).toContain('<ol>\n<li>Open <strong>Settings</strong></li>');
    expect(html).toContain('<em>Billing</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<img src="https://cdn.example.com/logo.png" alt="logo" />');
  });

  it('gives every link rel="noopener noreferrer nofollow", also bare URLs', () => {
    expect(renderArticleBody('[Help](https://example.com/help "Help")')).toBe(
      '<p><a href="https://example.com/help" title="Help" rel="noopener noreferrer nofollow">Help</a></p>\n',
    );
    expect(renderArticleBody('see https://example.com/a')).toContain(
      '<a href="https://example.com/a" rel="noopener noreferrer nofollow">',
    );
    expect(renderArticleBody('[mail](mailto:help@example.com)')).toContain('href="mailto:help@example.com"');
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>'],
    ['an image with onerror', '<img src=x onerror=alert(1)>'],
    ['an svg with onload', '<svg onload=alert(1)></svg>'],
    ['an iframe', '<iframe src="x"></iframe>'],
    ['a raw javascript: link', '<a href="javascript:alert(1)">x</a>'],
    ['a javascript: link in Markdown', '[x](javascript:alert(1))'],
    ['a mixed-case javascript: link', '[x](JaVaScRiPt:alert(1))'],
    ['an entity-encoded colon', '[x](javascript&#58;alert(1))'],
    ['an entity-encoded letter', '[x](&#x6A;avascript:alert(1))'],
    ['a tab inside the scheme', '[x](java\tscript:alert(1))'],
    ['a reference-style javascript: link', '[a]: javascript:alert(1)\n\n[click][a]'],
    ['a vbscript: link', '[x](vbscript:msgbox(1))'],
    ['a data: HTML link', '[x](data:text/html;base64,PHNjcmlwdD4=)'],
    ['an attribute break-out in an image', '![i](x" onerror="alert(1))'],
    ['a style attribute', '<p style="background:url(javascript:alert(1))">x</p>'],
  ])('neutralises %s', (_name, body) => {
    const html = renderArticleBody(body);
    expectHarmless(html);
    expect(html).not.toMatch(/<a\s/);
  });

  it('drops data: images and shows raw HTML as text rather than markup', () => {
    expect(renderArticleBody('![i](data:image/png;base64,AAAA)')).toBe('<p><img alt="i" /></p>\n');
    expect(renderArticleBody('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>\n');
    expect(renderArticleBody('![i](http://insecure.example/x.png)')).toBe('<p><img alt="i" /></p>\n');
  });
});

describe('articleBodyText', () => {
  it('keeps the words of text, code, image descriptions and blocks, without markup or link targets', () => {
    expect(
      articleBodyText(
        '# Title\n\nSome *text* with `code`, [a link](https://x.example) and ![alt](https://x/y.png)\n\n```\nfenced\n```',
      ),
    ).toBe('Title\nSome text with code, a link and alt\nfenced');
  });

  it('leaves no "<" that a text-search parser would read as the start of a tag', () => {
    expect(articleBodyText('Type <your-email> then go.\n\nAn unclosed <script> then more, and x < 5.')).toBe(
      'Type < your-email> then go.\nAn unclosed < script> then more, and x < 5.',
    );
  });
});
