import { MAIL_FULL_TEXT_MAX } from '@support-engine/domain/inbound-mail';
import { MessageText } from '@support-engine/domain/ticket';
import { type InlineImages, type InlinePart, inlineImages } from './inline-images.js';
import { visibleText } from './visible-text.js';

/** The most a ticket message's body holds, as the domain bounds it. */
const BODY_MAX = MessageText.maxLength ?? Number.POSITIVE_INFINITY;

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
}

/**
 * A parsed mail's content as a ticket message takes it (`parsed` is postal-mime's `Email`, or
 * anything with its `text`, `html` and `attachments`): the text shown, the whole text when that
 * is only part of it, and the inline images, each part's address given by `src` when given.
 */
export function messageContent<Part extends InlinePart>(
  parsed: {
    readonly text?: string | undefined;
    readonly html?: string | undefined;
    readonly attachments: readonly Part[];
  },
  src?: (part: Part) => string,
): MessageContent<Part> {
  const { visible, full } = visibleText(parsed);
  const body = cut(visible, BODY_MAX);
  const inline =
    parsed.html === undefined
      ? { images: [], missing: [], html: '' }
      : inlineImages(parsed.html, parsed.attachments, src);
  return body === full ? { body, inline } : { body, fullText: cut(full, MAIL_FULL_TEXT_MAX), inline };
}

/** `text` within `max` characters, an ellipsis marking a cut, never splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  if (/[\uDC00-\uDFFF]/.test(text[end] ?? '')) end -= 1;
  return `${text.slice(0, end)}…`;
}
