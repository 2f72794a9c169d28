import { MINUTE_MS, streamId } from '@support-engine/domain';
import { EMPTY_SLA_CONFIGURATION } from '@support-engine/domain/sla-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER, expectAtDueTimes, type Harness, instantOf, startHarness } from './harness.fixture.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  await harness.startWorker();
});

afterAll(async () => {
  await harness?.close();
});

const stream = (id: string) => streamId('chat', id);

describe('chat workflow', () => {
  it('closes a chat after 30 minutes without activity, counted from the last message', async () => {
    await harness.chat('idle', { type: 'StartChat', data: { chatId: 'idle', customerId: CUSTOMER.id } }, CUSTOMER);
    await harness.chatApplied('idle', 1);
    await harness.env.sleep(20 * MINUTE_MS);
    const data = { chatId: 'idle', messageId: 'm1', body: 'Anyone there?' };
    await harness.chat('idle', { type: 'SendChatMessage', data }, CUSTOMER);
    await harness.chatApplied('idle', 2);
    const [message] = await harness.events(stream('idle'), 'ChatMessageSent');

    // Past the close at minute 50 and the hour the closed workflow lingers before completing.
    await harness.env.sleep(2 * 60 * MINUTE_MS);

    const closed = await harness.events(stream('idle'), 'ChatClosed');
    // The message at minute 20 moved the deadline from minute 30 to minute 50.
    expectAtDueTimes(closed, [instantOf(message) + 30 * MINUTE_MS]);
    expect(closed[0]!.data).toMatchObject({ cause: 'inactivity', actor: { role: 'system' } });
    expect(closed[0]!.metadata.commandId).toBe(`chat-idle:inactivity-timeout@${message!.data.at}`);
    await harness.completed(stream('idle'));
  });

  it('closes a chat after the timeout the configuration set when it started, not the deployment’s', async () => {
    const configuration = { ...EMPTY_SLA_CONFIGURATION, chatInactivityTimeoutMs: 5 * MINUTE_MS };
    const start = { type: 'StartChat' as const, data: { chatId: 'brief', customerId: CUSTOMER.id } };
    await harness.chat('brief', start, CUSTOMER, configuration);
    await harness.chatApplied('brief', 1);
    const [started] = await harness.events(stream('brief'), 'ChatStarted');

    await harness.env.sleep(2 * 60 * MINUTE_MS);

    const closed = await harness.events(stream('brief'), 'ChatClosed');
    expectAtDueTimes(closed, [instantOf(started) + 5 * MINUTE_MS]);
    expect(closed[0]!.data).toMatchObject({ cause: 'inactivity' });
    await harness.completed(stream('brief'));
  });
});
