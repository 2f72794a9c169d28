/**
 * Test support (not a test file): what the processor runs against, real: PostgreSQL with the
 * event store, the mail-in tables, the attachment catalog and the notifier's directory; the
 * command bus; a local attachment storage; DNS from a zone map with a customer domain that signs
 * its mail (DKIM) and publishes `p=reject`.
 */
import { type AttachmentStorage, migrateAttachments } from '@support-engine/api';
import { type CommandBus, createCommandBus } from '@support-engine/application';
import { migrateDelivery } from '@support-engine/delivery';
import { streamId } from '@support-engine/domain';
import {
  createPostgresEventStore,
  migrateEventStore,
  type PostgresEventStore,
} from '@support-engine/eventstore-postgres';
import { migrateReadModels } from '@support-engine/projections';
import { type Kysely, sql } from 'kysely';
import type { ReceivedMail } from '../ingress.js';
import type { MailProcessorOptions } from '../process/processor.js';
import { createMailSink } from '../store/record.js';
import type { MailInTables } from '../store/schema.js';
import { dkimKeys, signed, type Zone, zoneResolver } from './mail-auth.fixture.js';
import { createMailDb } from './mail-db.fixture.js';

/** The engine's mailbox in the tests. */
export const MAILBOX = 'support@support.test';
/** The key reply tokens and the engine's Message-IDs are signed with in the tests. */
export const THREAD_KEY = Buffer.alloc(32, 7);
/** The IP address the customer domain's SPF record allows. */
export const CUSTOMER_MTA_IP = '192.0.2.10';

/** Everything a processing test needs. */
export interface ProcessingWorld {
  readonly db: Kysely<MailInTables>;
  readonly storage: AttachmentStorage;
  readonly store: PostgresEventStore;
  readonly bus: CommandBus;
  /** The options every processor of the test shares (add hooks and faults per test). */
  readonly options: MailProcessorOptions;
  /**
   * Records `raw` as the SMTP ingress would, sent by `bob@customer.test` from the customer
   * domain's MTA unless `client` says otherwise (null: no client, as IMAP); answers its key.
   */
  record(raw: Buffer, client?: ReceivedMail['client'] | null): Promise<string>;
  /** `raw` signed by `customer.test`'s DKIM key. */
  signedByCustomerDomain(raw: Buffer): Promise<Buffer>;
  /** The data of a ticket's `TicketOpened` event. */
  openedData(ticketId: string): Promise<Record<string, unknown>>;
  /** The types of every ticket message event (anywhere in the log) that records the mail `mailKey` as its origin. */
  messagesFromMail(mailKey: string): Promise<string[]>;
  /** The events of a ticket's stream, by type. */
  ticketEvents(ticketId: string): Promise<string[]>;
  close(): Promise<void>;
}

/** A fresh world in a new database. */
export async function createProcessingWorld(prefix: string): Promise<ProcessingWorld> {
  const { db, storage, connectionString } = await createMailDb(prefix);
  const store = createPostgresEventStore({ connectionString });
  await migrateEventStore(store.db);
  await migrateReadModels(db);
  await migrateAttachments(db as never);
  await migrateDelivery(db);
  const bus = createCommandBus(store, () => new Date());
  const keys = dkimKeys();
  const zone: Zone = {
    'customer.test': { TXT: [`v=spf1 ip4:${CUSTOMER_MTA_IP} -all`], A: ['192.0.2.10'] },
    'mail._domainkey.customer.test': { TXT: [keys.record] },
    '_dmarc.customer.test': { TXT: ['v=DMARC1; p=reject'] },
    'other.test': { A: ['192.0.2.20'] },
  };
  const sink = createMailSink(db, storage);
  return {
    db,
    storage,
    store,
    bus,
    options: {
      db,
      storage,
      bus,
      threadKey: THREAD_KEY,
      ownAddresses: [MAILBOX, 'no-reply@support.test'],
      resolver: zoneResolver(zone),
      mta: 'mx.support.test',
      retryMs: 0,
    },
    async record(raw, client) {
      const mail: ReceivedMail = {
        raw,
        source: 'smtp',
        mailbox: MAILBOX,
        envelope: { from: 'bob@customer.test', to: [MAILBOX] },
        ...(client === null ? {} : { client: client ?? { ip: CUSTOMER_MTA_IP, helo: 'mx.customer.test' } }),
        receivedAt: new Date(),
      };
      return (await sink.record(mail)).key;
    },
    signedByCustomerDomain: (raw) => signed(raw, 'customer.test', 'mail', keys.privateKey),
    async openedData(ticketId) {
      const events = await store.readStream(streamId('ticket', ticketId));
      const opened = events.find((event) => event.type === 'TicketOpened');
      if (opened === undefined) throw new Error(`Ticket ${ticketId} was never opened`);
      return opened.data as Record<string, unknown>;
    },
    async messagesFromMail(mailKey) {
      const { rows } = await sql<{ type: string }>`select type from events
        where stream_id like 'ticket-%' and data->'mail'->>'mailKey' = ${mailKey}
        order by global_position`.execute(store.db);
      return rows.map((row) => row.type);
    },
    async ticketEvents(ticketId) {
      return (await store.readStream(streamId('ticket', ticketId))).map((event) => event.type);
    },
    async close() {
      await store.close();
      await db.destroy();
    },
  };
}
