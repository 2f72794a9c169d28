import { createCommandBus } from '@support-engine/application';
import { createDomainEventRegistry } from '@support-engine/domain';
import { MAILBOX_CONFIGURATION_ID, type MailboxCommand } from '@support-engine/domain/mailbox';
import { SLA_CONFIGURATION_ID } from '@support-engine/domain/sla-config';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { createTestDatabase } from '@support-engine/servers/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailboxDirectory } from './directory.js';

// The mail-in processes' view of the mailboxes: folded from the log (a real PostgreSQL event
// store, the real command bus), current from the next call after an admin's change.

const ADMIN = { id: 'admin-mail', role: 'admin' } as const;
let store: PostgresEventStore;
let commands = 0;

function configure(address: string, definition: Record<string, unknown>) {
  return send({ type: 'ConfigureMailbox', data: { address, definition: { name: address, ...definition } as never } });
}
function send(command: MailboxCommand) {
  const bus = createCommandBus(store, () => new Date('2026-11-28T09:00:00Z'));
  commands += 1;
  return bus.send('mailboxes', MAILBOX_CONFIGURATION_ID, command, ADMIN, `mailbox-command-${commands}`);
}

beforeAll(async () => {
  const connectionString = await createTestDatabase('mail_mailboxes');
  store = createPostgresEventStore({ connectionString, pollIntervalMs: 100 });
  await migrateEventStore(store.db);
  const bus = createCommandBus(store, () => new Date('2026-11-28T09:00:00Z'));
  await bus.send(
    'slaconfig',
    SLA_CONFIGURATION_ID,
    { type: 'CreateTicketCategory', data: { categoryId: 'billing', definition: { name: 'Billing' } } },
    ADMIN,
    'category-billing',
  );
});
afterAll(async () => store?.close());

describe('the mailbox directory', () => {
  it('knows no mailbox before any is configured', async () => {
    const directory = createMailboxDirectory({ store, registry: createDomainEventRegistry() });
    expect(await directory.findMailbox('support@support.test')).toBeUndefined();
    expect(await directory.ownAddresses()).toEqual([]);
  });

  it('finds a mailbox by address and sub-address, and follows later changes', async () => {
    const directory = createMailboxDirectory({ store, registry: createDomainEventRegistry() });
    await configure('support@support.test', { language: 'en' });
    await configure('billing@support.test', { category: 'billing', priority: 'high', language: 'fr' });
    expect(await directory.findMailbox('Support@Support.test')).toEqual({
      address: 'support@support.test',
      language: 'en',
    });
    expect(await directory.findMailbox('billing+k3y@support.test')).toEqual({
      address: 'billing@support.test',
      category: 'billing',
      language: 'fr',
      priority: 'high',
    });
    expect(await directory.isMailbox('sales@support.test')).toBe(false);

    // The same directory, after another process's changes: a deactivation, a removal.
    await configure('billing@support.test', { category: 'billing', active: false });
    await send({ type: 'RemoveMailbox', data: { address: 'support@support.test' } });
    expect(await directory.isMailbox('billing@support.test')).toBe(false);
    expect(await directory.findMailbox('support@support.test')).toBeUndefined();
    // Still the engine's own: mail from it is never a customer's.
    expect(await directory.ownAddresses()).toEqual(['billing@support.test']);
    expect(await directory.isOwnAddress('BILLING+x@support.test')).toBe(true);
    expect(await directory.isOwnAddress('support@support.test')).toBe(false);

    // A snapshot answers without a query, as the log held it when taken.
    const snapshot = await directory.snapshot();
    await configure('billing@support.test', { category: 'billing', active: true });
    expect(snapshot.findMailbox('billing@support.test')).toBeUndefined();
    expect(snapshot.ownAddresses).toEqual(['billing@support.test']);
    expect((await directory.snapshot()).findMailbox('BILLING@support.test')).toEqual({
      address: 'billing@support.test',
      category: 'billing',
    });
  });
});
