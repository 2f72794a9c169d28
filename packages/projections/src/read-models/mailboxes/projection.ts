import { MAILBOX_EVENT_TYPES, type MailboxEvent } from '@support-engine/domain/mailbox';
import type { ProjectedEvent } from '../../events.js';
import type { Projection, ReadModelTransaction } from '../../projection.js';

/** Options of {@link createMailboxesProjection}. */
export interface MailboxesProjectionOptions {
  /** Checkpoint and lock name; `mailboxes` by default. */
  readonly name?: string;
}

/**
 * The `mailboxes` read model: one row per configured mailbox (table `mailboxes`), for the screens
 * that list them. Decisions about mail never read it: the mail-in processes fold the stream.
 */
export function createMailboxesProjection(options: MailboxesProjectionOptions = {}): Projection {
  return {
    name: options.name ?? 'mailboxes',
    eventTypes: new Set(MAILBOX_EVENT_TYPES),
    tables: ['mailboxes'],
    apply: (trx, event) => applyMailboxEvent(trx, event as ProjectedEvent<MailboxEvent>),
  };
}

async function applyMailboxEvent(trx: ReadModelTransaction, event: ProjectedEvent<MailboxEvent>): Promise<void> {
  const { address, version, at } = event.data;
  switch (event.type) {
    case 'MailboxConfigured': {
      const { name, category, language, priority, active } = event.data.definition;
      const row = { name, category, language, priority, active, version, updated_at: at };
      await trx
        .insertInto('mailboxes')
        .values({ address, ...row })
        .onConflict((conflict) => conflict.column('address').doUpdateSet(row))
        .execute();
      return;
    }
    case 'MailboxRemoved':
      await trx.deleteFrom('mailboxes').where('address', '=', address).execute();
      return;
  }
}
