import type { MessageAttachment } from '@support-engine/domain/attachment';
import type { MailOrigin } from '@support-engine/domain/inbound-mail';

/** A message's file as the schema's `Attachment` reads it on a ticket message: with where its text shows it. */
export type PlacedAttachment = MessageAttachment & { readonly inlineSpan: readonly [number, number] | null };

/**
 * `TicketMessage.attachments`: the message's files, each image its mail showed inside its text with
 * the span of the body its stand-in holds (`Attachment.inlineSpan`, from `MailOrigin.inline`), for
 * every reader: where an image goes says nothing of the mail's origin, which stays staff-only.
 */
export function messageAttachments(parent: {
  readonly attachments: readonly MessageAttachment[];
  readonly mail?: MailOrigin | null;
}): PlacedAttachment[] {
  const inline = parent.mail?.inline ?? [];
  return parent.attachments.map((file) => {
    const placed = inline.find((image) => image.attachmentId === file.attachmentId);
    return { ...file, inlineSpan: placed === undefined ? null : [placed.start, placed.end] };
  });
}
