import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { messageContent } from './message-content.js';

/** An HTML-only reply from Apple Mail with a pasted screenshot, as the wire carries it. */
const RAW = [
  'From: Ada Lovelace <ada@example.org>',
  'To: support@example.com',
  'Subject: Re: [#42] Export',
  'Message-ID: <reply-1@example.org>',
  'MIME-Version: 1.0',
  'Content-Type: multipart/related; boundary="rel"',
  '',
  '--rel',
  'Content-Type: text/html; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  '<p>Voil=C3=A0 la capture :</p><img src=3D"cid:shot@ada" alt=3D"capture"><img src=3D"cid:gone@ada">',
  '<blockquote type=3D"cite"><div>Le 3 nov. 2026 =C3=A0 10:12, Support &lt;support@example.com&gt; a =C3=A9crit :</div><div>Une capture ?</div></blockquote>',
  '--rel',
  'Content-Type: image/png; name="shot.png"',
  'Content-ID: <shot@ada>',
  'Content-Disposition: inline; filename="shot.png"',
  'Content-Transfer-Encoding: base64',
  '',
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  '--rel--',
  '',
].join('\r\n');

describe('messageContent', () => {
  it('gives a parsed mail its body, whole text and inline images', async () => {
    const parsed = await PostalMime.parse(RAW);
    const content = messageContent(parsed, (part) => `/attachments/${part.filename}`);
    expect(content.body).toBe('Voilà la capture :\n[capture]');
    expect(content.fullText).toContain('> Une capture ?');
    expect(content.inline.images.map((image) => image.part.filename)).toEqual(['shot.png']);
    expect(content.inline.missing).toEqual(['gone@ada']);
    expect(content.inline.html).toContain('src="/attachments/shot.png"');
    // The screenshot goes where the HTML showed it: its stand-in's span in the body.
    expect(content.placed.map(({ part, start, end }) => [part.filename, content.body.slice(start, end)])).toEqual([
      ['shot.png', '[capture]'],
    ]);
  });

  it('reads a message with a plain part from its HTML when the HTML shows its own images, each in its place', async () => {
    const html =
      '<p>Bonjour,</p><p>le message d&#39;erreur&nbsp;:</p><img src="CID:Err%40Ada"><p>puis</p>' +
      '<img alt="second   écran" src="cid:two@ada"><img src="https://tracker.example/p.gif"><img src="cid:err@ada">' +
      '<blockquote><p>Le 3 nov., Support a écrit :</p><img src="cid:old@ada" alt="old"></blockquote>';
    const parts = [
      { contentId: '<err@ada>', filename: 'err.png' },
      { contentId: '<two@ada>', filename: 'two.png' },
      { contentId: '<old@ada>', filename: 'old.png' },
    ];
    const content = messageContent({ text: 'Bonjour,\n[image: err.png]\npuis', html, attachments: parts });
    expect(content.body).toBe("Bonjour,\n\nle message d'erreur :\n[image]\npuis\n[second écran][image]");
    expect(content.placed.map(({ part, start, end }) => [part.filename, content.body.slice(start, end)])).toEqual([
      ['err.png', '[image]'],
      ['two.png', '[second écran]'],
    ]);
    // The image of the quoted message went with the quote: placed nowhere in the body, shown in the whole text.
    expect(content.fullText).toContain('> [old]');
  });

  it('keeps text that looks like a place mark as text, and places no image a cut reached', () => {
    const html = `<p>a\uFFF90\uFFFBb</p><p>${'x'.repeat(19_990)}</p><img src="cid:late@x" alt="late">`;
    const content = messageContent({ html, attachments: [{ contentId: 'late@x' }] });
    expect(content.body.startsWith('a0b\n')).toBe(true);
    expect(content.body.endsWith('…')).toBe(true);
    expect(content.placed).toEqual([]);
  });

  it('leaves the whole text out when the body is all of it, and has no images without HTML', () => {
    expect(messageContent({ text: 'Just this.\n', attachments: [] })).toEqual({
      body: 'Just this.',
      inline: { images: [], missing: [], html: '' },
      placed: [],
    });
  });

  it('cuts a body longer than a message holds, keeping the whole text', () => {
    const long = `${'word '.repeat(5_000)}😀`.repeat(2);
    const content = messageContent({ text: long, attachments: [] });
    expect(content.body.length).toBe(20_000);
    expect(content.body.endsWith('…')).toBe(true);
    expect(content.fullText).toBe(long.trim());
  });
});
