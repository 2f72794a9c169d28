import type { InlineImage } from './origin.js';

/** A file as inline placement needs it: its id, and its type read from its bytes. */
export interface PlacedFile {
  readonly attachmentId: string;
  readonly contentType: string;
}

/**
 * Whether a message's inline images fit it: each within its body, each one of the message's own
 * files, and an image (`image/*`). A message that fails this is refused: an inline placement never
 * points past the text or at a file the message does not carry.
 */
export function inlineImagesFit(
  body: string,
  files: readonly PlacedFile[] | undefined,
  inline: readonly InlineImage[] | undefined,
): boolean {
  if (inline === undefined) return true;
  const images = new Set((files ?? []).filter((file) => isImage(file.contentType)).map((file) => file.attachmentId));
  return inline.every((image) => image.end <= body.length && images.has(image.attachmentId));
}

/** One piece of a message as a reader shows it: text (shown as text, never as markup), or an image in place. */
export type MessageBodyPart =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'image';
      readonly attachmentId: string;
      /** The text the image stands in place of, without its brackets: its alt text. */
      readonly alt: string;
    };

/**
 * A message's body cut into text and the images its mail placed in it ({@link InlineImage}), in
 * order; without placements, the body as one piece of text (none when it is empty). A placement
 * that does not fit (past the text, overlapping the one before, or naming a file the message does
 * not carry) is left as the text it spans, so the reader sees the image's stand-in.
 */
export function messageBodyParts(
  body: string,
  files: readonly PlacedFile[],
  inline: readonly InlineImage[] | undefined,
): MessageBodyPart[] {
  const images = new Set(files.filter((file) => isImage(file.contentType)).map((file) => file.attachmentId));
  const parts: MessageBodyPart[] = [];
  let at = 0;
  for (const image of inline ?? []) {
    if (image.start < at || image.end > body.length || image.start >= image.end || !images.has(image.attachmentId))
      continue;
    if (image.start > at) parts.push({ kind: 'text', text: body.slice(at, image.start) });
    parts.push({ kind: 'image', attachmentId: image.attachmentId, alt: standIn(body.slice(image.start, image.end)) });
    at = image.end;
  }
  if (at < body.length) parts.push({ kind: 'text', text: body.slice(at) });
  return parts;
}

/** `[alt]` as its alt text. */
function standIn(text: string): string {
  return text.replace(/^\[(.*)\]$/s, '$1');
}

function isImage(contentType: string): boolean {
  return contentType.startsWith('image/');
}
