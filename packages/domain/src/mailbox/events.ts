import { z } from 'zod';
import { defineEvent } from '../shared/messages.js';
import { MailboxAddress, MailboxDefinition } from './commands.js';

/** A mailbox was added (version 1) or its definition replaced; the event holds it whole. */
export const MailboxConfigured = defineEvent('MailboxConfigured', {
  address: MailboxAddress,
  version: z.int().positive(),
  definition: MailboxDefinition,
});

/** A mailbox was removed. */
export const MailboxRemoved = defineEvent('MailboxRemoved', { address: MailboxAddress, version: z.int().positive() });

/** Every event of the mailbox configuration stream. */
export const MailboxEvent = z.discriminatedUnion('type', [MailboxConfigured, MailboxRemoved]);
export type MailboxEvent = z.infer<typeof MailboxEvent>;

/** The mailbox configuration stream's event types, for the event schema registry. */
export const MAILBOX_EVENT_TYPES: readonly MailboxEvent['type'][] = MailboxEvent.options.map(
  (option) => option.shape.type.value,
);
