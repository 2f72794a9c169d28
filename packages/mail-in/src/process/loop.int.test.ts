import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandBus } from '@support-engine/application';
import { emailClaimId } from '@support-engine/domain/customer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainMessage } from '../testing/mail-db.fixture.js';
import { createProcessingWorld, type ProcessingWorld } from '../testing/processing.fixture.js';
import { createMailProcessor } from './processor.js';

// The processing loop: a crash between the writes and the outcome, processors racing for the same
// messages, and retries that end in `failed`. Every message must count exactly once.

let world: ProcessingWorld;
let sequence = 0;

beforeAll(async () => {
  world = await createProcessingWorld('mail_loop');
});
afterAll(async () => world?.close());

const message = (label: string) =>
  world.signedByCustomerDomain(
    plainMessage({ from: `"${label}" <${label}@customer.test>`, messageId: `${label}-${++sequence}@customer.test` }),
  );

const rowOf = (key: string) =>
  world.db.selectFrom('mail_in_messages').selectAll().where('message_key', '=', key).executeTakeFirstOrThrow();

/** The TicketOpened and TicketCustomerReplied events of a ticket's stream. */
async function messagesWritten(ticketId: string): Promise<string[]> {
  return (await world.ticketEvents(ticketId)).filter(
    (type) => type === 'TicketOpened' || type === 'TicketCustomerReplied',
  );
}

describe('a crash between writing and recording the outcome', () => {
  it('leaves the message pending, and processing it again writes nothing twice', async () => {
    const opener = await world.record(await message('crash'));
    let crashes = 1;
    const crashing = createMailProcessor({
      ...world.options,
      afterWrites: async () => {
        if (crashes-- > 0) throw new Error('killed after the command');
      },
    });
    expect(await crashing.processNow(opener)).toEqual({ key: opener, error: 'killed after the command' });
    const crashed = await rowOf(opener);
    expect(crashed).toMatchObject({
      state: 'pending',
      attempts: 1,
      last_error: 'killed after the command',
      ticket_id: null,
    });

    const again = await crashing.processNow(opener);
    if (again === undefined || !('outcome' in again) || again.outcome.kind !== 'opened')
      throw new Error(JSON.stringify(again));
    const { ticketId, customerId, registered } = again.outcome;
    // The customer was registered by the first attempt: the second finds them.
    expect(registered).toBe(false);
    expect(await world.messagesFromMail(opener)).toEqual(['TicketOpened']);
    expect(await messagesWritten(ticketId)).toEqual(['TicketOpened']);
    expect(await rowOf(opener)).toMatchObject({ state: 'done', attempts: 2, ticket_id: ticketId, last_error: null });
    const customers = await world.store.readStream(`customer-${customerId}`);
    expect(customers.filter((event) => event.type === 'CustomerRegistered')).toHaveLength(1);
  });
});

describe('processors racing', () => {
  it('process each message once, however many take the same pending rows', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 12; i++) keys.push(await world.record(await message(`race${i % 4}`)));
    const processors = [0, 1, 2].map(() => createMailProcessor({ ...world.options, batchSize: 3 }));
    const drain = async (processor: (typeof processors)[number]) => {
      const done: string[] = [];
      for (;;) {
        const batch = await processor.processPending();
        if (batch.length === 0) return done;
        done.push(...batch.map((result) => result.key));
      }
    };
    const handled = (await Promise.all(processors.map(drain))).flat().filter((key) => keys.includes(key));
    expect(handled.sort()).toEqual([...keys].sort());
    const rows = await world.db.selectFrom('mail_in_messages').selectAll().where('message_key', 'in', keys).execute();
    expect(rows.every((row) => row.state === 'done' && row.attempts === 1)).toBe(true);
    // Twelve messages of four new senders: twelve tickets, each opened once, four customers.
    const tickets = new Set(rows.map((row) => row.ticket_id));
    expect(tickets.size).toBe(12);
    for (const ticketId of tickets) expect(await messagesWritten(ticketId!)).toEqual(['TicketOpened']);
    for (const key of keys) expect(await world.messagesFromMail(key)).toEqual(['TicketOpened']);
    const customers = new Set(rows.map((row) => (row.outcome as { customerId: string }).customerId));
    expect(customers.size).toBe(4);
  });
});

