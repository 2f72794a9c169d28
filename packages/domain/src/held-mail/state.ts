import type { HeldMailContent, HeldMailReason } from './values.js';

/** Where a held message stands: waiting for a reviewer, or decided. */
export type HeldMailStatus = 'pending' | 'accepted' | 'discarded';

/** A held message (stream `heldmail-<id>`). */
export interface HeldMail {
  readonly heldMailId: string;
  readonly ticketId: string;
  readonly reason: HeldMailReason;
  readonly content: HeldMailContent;
  readonly status: HeldMailStatus;
}

/** A held message, or none before `MailHeld`. */
export type HeldMailState = HeldMail | null;
