import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPLIES } from './replies.fixture.js';
import { visibleText } from './visible-text.js';

describe('visibleText', () => {
  it.each(REPLIES.map((reply) => [reply.name, reply] as const))('%s', (_, reply) => {
    const read = visibleText(reply);
    expect(read.visible).toBe(reply.visible);
    expect(read.stripped).toBe(read.visible !== read.full);
  });

  it('keeps the whole text, marked stripped, when something was left out', () => {
    const read = visibleText({
      text: 'Merci !\n\nLe 3 nov. 2026 à 10:12, Support <s@example.com> a écrit :\n> Bonjour\n',
    });
    expect(read).toEqual({
      visible: 'Merci !',
      full: 'Merci !\n\nLe 3 nov. 2026 à 10:12, Support <s@example.com> a écrit :\n> Bonjour',
      stripped: true,
    });
  });

  it('reads the HTML when the plain part is empty or missing', () => {
    expect(visibleText({ text: '\r\n', html: '<p>Hello <b>there</b></p>' }).visible).toBe('Hello there');
    expect(visibleText({ html: '<ul><li>one</li><li>two</li></ul>' }).visible).toBe('- one\n- two');
  });

  it('reads the reply from the start of a huge message, keeping all of it whole', () => {
    const huge = `Top line.\n${'x'.repeat(200_000)}\n\nOn Mon, 3 Nov 2026 at 10:12, Acme <s@example.com> wrote:\n> old\n`;
    const read = visibleText({ text: huge });
    expect(read.visible.length).toBeLessThanOrEqual(100_000);
    expect(read.visible.startsWith('Top line.')).toBe(true);
    expect(read.full).toBe(huge.trim());
    expect(read.stripped).toBe(true);
  });

  it('reads an empty message as empty', () => {
    expect(visibleText({})).toEqual({ visible: '', full: '', stripped: false });
  });

  const word = fc.constantFrom(
    'invoice',
    'export',
    'facture',
    'connexion',
    'broken',
    'again',
    'toujours',
    '42',
    'écran',
  );
  const sentence = fc.array(word, { minLength: 1, maxLength: 8 }).map((words) => words.join(' '));
  const reply = fc.array(sentence, { minLength: 1, maxLength: 5 }).map((lines) => lines.join('\n'));
  const header = fc.constantFrom(
    'On Mon, 3 Nov 2026 at 10:12, Acme Support <support@example.com> wrote:',
    'Le lun. 3 nov. 2026 à 10:12, Support Acme <support@example.com> a écrit :',
    'Le 03/11/2026 à 10:12, Support Acme a écrit :',
    '-------- Original Message --------',
    "-------- Message d'origine --------",
    'From: Acme Support\nSent: Monday, November 3, 2026 10:12 AM\nTo: Ada',
    'De : Support Acme\nEnvoyé : lundi 3 novembre 2026 10:12\nObjet : RE: Facture',
  );
  const quoted = fc.array(sentence, { minLength: 1, maxLength: 4 });

  it('shows what the customer wrote above any quoted message, and only that', () => {
    fc.assert(
      fc.property(reply, header, quoted, fc.boolean(), (mine, top, theirs, angle) => {
        const quote = theirs.map((line) => (angle ? `> ${line}` : line)).join('\n');
        const read = visibleText({ text: `${mine}\n\n${top}\n${quote}\n` });
        expect(read.visible).toBe(mine);
        expect(read.stripped).toBe(true);
      }),
    );
  });

  it('never reads a message with words as empty, and never throws', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.option(fc.string({ maxLength: 400 })),
        (text, html) => {
          const read = visibleText({ text, ...(html === null ? {} : { html }) });
          if (/[\p{L}\p{N}]/u.test(read.full)) expect(read.visible).toMatch(/[\p{L}\p{N}]/u);
          expect(read.full.length).toBeGreaterThanOrEqual(read.visible.length);
        },
      ),
    );
  });
});