/** `world.bus`, each command of `type` sent through `around` (which calls `send` when it wants). */
function busAround(type: string, around: (send: () => Promise<unknown>) => Promise<unknown>): CommandBus {
  const bus = world.bus;
  return {
    ...bus,
    send: ((...args: Parameters<CommandBus['send']>) =>
      args[2].type === type ? around(() => bus.send(...args)) : bus.send(...args)) as CommandBus['send'],
  };
}

describe('one processor, several messages at once', () => {
  it('makes one customer of a new sender whose two messages it processes together', async () => {
    const keys = [await world.record(await message('pair')), await world.record(await message('pair'))];
    // Each registration waits (a while at most) for the other: both try at the same moment.
    let arrived = 0;
    let together = false;
    const bus = busAround('RegisterCustomer', async (send) => {
      arrived++;
      for (let waited = 0; arrived < 2 && waited < 100; waited++) await sleep(20);
      together ||= arrived === 2;
      return send();
    });
    const processor = createMailProcessor({ ...world.options, bus, batchSize: 2, concurrency: 2 });
    const results = await processor.processPending();
    expect(together).toBe(true);
    const outcomes = results.map((result) => ('outcome' in result ? result.outcome : result));
    expect(outcomes).toEqual([
      expect.objectContaining({ kind: 'opened' }),
      expect.objectContaining({ kind: 'opened' }),
    ]);
    const opened = outcomes as { ticketId: string; customerId: string; registered: boolean }[];
    expect(new Set(opened.map((outcome) => outcome.customerId)).size).toBe(1);
    expect(opened.map((outcome) => outcome.registered).sort()).toEqual([false, true]);
    expect(new Set(opened.map((outcome) => outcome.ticketId)).size).toBe(2);
    const customer = await world.store.readStream(`customer-${opened[0]!.customerId}`);
    expect(customer.filter((event) => event.type === 'CustomerRegistered')).toHaveLength(1);
    for (const key of keys) expect(await world.messagesFromMail(key)).toEqual(['TicketOpened']);
  });

  it('holds no more messages at once than its concurrency, whether claimed in a batch or asked for', async () => {
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) keys.push(await world.record(await message(`bounded${i}`)));
    let inHand = 0;
    let most = 0;
    const bus = busAround('OpenTicket', async (send) => {
      most = Math.max(most, ++inHand);
      await sleep(30);
      inHand--;
      return send();
    });
    const processor = createMailProcessor({ ...world.options, bus, batchSize: 3, concurrency: 2 });
    const results = await Promise.all([processor.processPending(), ...keys.map((key) => processor.processNow(key))]);
    expect(most).toBe(2);
    // Each message once: by the batch, or by the key asked for (the other finds it taken).
    const processed = results.flat().filter((result) => result !== undefined);
    expect(processed.map((result) => result.key).sort()).toEqual([...keys].sort());
    const rows = await world.db.selectFrom('mail_in_messages').selectAll().where('message_key', 'in', keys).execute();
    expect(rows.every((row) => row.state === 'done' && row.attempts === 1)).toBe(true);
  });
});

describe('a new sender whose address another message is registering', () => {
  it('is tried again later, not failed: the claim comes before the customer', async () => {
    const raw = plainMessage({ from: 'Reg <reg@customer.test>', messageId: `registering-${++sequence}@customer.test` });
    const key = await world.record(await world.signedByCustomerDomain(raw));
    // What a registration under way has written so far: the address's claim, for a customer not
    // yet registered (within its lease, so nobody may settle it).
    const email = 'reg@customer.test';
    await world.bus.send(
      'custemail',
      emailClaimId(email),
      { type: 'ClaimCustomerEmail', data: { email, customerId: 'registering-customer', atVersion: 0 } },
      { id: 'email-claims', role: 'system' },
      `claim-under-way-${sequence}`,
    );
    const processor = createMailProcessor(world.options);
    expect(await processor.processNow(key)).toMatchObject({ key, error: expect.stringContaining('tried again later') });
    expect(await rowOf(key)).toMatchObject({ state: 'pending', attempts: 1 });
  });
});

