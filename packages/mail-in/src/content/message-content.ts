import { MAIL_FULL_TEXT_MAX } from '@support-engine/domain/inbound-mail';
import { MessageText } from '@support-engine/domain/ticket';
import { htmlToText } from './html-to-text.js';
import { contentIdKey, type InlineImages, type InlinePart, inlineImages } from './inline-images.js';
import { visibleText } from './visible-text.js';

/** The most a ticket message's body holds, as the domain bounds it. */
const BODY_MAX = MessageText.maxLength ?? Number.POSITIVE_INFINITY;

/** One of a message's images placed in its body: the span its stand-in (`[alt text]`) holds. */
export interface PlacedImage<Part extends InlinePart> {
  readonly part: Part;
  readonly start: number;
  readonly end: number;
}

/** What a parsed mail gives a ticket message: its body, its whole text, its inline images. */
export interface MessageContent<Part extends InlinePart> {
  /** What the sender wrote this time ({@link visibleText}), cut to what a message body holds. */
  readonly body: string;
  /**
   * The whole text for `MailOrigin.fullText` when `body` is not all of it (quoted text or a
   * signature left out, or cut), itself cut to what the event carries; absent when it is.
   */
  readonly fullText?: string;
  /** The HTML's `cid:` images resolved to the parts (none without HTML). */
  readonly inline: InlineImages<Part>;
  /**
   * Where the body shows each inline image, in the order of the text (an image shown twice is
   * placed where it is first: its second stand-in stays text); none when the message shows no
   * image of its own inside its text, or when the image was in what the body leaves out (a quoted
   * earlier message).
   */
  readonly placed: readonly PlacedImage<Part>[];
}

/**
 * A parsed mail's content as a ticket message takes it (`parsed` is postal-mime's `Email`, or
 * anything with its `text`, `html` and `attachments`): the text shown, the whole text when that
 * is only part of it, the inline images, each part's address given by `src` when given, and
 * where the body shows each. A message whose HTML shows its own images (`cid:`) is read from its
 * HTML, so each image keeps its place: the body holds a stand-in for it, `[alt text]` (`[image]`
 * without one), which is what a reader without images sees.
 */
export function messageContent<Part extends InlinePart>(
  parsed: {
    readonly text?: string | undefined;
    readonly html?: string | undefined;
    readonly attachments: readonly Part[];
  },
  src?: (part: Part) => string,
): MessageContent<Part> {
  const inline =
    parsed.html === undefined
      ? { images: [], missing: [], html: '' }
      : inlineImages(parsed.html, parsed.attachments, src);
  const standIns: { part: Part; text: string }[] = [];
  const source =
    parsed.html === undefined || inline.images.length === 0
      ? parsed
      : { text: htmlToText(parsed.html.replace(MARKS, ''), { image: markImage(inline, standIns) }) };
  const { visible, full } = visibleText(source);
  const shown = withStandIns(visible, standIns);
  const body = cut(shown.text, BODY_MAX);
  // A stand-in the cut reached is no place for its image (the cut ends with an ellipsis).
  const room = body === shown.text ? body.length : body.length - 1;
  const placed = shown.placed.filter((image) => image.end <= room);
  const whole = withStandIns(full, standIns).text;
  return body === whole ? { body, inline, placed } : { body, fullText: cut(whole, MAIL_FULL_TEXT_MAX), inline, placed };
}

// An image's place is marked in the text while it is read (quotes stripped, lines tidied) by two
// characters Unicode keeps for in-process annotation, taken out of the HTML first.
const OPEN = '\uFFF9';
const CLOSE = '\uFFFB';
const MARKS = /[\uFFF9-\uFFFB]/g;
const MARKED = /\uFFF9(\d+)\uFFFB/g;

/** Reads each `cid:` image of the message's own as a mark numbering its stand-in in `standIns`. */
function markImage<Part extends InlinePart>(inline: InlineImages<Part>, standIns: { part: Part; text: string }[]) {
  const byCid = new Map(inline.images.map((image) => [image.cid, image.part]));
  return (src: string, alt: string | undefined): string | undefined => {
    const part = /^cid:/i.test(src) ? byCid.get(contentIdKey(src.slice(4))) : undefined;
    if (part === undefined) return undefined;
    const label = (alt ?? '').replace(/\s+/g, ' ').trim().slice(0, 200) || 'image';
    return `${OPEN}${standIns.push({ part, text: `[${label}]` }) - 1}${CLOSE}`;
  };
}

/** `text` with each mark replaced by its stand-in, and where each stand-in went. */
function withStandIns<Part extends InlinePart>(
  text: string,
  standIns: readonly { part: Part; text: string }[],
): { text: string; placed: PlacedImage<Part>[] } {
  if (standIns.length === 0) return { text, placed: [] };
  const placed: PlacedImage<Part>[] = [];
  let out = '';
  let last = 0;
  for (const match of text.matchAll(MARKED)) {
    // A stray mark (none is expected) is dropped before any place is counted.
    out += text.slice(last, match.index).replace(MARKS, '');
    last = match.index + match[0].length;
    const standIn = standIns[Number(match[1])];
    if (standIn === undefined) continue;
    if (!placed.some((image) => image.part === standIn.part))
      placed.push({ part: standIn.part, start: out.length, end: out.length + standIn.text.length });
    out += standIn.text;
  }
  return { text: out + text.slice(last).replace(MARKS, ''), placed };
}

/** `text` within `max` characters, an ellipsis marking a cut, never splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end -= 1;
  return `${text.slice(0, end)}…`;
}
