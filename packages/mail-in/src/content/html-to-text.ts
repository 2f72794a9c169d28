/**
 * A message's HTML as plain text, for a message sent as HTML only. No DOM and nothing run: tags
 * are read as text, script, style and head content dropped, block elements end lines, list items
 * get a dash, links read "text (url)", images their alt text, a `<blockquote>` is quoted with "> "
 * (so quoted replies in HTML are recognised as quotes like plain-text ones), entities decoded.
 * `options.image` may give an image other text than its alt text (its `src` and `alt` decoded).
 */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const withoutHidden = html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(script|style|head|title|template|noscript)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  const out: string[] = [];
  let quoteDepth = 0;
  let link: { href: string; start: number } | undefined;
  // Bounded, so a tag left open costs a bounded scan, never one to the end of the text per `<`.
  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9-]{0,40})((?:[^>"']|"[^"]{0,2000}"|'[^']{0,2000}'){0,200})>/g;
  let last = 0;
  for (let match = tag.exec(withoutHidden); match !== null; match = tag.exec(withoutHidden)) {
    out.push(inlineText(withoutHidden.slice(last, match.index)));
    last = tag.lastIndex;
    const closing = match[1] === '/';
    const name = match[2]!.toLowerCase();
    const attributes = match[3] ?? '';
    // A line break inside a blockquote starts its next line with the quote's marks.
    const newline = () => out.push(`\n${QUOTE_MARK.repeat(quoteDepth)}`);
    if (name === 'br') newline();
    else if (name === 'blockquote') {
      quoteDepth = Math.max(0, quoteDepth + (closing ? -1 : 1));
      newline();
    } else if (name === 'li' && !closing) {
      newline();
      out.push('- ');
    } else if (BLOCKS.has(name)) newline();
    else if (name === 'td' || name === 'th') out.push(closing ? '' : ' ');
    else if (name === 'img' && !closing) {
      const alt = attribute(attributes, 'alt')?.trim();
      const instead = options.image?.(attribute(attributes, 'src') ?? '', alt || undefined);
      if (instead !== undefined) out.push(instead);
      else if (alt) out.push(`[${alt}]`);
    } else if (name === 'a') {
      if (!closing) link = { href: attribute(attributes, 'href') ?? '', start: out.length };
      else if (link) {
        const text = out.slice(link.start).join('').trim();
        const href = link.href.trim();
        if (/^https?:/i.test(href) && href !== text && `mailto:${text}` !== href) out.push(` (${href})`);
        link = undefined;
      }
    }
  }
  out.push(inlineText(withoutHidden.slice(last)));
  return tidy(quoteLines(out.join('')));
}

/** How {@link htmlToText} reads what it cannot show as text. */
export interface HtmlToTextOptions {
  /** The text an image reads as (its `src` and alt text given); undefined: its alt text in brackets, or nothing. */
  readonly image?: (src: string, alt: string | undefined) => string | undefined;
}

/** Marks a line inside a blockquote until its lines are prefixed; never in the text (a control character). */
const QUOTE_MARK = String.fromCharCode(1);

/** Elements that stand on lines of their own. */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'table',
  'tr',
  'pre',
  'hr',
  'address',
  'dl',
  'dt',
  'dd',
  'body',
  'html',
]);

/** Text between tags: white space collapsed as a browser does, entities decoded, control characters dropped. */
function inlineText(text: string): string {
  return withoutControls(decodeEntities(text.replace(/\s+/g, ' ')));
}

/** `text` without control characters other than tab and line feed (the marks a reader cannot see). */
export function withoutControls(text: string): string {
  return text.replace(/[^\P{Cc}\t\n]/gu, '');
}

function attribute(attributes: string, name: string): string | undefined {
  const found = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attributes);
  if (!found) return undefined;
  return decodeEntities(found[1] ?? found[2] ?? found[3] ?? '');
}

/** Lines that began inside a blockquote start with "> " per level. */
function quoteLines(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let depth = 0;
      while (line[depth] === QUOTE_MARK) depth += 1;
      const rest = line.slice(depth).replaceAll(QUOTE_MARK, '');
      // An empty line inside a quote stays blank, so paragraphs do not turn into lines of marks.
      return depth === 0 || rest.trim() === '' ? rest : `${'> '.repeat(depth)}${rest.trimStart()}`;
    })
    .join('\n');
}

/** Spaces trimmed at line ends, at most one blank line in a row, none at the start or end. */
function tidy(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^ +| +$/g, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The named entities mail clients write (English and French text), beyond the numeric ones. */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  // A no-break space reads as a space in text (French puts one before colons).
  nbsp: ' ',
  shy: '',
  copy: '©',
  reg: '®',
  trade: '™',
  euro: '€',
  pound: '£',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  hellip: '…',
  ndash: '–',
  mdash: '—',
  bull: '•',
  middot: '·',
  deg: '°',
  agrave: 'à',
  acirc: 'â',
  auml: 'ä',
  ccedil: 'ç',
  eacute: 'é',
  egrave: 'è',
  ecirc: 'ê',
  euml: 'ë',
  icirc: 'î',
  iuml: 'ï',
  ocirc: 'ô',
  ouml: 'ö',
  ugrave: 'ù',
  ucirc: 'û',
  uuml: 'ü',
  yuml: 'ÿ',
  oelig: 'œ',
  aelig: 'æ',
  Agrave: 'À',
  Acirc: 'Â',
  Ccedil: 'Ç',
  Eacute: 'É',
  Egrave: 'È',
  Ecirc: 'Ê',
  Icirc: 'Î',
  Ocirc: 'Ô',
  Ugrave: 'Ù',
  OElig: 'Œ',
  szlig: 'ß',
};

/** Decodes named and numeric character references; an unknown or invalid one stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code =
      ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  });
}
