import { createDomainEventRegistry } from '@support-engine/domain';
import { MAILBOX_CONFIGURATION_ID } from '@support-engine/domain/mailbox';
import { SLA_CONFIGURATION_ID } from '@support-engine/domain/sla-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailboxDirectory } from '../mailboxes/directory.js';
import { plainMessage } from '../testing/mail-db.fixture.js';
import { createProcessingWorld, MAILBOX, type ProcessingWorld } from '../testing/processing.fixture.js';
import { createMailProcessor, type MailProcessor } from './processor.js';

// The mailboxes configured as data decide the tickets their mail opens, as they are when each
// message is processed: an admin's change counts from the next message on, with no restart.

const ADMIN = { id: 'admin-mail', role: 'admin' } as const;
let world: ProcessingWorld;
let processor: MailProcessor;
let commands = 0;

const configure = (definition: Record<string, unknown>) =>
  world.bus.send(
    'mailboxes',
    MAILBOX_CONFIGURATION_ID,
    { type: 'ConfigureMailbox', data: { address: MAILBOX, definition: { name: 'Billing', ...definition } as never } },
    ADMIN,
    `mailbox-${++commands}`,
  );

beforeAll(async () => {
  world = await createProcessingWorld('mail_mailboxes_process');
  await world.bus.send(
    'slaconfig',
    SLA_CONFIGURATION_ID,
    { type: 'CreateTicketCategory', data: { categoryId: 'billing', definition: { name: 'Billing' } } },
    ADMIN,
    'category-billing',
  );
  const directory = createMailboxDirectory({ store: world.store, registry: createDomainEventRegistry() });
  processor = createMailProcessor({ ...world.options, mailboxes: () => directory.snapshot() });
});
afterAll(async () => world?.close());

async function open(messageId: string) {
  const key = await world.record(await world.signedByCustomerDomain(plainMessage({ messageId })));
  const processed = await processor.processNow(key);
  if (processed === undefined || !('outcome' in processed) || processed.outcome.kind !== 'opened')
    throw new Error(`not opened: ${JSON.stringify(processed)}`);
  return world.openedData(processed.outcome.ticketId);
}

describe('mailboxes configured as data', () => {
  it('give a new ticket their category, language and priority, as configured when the mail is processed', async () => {
    await configure({ category: 'billing', priority: 'high', language: 'fr' });
    expect(await open('mailbox-1@customer.test')).toMatchObject({
      channel: 'email',
      category: 'billing',
      priority: 'high',
      language: 'fr',
    });
    await configure({ category: 'billing', priority: 'low', language: 'fr' });
    expect(await open('mailbox-2@customer.test')).toMatchObject({ category: 'billing', priority: 'low' });
  });
});
