import { streamId } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineMailHooks } from './engine-hooks.js';
import { heldMailIdOf } from './held/hold.js';
import { createMailProcessor, type MailProcessor } from './process/processor.js';
import { plainMessage } from './testing/mail-db.fixture.js';
import { createProcessingWorld, type ProcessingWorld } from './testing/processing.fixture.js';

// The processor with the engine's hooks: a held message reaches the held-mail review, a bounce
// reaches the customer whose address failed; both once, however often the message is processed.

let world: ProcessingWorld;
let processor: MailProcessor;

beforeAll(async () => {
  world = await createProcessingWorld('mail_hooks');
  processor = createMailProcessor({ ...world.options, ...engineMailHooks(world.bus) });
});
afterAll(async () => world?.close());

async function deliver(raw: Buffer, client?: Parameters<ProcessingWorld['record']>[1]) {
  const key = await world.record(raw, client);
  const processed = await processor.processNow(key);
  if (processed === undefined || !('outcome' in processed))
    throw new Error(`not processed: ${JSON.stringify(processed)}`);
  return { key, outcome: processed.outcome };
}

const types = async (stream: string) => (await world.store.readStream(stream)).map((event) => event.type);

describe('the engine’s hooks', () => {
  it('hold a forged answer for review with its subject and sender', async () => {
    const opened = await deliver(
      await world.signedByCustomerDomain(plainMessage({ messageId: 'hooks-open@customer.test' })),
    );
    expect(opened.outcome).toMatchObject({ kind: 'opened' });
    const forged = plainMessage({
      from: 'Bob Customer <bob@customer.test>',
      subject: 'Re: refund please',
      messageId: 'hooks-forged@customer.test',
      headers: { 'In-Reply-To': '<hooks-open@customer.test>' },
    });
    const { outcome } = await deliver(forged, { ip: '198.51.100.66', helo: 'evil.test' });
    expect(outcome).toMatchObject({ kind: 'held', because: 'dmarc-failed' });
    const stream = streamId('heldmail', heldMailIdOf('mid:hooks-forged@customer.test'));
    const events = await world.store.readStream(stream);
    expect(events.map((event) => event.type)).toEqual(['MailHeld']);
    expect(events[0]?.data).toMatchObject({
      reason: 'dmarc-failed',
      content: {
        subject: 'Re: refund please',
        from: 'Bob Customer <bob@customer.test>',
        mail: { authentication: { dmarc: 'fail' } },
      },
    });
  });

  it('mark a bounced customer’s address undeliverable from a delivery status report', async () => {
    const opened = await deliver(
      await world.signedByCustomerDomain(
        plainMessage({ from: 'Carla <carla@customer.test>', messageId: 'hooks-carla@customer.test' }),
      ),
    );
    const customerId = (opened.outcome as { customerId: string }).customerId;
    const dsn = plainMessage({
      from: 'MAILER-DAEMON@mx.customer.test',
      messageId: 'hooks-dsn@customer.test',
      subject: 'Undelivered Mail Returned to Sender',
      headers: { 'X-Failed-Recipients': 'Carla@customer.test' },
    });
    expect((await deliver(dsn)).outcome).toMatchObject({ kind: 'bounce' });
    expect(await types(streamId('customer', customerId))).toContain('CustomerEmailBounced');
  });
});
