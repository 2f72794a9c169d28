import { createHash } from 'node:crypto';

// Every id processing writes under is derived from the message's key (and what it is for), so a
// message processed again after a crash sends the same commands with the same ids: the event
// store answers a repeated command id with its first outcome, and nothing is written twice.

const digest = (purpose: string, mailKey: string) =>
  createHash('sha256').update(`mail-in:${purpose}\u0000${mailKey}`).digest();

/** A UUID (version 8: custom, RFC 9562) made of the digest: ticket ids must be UUIDs for reply tokens to fit. */
function uuidOf(purpose: string, mailKey: string): string {
  const bytes = digest(purpose, mailKey).subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The ids of what one message may write. */
export interface MailIds {
  /** The ticket a new message opens. */
  readonly ticketId: string;
  /** The customer an unknown sender becomes. */
  readonly customerId: string;
  /** The command ids: registering the sender, opening the ticket, adding the message to one. */
  readonly registerCommand: string;
  readonly openCommand: string;
  readonly replyCommand: string;
  /** The storage key (and attachment id) of the message's `index`th part. */
  part(index: number): string;
}

/** The ids a message with key `mailKey` writes under. */
export function mailIds(mailKey: string): MailIds {
  const short = digest('command', mailKey).toString('hex').slice(0, 40);
  return {
    ticketId: uuidOf('ticket', mailKey),
    customerId: uuidOf('customer', mailKey),
    registerCommand: `mail-in:register:${short}`,
    openCommand: `mail-in:open:${short}`,
    replyCommand: `mail-in:reply:${short}`,
    part: (index) => `mailpart-${digest(`part:${index}`, mailKey).toString('hex').slice(0, 48)}`,
  };
}
