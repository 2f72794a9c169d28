import { type HeldMailEvent, heldMailExcerpt } from '@support-engine/domain/held-mail';
import type { ProjectedEvent } from '../../events.js';
import type { Projection, ReadModelTransaction } from '../../projection.js';

/** The held-mail events this read model applies: all of them. */
export const HELD_MAIL_READ_EVENT_TYPES = [
  'MailHeld',
  'HeldMailAccepted',
  'HeldMailDiscarded',
] as const satisfies readonly HeldMailEvent['type'][];

/** Options of {@link createHeldMailsProjection}. */
export interface HeldMailsProjectionOptions {
  /** Checkpoint and lock name; `heldmails` by default. */
  readonly name?: string;
}

/**
 * The `heldmails` read model: one row per message held for review (`held_mails`), pending until
 * staff accept or discard it, then kept with who decided, when, and their note.
 */
export function createHeldMailsProjection(options: HeldMailsProjectionOptions = {}): Projection {
  return {
    name: options.name ?? 'heldmails',
    eventTypes: new Set(HELD_MAIL_READ_EVENT_TYPES),
    tables: ['held_mails'],
    apply: (trx, event) => applyHeldMailEvent(trx, event as ProjectedEvent<HeldMailEvent>),
  };
}

async function applyHeldMailEvent(trx: ReadModelTransaction, event: ProjectedEvent<HeldMailEvent>): Promise<void> {
  switch (event.type) {
    case 'MailHeld': {
      const { heldMailId, ticketId, reason, content, at } = event.data;
      await trx
        .insertInto('held_mails')
        .values({
          held_mail_id: heldMailId,
          ticket_id: ticketId,
          reason,
          sender: content.from,
          subject: content.subject,
          excerpt: heldMailExcerpt(content.body),
          attachment_count: content.attachments?.length ?? 0,
          authentication: JSON.stringify(content.mail.authentication),
          received_at: content.receivedAt,
          created_at: at,
          state: 'pending',
        })
        .onConflict((conflict) => conflict.column('held_mail_id').doNothing())
        .execute();
      return;
    }
    case 'HeldMailAccepted':
    case 'HeldMailDiscarded': {
      const { heldMailId, actor, at, note } = event.data;
      await trx
        .updateTable('held_mails')
        .set({
          state: event.type === 'HeldMailAccepted' ? 'accepted' : 'discarded',
          decided_by: actor.id,
          decided_at: at,
          note: note ?? null,
        })
        .where('held_mail_id', '=', heldMailId)
        .execute();
      return;
    }
  }
}
