import { describe, expect, it } from 'vitest';
import { inlineImages } from './inline-images.js';

const parts = [
  { contentId: '<logo@acme.example>', id: 'a1' },
  { contentId: 'Shot%201@mail.example', id: 'a2' },
  { contentId: null, id: 'a3' },
];

describe('inlineImages', () => {
  it('resolves cid references to parts by Content-ID, once each, in order', () => {
    const html =
      '<img src="cid:shot%201@MAIL.example"><p style="background:url(cid:logo@acme.example)"></p><img src=\'cid:logo@acme.example\'>';
    const found = inlineImages(html, parts, (part) => `/attachments/${part.id}`);
    expect(found.images).toEqual([
      { cid: 'shot 1@mail.example', part: parts[1] },
      { cid: 'logo@acme.example', part: parts[0] },
    ]);
    expect(found.missing).toEqual([]);
    expect(found.html).toBe(
      '<img src="/attachments/a2"><p style="background:url(/attachments/a1)"></p><img src=\'/attachments/a1\'>',
    );
  });

  it('reports a reference no part carries and leaves it as it is', () => {
    const found = inlineImages('<img src="cid:gone@x"><img src="cid:%E0%A4%A">', parts, () => 'never');
    expect(found.images).toEqual([]);
    expect(found.missing).toEqual(['gone@x', '%e0%a4%a']);
    expect(found.html).toBe('<img src="cid:gone@x"><img src="cid:%E0%A4%A">');
  });

  it('leaves the HTML unchanged without a source for the parts', () => {
    expect(inlineImages('<img src="cid:logo@acme.example">', parts).html).toBe('<img src="cid:logo@acme.example">');
  });
});