describe('the bytes the ingress hands over', () => {
  it('are processed without reading the storage when they are the recorded ones', async () => {
    const raw = await message('handed');
    const key = await world.record(raw);
    // Gone from the storage: only the bytes handed over can make the ticket.
    await world.storage.remove((await rowOf(key)).storage_key);
    const processor = createMailProcessor(world.options);
    expect(await processor.processNow(key, raw)).toMatchObject({ key, outcome: { kind: 'opened' } });
    expect(await world.messagesFromMail(key)).toEqual(['TicketOpened']);
  });

  it('are set aside for the recorded bytes when they differ from them', async () => {
    const raw = await message('recorded');
    const key = await world.record(raw);
    const other = Buffer.from(raw.toString('latin1').replace('Subject: ', 'Subject: Forged '), 'latin1');
    const processor = createMailProcessor(world.options);
    const processed = await processor.processNow(key, other);
    if (processed === undefined || !('outcome' in processed) || processed.outcome.kind !== 'opened')
      throw new Error(JSON.stringify(processed));
    expect(await world.openedData(processed.outcome.ticketId)).toMatchObject({
      subject: expect.not.stringContaining('Forged'),
    });
  });
});

describe('retries', () => {
  it('retries a failing message, then keeps it `failed` with its error after the last attempt', async () => {
    const key = await world.record(await message('lost'));
    const { storage_key } = await rowOf(key);
    await world.storage.remove(storage_key);
    const processor = createMailProcessor({ ...world.options, maxAttempts: 3 });
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await processor.processNow(key)).toMatchObject({ key, error: expect.stringContaining('missing') });
      expect(await rowOf(key)).toMatchObject({ attempts: attempt, state: attempt < 3 ? 'pending' : 'failed' });
    }
    expect(await processor.processNow(key)).toBeUndefined();
    expect((await rowOf(key)).last_error).toContain(storage_key);
  });

  it('waits before retrying: a message is not taken again before its wait is over', async () => {
    const key = await world.record(await message('later'));
    let failing = true;
    const processor = createMailProcessor({
      ...world.options,
      retryMs: 60 * 60 * 1000,
      afterWrites: async () => {
        if (failing) throw new Error('database went away');
      },
    });
    expect(await processor.processNow(key)).toMatchObject({ error: 'database went away' });
    failing = false;
    expect(await processor.processNow(key)).toBeUndefined();
    expect(await rowOf(key)).toMatchObject({ state: 'pending', attempts: 1 });
  });

  it('records a command the domain refuses as failed at once: retrying cannot change the answer', async () => {
    const raw = plainMessage({
      from: 'Ann <ann@customer.test>',
      messageId: `bad-language-${++sequence}@customer.test`,
    });
    const key = await world.record(await world.signedByCustomerDomain(raw));
    const processor = createMailProcessor({ ...world.options, findMailbox: () => ({ category: 'x'.repeat(500) }) });
    expect(await processor.processNow(key)).toMatchObject({ key, error: expect.any(String) });
    expect(await rowOf(key)).toMatchObject({
      state: 'failed',
      attempts: 1,
      last_error: expect.stringContaining('VALIDATION_FAILED'),
    });
  });
});

describe('running', () => {
  it('processes what is recorded while it runs, until stopped', async () => {
    const processor = createMailProcessor({ ...world.options, pollMs: 20 });
    processor.start();
    const key = await world.record(await message('running'));
    for (let tries = 0; tries < 500 && (await rowOf(key)).state === 'pending'; tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await processor.stop();
    expect(await rowOf(key)).toMatchObject({ state: 'done' });
  });
});
