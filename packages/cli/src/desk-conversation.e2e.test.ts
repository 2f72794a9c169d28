import { DESK_PATH } from '@support-engine/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// Long conversations and the chat composer: a ticket of 130 messages read back to its first while
// the customer writes, a chat's file sent from the console, and the waiting chats named. Routing
// is manual, so a chat waits in the queue until Ada accepts it.

/** How long a change may take to reach the page (the projectors, the socket, a busy machine): a bound, not a measure. */
const LIVE = { timeout: 20_000 };

let suite: DeskSuite;

beforeAll(async () => {
  suite = await startDeskSuite('en-GB', { ROUTING_MODE: 'manual' });
});
afterAll(async () => {
  await suite?.close();
});

/** The bodies of the messages the ticket page's timeline shows, in order. */
const shownMessages = (page: Page) =>
  page.locator('.timeline li.message .body').evaluateAll((bodies) => bodies.map((body) => body.textContent ?? ''));

describe('long conversations', () => {
  it('reads a ticket of 130 messages back to its first, a message arriving live meanwhile shown once', async () => {
    const { stack } = suite;
    const customer = await stack.token('customer', 'cust-long-thread');
    const opened = await mutate(
      stack.client,
      'openTicket',
      { customerId: 'cust-long-thread', subject: 'A long thread', description: 'message 1', channel: 'web' },
      { token: customer },
    );
    const reply = (n: number) =>
      mutate(stack.client, 'customerReply', { ticketId: opened.id, body: `message ${n}` }, { token: customer });
    for (let n = 2; n <= 130; n++) await reply(n);

    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-conversation-ticket', async () => {
      await page.goto(suite.url(`/tickets/${opened.id}`));
      await page.getByRole('heading', { level: 1, name: 'A long thread' }).waitFor();
      // The newest 100 first: message 31 to 130, and the way to the 30 before them.
      await expect.poll(() => shownMessages(page), LIVE).toHaveLength(100);
      const newest = await shownMessages(page);
      expect(newest[0]).toBe('message 31');
      expect(newest.at(-1)).toBe('message 130');
      const earlier = page.getByRole('button', { name: 'Load earlier messages (30 more)' });
      await earlier.waitFor();
      await expectAccessible(page);

      // The customer writes while Ada reads back: the new message comes live, once.
      await reply(131);
      await expect.poll(async () => (await shownMessages(page)).at(-1), LIVE).toBe('message 131');
      await earlier.focus();
      await page.keyboard.press('Enter');
      await page.getByText('The start of the conversation.').waitFor(LIVE);
      const all = await shownMessages(page);
      expect(all).toEqual(Array.from({ length: 131 }, (_, i) => `message ${i + 1}`));
      await expectAccessible(page);

      // The customer card is live: a profile given by a supervisor shows without a reload.
      const supervisor = await stack.token('supervisor', 'sup-e2e');
      await mutate(
        stack.client,
        'registerCustomer',
        { customerId: 'cust-long-thread', name: 'Lena Long', plan: 'Enterprise' },
        { token: supervisor },
      );
      const card = page.locator('aside');
      await card.getByText('Lena Long').waitFor(LIVE);
      await card.getByText('Enterprise').waitFor(LIVE);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('names the waiting chats, and sends a file in a chat from the console', async () => {
    const { stack } = suite;
    const [alice, admin] = await Promise.all([
      stack.token('customer', 'cust-alice'),
      stack.token('admin', 'dev-admin'),
    ]);
    await mutate(
      stack.client,
      'setAgentAvailability',
      { agentId: 'agent-ada', availability: 'available' },
      { token: admin },
    );
    const started = await mutate(
      stack.client,
      'startChat',
      { customerId: 'cust-alice', firstMessage: { body: 'Which form do I fill in?' } },
      { token: alice },
    );
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-conversation-chat', async () => {
      await page.getByRole('link', { name: 'Chats', exact: true }).click();
      await page.waitForURL(`**${DESK_PATH}/chats`);
      // The queue says who waits: Alice's name, not her id.
      const waiting = page.getByTestId('waiting-chats').locator(`li[data-chat-id="${started.id}"]`);
      await waiting.filter({ hasText: 'Alice Martin' }).waitFor(LIVE);
      expect(await waiting.textContent()).not.toContain('cust-alice');
      await expectAccessible(page);
      await waiting.getByRole('button', { name: 'Accept chat with Alice Martin' }).click();
      await page.getByRole('heading', { level: 2, name: 'Chat with Alice Martin' }).waitFor(LIVE);

      // A file, uploaded with the ticket composer's checks, goes with the reply.
      await page.locator('form.composer input[type=file]').setInputFiles({
        name: 'form.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('Form B-12: fill in boxes 1 to 4.\n'),
      });
      await page.getByRole('button', { name: 'Remove form.txt' }).waitFor(LIVE);
      await page.locator('form.composer textarea').fill('Here is the form.');
      await page.locator('form.composer').getByRole('button', { name: 'Send reply' }).click();
      const sent = page.getByTestId('chat-messages').locator('li', { hasText: 'Here is the form.' });
      await sent.getByRole('link', { name: /^Download form\.txt/ }).waitFor(LIVE);
      await expectAccessible(page);

      // Alice reads the reply and its file through the API.
      const seen = await stack.client.request<{
        chat: { messages: { body: string; attachments: { fileName: string }[] }[] };
      }>('query($id: ID!) { chat(id: $id) { messages { body attachments { fileName } } } }', { id: started.id }, alice);
      expect(seen.chat.messages.at(-1)).toEqual({ body: 'Here is the form.', attachments: [{ fileName: 'form.txt' }] });
      await keepScreenshot(page, 'desk-conversation');
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});
