import { type MessageBodyPart, messageBodyParts } from '@support-engine/domain/inbound-mail';

/** A message's file as the ticket page reads it. */
export interface MessageFile {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly url: string;
  /** Where the message's text shows it (an HTML mail's inline image): the span of its stand-in. */
  readonly inlineSpan?: readonly number[] | null;
}

/** A message's body as it is drawn: its pieces of text and images in place, and the files drawn there. */
export interface PlacedBody {
  readonly parts: readonly MessageBodyPart[];
  /** The files drawn inside the text, by id: the list of files under it leaves them out. */
  readonly placed: ReadonlyMap<string, MessageFile>;
}

/**
 * A message's body cut into text and the images its mail placed inside it (the domain's
 * `messageBodyParts`, from each file's `inlineSpan`); an image the browser cannot show stays its
 * stand-in text and is listed with the other files.
 */
export function placedBody(
  body: string,
  files: readonly MessageFile[],
  shown: (file: MessageFile) => boolean,
): PlacedBody {
  const inline = files
    .filter((file) => file.inlineSpan?.length === 2 && shown(file))
    .map((file) => ({ attachmentId: file.id, start: file.inlineSpan![0]!, end: file.inlineSpan![1]! }))
    .sort((a, b) => a.start - b.start);
  const parts = messageBodyParts(
    body,
    files.map((file) => ({ attachmentId: file.id, contentType: file.contentType })),
    inline,
  );
  const byId = new Map(files.map((file) => [file.id, file]));
  const placed = new Map<string, MessageFile>();
  for (const part of parts) if (part.kind === 'image') placed.set(part.attachmentId, byId.get(part.attachmentId)!);
  return { parts, placed };
}
