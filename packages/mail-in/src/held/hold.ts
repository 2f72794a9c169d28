import { createHash } from 'node:crypto';
import type { CommandActor, CommandBus, Sent } from '@support-engine/application';
import type { HeldMailContent, HeldMailReason } from '@support-engine/domain/held-mail';
import type { z } from 'zod';
import { MAIL_IN_ACTOR } from '../actor.js';

/** A message the processor will not add to the ticket it names, and why. */
export interface MailToHold {
  readonly ticketId: string;
  readonly reason: HeldMailReason;
  /** The message as its ticket would record it (its `mail.mailKey` names it). */
  readonly content: z.input<typeof HeldMailContent>;
}

const digest = (mailKey: string) => createHash('sha256').update(mailKey).digest('hex').slice(0, 40);

/** The held message's id, derived from the key its raw message is recorded under: one per message. */
export function heldMailIdOf(mailKey: string): string {
  return `mail-${digest(mailKey)}`;
}

/** The command id of holding the message recorded under `mailKey`, so a reprocessed message is held once. */
export function holdCommandIdOf(mailKey: string): string {
  return `mail-hold:${digest(mailKey)}`;
}

/**
 * Holds a message for staff to accept or discard (the processor's `onHold`): `HoldMail` on the
 * held message's stream, its id and command id derived from the message's key, so processing the
 * same message again writes nothing more.
 */
export async function holdMail(
  bus: CommandBus,
  mail: MailToHold,
  actor: CommandActor = MAIL_IN_ACTOR,
): Promise<{ readonly heldMailId: string; readonly sent: Sent }> {
  const { mailKey } = mail.content.mail;
  const heldMailId = heldMailIdOf(mailKey);
  const command = { type: 'HoldMail' as const, data: { heldMailId, ...mail } };
  return { heldMailId, sent: await bus.send('heldmail', heldMailId, command, actor, holdCommandIdOf(mailKey)) };
}
