import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../testing/corpus.fixture.js';
import { createProcessingWorld, type ProcessingWorld } from '../testing/processing.fixture.js';
import { createMailProcessor, type MailProcessor } from './processor.js';

// The malformed-mail corpus through the real processor: every message ends with a typed outcome
// (a ticket, noise, held, or refused with a code), never a crash nor a retry loop, and none fails.

let world: ProcessingWorld;
let processor: MailProcessor;

beforeAll(async () => {
  world = await createProcessingWorld('mail_corpus');
  processor = createMailProcessor(world.options);
});
afterAll(async () => world?.close());

describe('the malformed-mail corpus, processed', () => {
  it('gives every message a typed outcome, a NUL in a subject made storable, an unreadable nesting refused', async () => {
    const outcomes = new Map<string, unknown>();
    for (const { name, raw } of readCorpus()) {
      const key = await world.record(raw);
      const processed = await processor.processNow(key);
      expect(processed, name).toBeDefined();
      outcomes.set(name, processed && 'outcome' in processed ? processed.outcome : processed?.error);
    }
    const failed = await world.db
      .selectFrom('mail_in_messages')
      .select(['message_key', 'last_error'])
      .where('state', '=', 'failed')
      .execute();
    expect(failed).toEqual([]);
    // A sender's internationalised address (RFC 6532 headers) is a customer's like any other.
    expect(outcomes.get('utf8-headers.eml')).toMatchObject({ kind: 'opened', registered: true });
    expect(outcomes.get('nested-multipart-100.eml')).toMatchObject({ kind: 'refused', code: 'MAIL_UNREADABLE' });
    expect(outcomes.get('delivery-status-notification.eml')).toMatchObject({ kind: 'bounce' });
    const nul = outcomes.get('nul-byte.eml') as { kind: string; ticketId?: string };
    expect(nul.kind).toBe('opened');
    const [opening] = await world.store.readStream(`ticket-${nul.ticketId}`);
    expect((opening?.data as { subject?: string } | undefined)?.subject).toContain('\ufffd');
    const rows = await world.db.selectFrom('mail_in_messages').select(['state']).execute();
    expect(rows.filter((row) => row.state === 'pending')).toEqual([]);
  });
});
