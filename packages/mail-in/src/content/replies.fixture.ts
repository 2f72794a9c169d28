/**
 * Real-looking customer replies as the common mail clients write them, in English and French,
 * with what the agent should read of each (`visible`). Text parts as the clients send them
 * (CRLF line ends, wrapped quote headers, no-break spaces before French colons).
 */
export interface ReplyFixture {
  readonly name: string;
  readonly text?: string;
  readonly html?: string;
  readonly visible: string;
}

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

export const REPLIES: readonly ReplyFixture[] = [
  {
    name: 'Gmail, English, quote below',
    text: crlf(
      'Hi,\n\nThe export still fails with the same error.\n\nThanks,\nAda\n\nOn Mon, 3 Nov 2026 at 10:12, Acme Support <support+ab12cd@support.example.com> wrote:\n\n> Hello Ada,\n>\n> Could you try again?\n>\n',
    ),
    visible: 'Hi,\n\nThe export still fails with the same error.\n\nThanks,\nAda',
  },
  {
    name: 'Gmail, French, quote header wrapped over two lines',
    text: crlf(
      "Bonjour,\n\nL'export échoue toujours.\n\nMerci\nAda\n\nLe lun. 3 nov. 2026 à 10:12, Support Acme <\nsupport+ab12cd@support.example.com> a écrit :\n\n> Bonjour Ada,\n> Pouvez-vous réessayer ?\n",
    ),
    visible: "Bonjour,\n\nL'export échoue toujours.\n\nMerci\nAda",
  },
  {
    name: 'Gmail, French, HTML only',
    html: '<div dir="ltr"><div>Bonjour,</div><div><br></div><div>C&#39;est toujours cass&eacute;&nbsp;: voir <a href="https://example.com/err">la capture</a>.</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Le lun. 3 nov. 2026 à 10:12, Support Acme &lt;<a href="mailto:support@example.com">support@example.com</a>&gt; a écrit&nbsp;:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex"><div>Bonjour Ada,</div><div>Pouvez-vous réessayer ?</div></blockquote></div>',
    visible: "Bonjour,\n\nC'est toujours cassé : voir la capture (https://example.com/err).",
  },
  {
    name: 'Outlook, English, header block with a rule',
    text: crlf(
      'Still no invoice in my inbox.\n\nAda Lovelace\n\n________________________________\nFrom: Acme Support <support@example.com>\nSent: Monday, November 3, 2026 10:12 AM\nTo: Ada Lovelace <ada@example.org>\nSubject: RE: [#42] Missing invoice\n\nHello Ada,\nWe sent it again.\n',
    ),
    visible: 'Still no invoice in my inbox.\n\nAda Lovelace',
  },
  {
    name: 'Outlook, French, header block without addresses',
    text: crlf(
      'Bonjour,\n\nToujours pas reçue.\n\nDe\u00a0: Support Acme\nEnvoyé\u00a0: lundi 3 novembre 2026 10:12\nÀ\u00a0: Ada Lovelace\nObjet\u00a0: RE: [#42] Facture manquante\n\nBonjour Ada,\nNous l’avons renvoyée.\n',
    ),
    visible: 'Bonjour,\n\nToujours pas reçue.',
  },
  {
    name: 'Outlook, English, HTML only with a bold header block',
    html: '<html><head><style>p{margin:0}</style></head><body><p>It works now, thank you!</p><p>&nbsp;</p><div style="border-top:solid #E1E1E1 1pt"><p><b>From:</b> Acme Support &lt;support@example.com&gt;<br><b>Sent:</b> Monday, November 3, 2026 10:12 AM<br><b>To:</b> Ada Lovelace<br><b>Subject:</b> RE: [#42] Export</p></div><p>Hello Ada, please retry.</p></body></html>',
    visible: 'It works now, thank you!',
  },
  {
    name: 'Outlook, French, original message separator',
    text: crlf(
      'Voir ci-dessous, la facture est en double.\n-------- Message d’origine --------\nDe : Support Acme\nDate : 03/11/2026 10:12\nObjet : Votre facture\n\nBonjour,\nvoici votre facture.\n',
    ),
    visible: 'Voir ci-dessous, la facture est en double.',
  },
  {
    name: 'Apple Mail on iPhone, English',
    text: crlf(
      'Yes please, go ahead.\n\nSent from my iPhone\n\n> On 3 Nov 2026, at 10:12, Acme Support <support@example.com> wrote:\n>\n> Shall we refund the order?\n',
    ),
    visible: 'Yes please, go ahead.',
  },
  {
    name: 'Apple Mail on iPhone, French',
    text: crlf(
      'Oui, allez-y.\n\nEnvoyé de mon iPhone\n\n> Le 3 nov. 2026 à 10:12, Support Acme <support@example.com> a écrit :\n>\n> Pouvons-nous rembourser la commande ?\n',
    ),
    visible: 'Oui, allez-y.',
  },
  {
    name: 'Apple Mail, HTML only, blockquote',
    html: '<html><body style="word-wrap: break-word;">Thanks, that did it.<div><br></div><div><br><blockquote type="cite"><div>On 3 Nov 2026, at 10:12, Acme Support &lt;support@example.com&gt; wrote:</div><br><div><div>Please clear the cache.</div></div></blockquote></div><script>alert(1)</script></body></html>',
    visible: 'Thanks, that did it.',
  },
  {
    name: 'Thunderbird, English, signature marker',
    text: 'Hello,\n\nThe login page loops since this morning.\n\n-- \nAda Lovelace\nAnalytical Engines Ltd\n+44 20 7946 0000\n\nOn 03/11/2026 10:12, Acme Support wrote:\n> Hello\n',
    visible: 'Hello,\n\nThe login page loops since this morning.',
  },
  {
    name: 'Thunderbird, French, quote header and signature',
    text: 'Bonjour,\n\nLa page de connexion boucle depuis ce matin.\n\nCordialement,\nAda\n\nLe 03/11/2026 à 10:12, Support Acme a écrit :\n> Bonjour,\n> Pouvez-vous préciser ?\n',
    visible: 'Bonjour,\n\nLa page de connexion boucle depuis ce matin.',
  },
  {
    name: 'Bottom-posting, English, answer between quotes',
    text: 'On Mon, 3 Nov 2026 at 10:12, Acme Support <support@example.com> wrote:\n> Which browser do you use?\n\nFirefox 140 on Linux.\n',
    visible: 'Firefox 140 on Linux.',
  },
  {
    name: 'A first message, nothing to strip',
    text: 'Bonjour,\n\nJe ne peux plus me connecter depuis la mise à jour.\nMon identifiant : ada@example.org\n\nMerci d’avance\n',
    visible:
      'Bonjour,\n\nJe ne peux plus me connecter depuis la mise à jour.\nMon identifiant : ada@example.org\n\nMerci d’avance',
  },
  {
    name: 'Only a signature line: the whole text is kept',
    text: 'Sent from my iPhone\n',
    visible: 'Sent from my iPhone',
  },
];
