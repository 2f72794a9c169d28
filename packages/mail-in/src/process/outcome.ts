import type { MessageAttachment } from '@support-engine/domain/attachment';
import type { InboundThreadDecision, MailAuthentication, MailOrigin } from '@support-engine/domain/inbound-mail';
import type { MailState } from '../store/schema.js';
import type { DroppedPart } from './attachments.js';

/** What processing decided about a message, recorded (as JSON) on its row with its state. */
export type MailOutcome =
  /** A new ticket; its sender became a customer when `registered`. */
  | (Written & { readonly kind: 'opened'; readonly customerId: string; readonly registered: boolean })
  /** Added to a ticket as its customer's message, found by `by`. */
  | (Written & { readonly kind: 'replied'; readonly by: 'reply-token' | 'references' | 'subject' })
  /** A staff member's public reply, by answering their alert (the staff reply token). */
  | (Written & { readonly kind: 'agent-replied'; readonly staffId: string })
  /** Held for an agent to accept or discard. */
  | (Written & { readonly kind: 'held'; readonly because: HeldReason })
  /**
   * Held for a person: a new ticket's sender whose address the engine cannot keep for a customer
   * (`MAIL_SENDER_ADDRESS_UNUSABLE`; `message` says what to do). Nothing written.
   */
  | {
      readonly kind: 'sender-held';
      readonly code: 'MAIL_SENDER_ADDRESS_UNUSABLE';
      readonly address: string;
      readonly message: string;
      readonly authentication: MailAuthentication;
    }
  /** Noise: an automatic answer, a bounce, or the engine's own mail; no ticket. */
  | { readonly kind: 'automatic'; readonly because: string }
  | {
      readonly kind: 'bounce';
      /** Failed for good (hard bounces). */
      readonly failedRecipients: readonly string[];
      /** Failed for now (soft bounces: delayed, `4.x.x`); left out when none. */
      readonly delayedRecipients?: readonly string[];
    }
  | { readonly kind: 'own' }
  /** Nothing written: the message could not be taken (`code` says why). */
  | {
      readonly kind: 'refused';
      readonly code: MailRefusal;
      readonly message: string;
      readonly authentication?: MailAuthentication;
    };

/** Why a message was held. */
export type HeldReason = Extract<InboundThreadDecision, { kind: 'held' }>['because'];

/**
 * Why a message was refused: no sender address to answer (`MAIL_NO_SENDER`), a staff reply token
 * the sender may not use (`MAIL_STAFF_TOKEN_REFUSED`), a message the parser cannot read
 * (`MAIL_UNREADABLE`), or a command the domain refused (its code).
 */
export type MailRefusal = 'MAIL_NO_SENDER' | 'MAIL_STAFF_TOKEN_REFUSED' | 'MAIL_UNREADABLE' | (string & {});

interface Written {
  readonly ticketId: string;
  readonly authentication: MailAuthentication;
  /** Parts that did not become attachments, and why. */
  readonly dropped: readonly DroppedPart[];
}

/** The state a message is left in with each outcome. */
export function stateOf(outcome: MailOutcome): MailState {
  return outcome.kind === 'held' || outcome.kind === 'sender-held' ? 'held' : 'done';
}

/** The ticket an outcome concerns, if any. */
export function ticketOf(outcome: MailOutcome): string | null {
  return 'ticketId' in outcome ? outcome.ticketId : null;
}

/**
 * A held message, with everything needed to add it to its ticket later, as the hook receives it.
 * The hook may be called again for one message (processed again after a crash): `mail.mailKey`
 * identifies it.
 */
export interface HeldMail {
  readonly ticketId: string;
  readonly because: HeldReason;
  /** The customer the message would be added as: the ticket's. */
  readonly customerId: string;
  /** What the ticket would record: the text (a word saying there was none when only files came). */
  readonly body: string;
  readonly attachments: readonly MessageAttachment[];
  readonly mail: MailOrigin;
  /** The `Subject` header as received. */
  readonly subject: string;
  /** The `From` header as a reviewer reads it: display name and address. */
  readonly from: string;
  readonly receivedAt: Date;
}

/** A bounce, as its hook receives it (also possibly more than once per message). */
export interface BouncedMail {
  readonly mailKey: string;
  /** Why delivery failed: the report's status and diagnostic, else its subject. */
  readonly reason: string;
  readonly from: string;
  readonly mailbox: string;
  readonly receivedAt: Date;
}
