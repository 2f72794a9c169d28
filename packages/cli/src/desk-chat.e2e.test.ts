import { DESK_PATH } from '@support-engine/api';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import {
  type DeskSuite,
  expectAccessible,
  keepScreenshot,
  signInHolding,
  startDeskSuite,
} from './testing/desk.fixture.js';
import { subscribeSse } from './testing/sse.fixture.js';

// A live chat from both sides: Alice (a customer) acts through the API as her app would, Ada
// works the chat console in the browser, and Linus takes the chat over. Routing is manual, so the
// chat waits in the queue until Ada accepts it (automatic routing would give it to her itself).

/** How long a change may take to reach the page (the projectors, the socket, a busy machine): a bound, not a measure. */
const LIVE = { timeout: 20_000 };

let suite: DeskSuite;

beforeAll(async () => {
  suite = await startDeskSuite('en-GB', { ROUTING_MODE: 'manual' });
});
afterAll(async () => {
  await suite?.close();
});

const ACTIVITY =
  'subscription($chatId: ID!) { chatActivity(chatId: $chatId) { signal by { role id } lastReadMessageId } }';
const MESSAGES = '{ chat(id: $id) { status ticketId messages { messageId sender body internal } } }';

interface CustomerChat {
  chat: {
    status: string;
    ticketId: string | null;
    messages: { messageId: string; sender: string; body: string; internal: boolean }[];
  } | null;
}

/** The chats page of a signed-in agent, reached from the header. */
async function openConsole(page: Page): Promise<void> {
  await page.getByRole('link', { name: 'Chats', exact: true }).click();
  await page.waitForURL(`**${DESK_PATH}/chats`);
  await page.getByRole('heading', { level: 1, name: 'Chat console' }).waitFor();
}

describe('the chat console', () => {
  it('shows a message sent while the conversation’s live updates were starting', async () => {
    const { stack } = suite;
    const customer = await stack.token('customer', 'cust-desk-window');
    const started = await mutate(
      stack.client,
      'startChat',
      { customerId: 'cust-desk-window', firstMessage: { messageId: 'window-1', body: 'Is anyone there?' } },
      { token: customer },
    );
    const { page, consoleErrors, held } = await signInHolding(suite, 'Sign in as Ada Lovelace', 'chatUpdated');
    await withScreenshotOnFailure(page, 'desk-chat-window', async () => {
      await page.goto(suite.url(`/chats?chat=${started.id}`));
      const messages = page.getByTestId('chat-messages').locator('li');
      await messages.filter({ hasText: 'Is anyone there?' }).waitFor(LIVE);
      // The conversation was read and asked for its changes; its subscription has not started.
      await expect.poll(() => held.count(started.id), LIVE).toBe(1);
      const sent = await mutate(
        stack.client,
        'sendChatMessage',
        { chatId: started.id, messageId: 'window-2', body: 'My card was charged twice.' },
        { token: customer },
      );
      await stack.client.request(
        'query($id: ID!, $t: String) { chat(id: $id, consistencyToken: $t) { id } }',
        { id: started.id, t: sent.consistencyToken },
        customer,
      );
      held.release();
      await messages.filter({ hasText: 'My card was charged twice.' }).waitFor(LIVE);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
    // Ended, so the waiting chats the next test shows (and its screenshot) are the story's.
    await mutate(stack.client, 'closeChat', { chatId: started.id }, { token: customer });
  });

  it('a live chat from both sides', async () => {
    const { stack } = suite;
    const [alice, admin, supervisor] = await Promise.all([
      stack.token('customer', 'cust-alice'),
      stack.token('admin', 'dev-admin'),
      stack.token('supervisor', 'sup-e2e'),
    ]);
    let chatId = '';
    /** The chat as Alice's app reads it. */
    const asAlice = async () =>
      (await stack.client.request<CustomerChat>(`query($id: ID!) ${MESSAGES}`, { id: chatId }, alice)).chat;
    /** A live signal of Alice's (signalChat answers a receipt, not a CommandResult). */
    const signal = (input: Record<string, unknown>) =>
      stack.client.request(
        'mutation($input: SignalChatInput!) { signalChat(input: $input) { relayed } }',
        { input },
        alice,
      );
    // Linus takes the chat over later: he must be available (the suite set him busy).
    await mutate(
      stack.client,
      'setAgentAvailability',
      { agentId: 'agent-linus', availability: 'available' },
      { token: admin },
    );

    const ada = await suite.signIn('Sign in as Ada Lovelace');
    const page = ada.page;
    await withScreenshotOnFailure(page, 'desk-chat', async () => {
      await openConsole(page);
      await expect.poll(() => page.getByLabel('My presence', { exact: true }).inputValue()).toBe('busy');
      await expect(page.getByTestId('chat-load').textContent()).resolves.toMatch(/^My chats: \d+ of 3$/);
      await expectAccessible(page);

      // Alice starts a chat; it shows up waiting without a reload (queueUpdated).
      const started = await mutate(
        stack.client,
        'startChat',
        {
          customerId: 'cust-alice',
          category: 'billing',
          firstMessage: { messageId: 'alice-1', body: 'My invoice PDF is blank.' },
        },
        { token: alice },
      );
      chatId = started.id;
      const activity = await subscribeSse(stack.engine.api.url, ACTIVITY, { chatId }, alice);
      try {
        const waiting = page.getByTestId('waiting-chats').locator(`li[data-chat-id="${chatId}"]`);
        await waiting.waitFor();
        const accept = waiting.getByRole('button', { name: 'Accept chat with Alice Martin' });

        // Busy, Ada may not take it: the refusal is a sentence, not a code.
        await accept.click();
        await page.getByRole('alert').filter({ hasText: 'Only available agents take chats' }).waitFor();
        expect(await page.locator('body').textContent()).not.toContain('AGENT_UNAVAILABLE');

        // Available (her presence, from the console), she accepts it from the keyboard.
        await page.getByLabel('My presence', { exact: true }).selectOption('available');
        await expect
          .poll(
            async () =>
              (
                await stack.client.request<{ agents: { id: string; availability: string }[] }>(
                  '{ agents { id availability } }',
                  {},
                  supervisor,
                )
              ).agents.find((agent) => agent.id === 'agent-ada')?.availability,
          )
          .toBe('available');
        await accept.focus();
        await page.keyboard.press('Enter');
        await page.waitForURL(`**${DESK_PATH}/chats?chat=${chatId}`);
        await page.getByRole('heading', { level: 2, name: 'Chat with Alice Martin' }).waitFor();
        const messages = page.getByTestId('chat-messages').locator('li');
        await messages.filter({ hasText: 'My invoice PDF is blank.' }).waitFor();
        await page
          .getByTestId('my-chats')
          .getByRole('link', { name: /Alice Martin/ })
          .waitFor();
        const load = page.getByTestId('chat-load');
        await expect.poll(() => load.textContent()).toMatch(/^My chats: [1-3] of 3$/);

        // Alice is told Ada read her message (chatActivity, her side).
        await expect
          .poll(() =>
            activity.received.some((data) => {
              const signal = data.chatActivity as { signal: string; by: { id: string }; lastReadMessageId: string };
              return signal.signal === 'read' && signal.by.id === 'agent-ada' && signal.lastReadMessageId === 'alice-1';
            }),
          )
          .toBe(true);

        // Alice types: Ada sees it; then her message arrives and the indicator goes.
        await signal({ chatId, signal: 'typing' });
        await page.getByTestId('typing').filter({ hasText: 'The customer is typing…' }).waitFor();
        await mutate(
          stack.client,
          'sendChatMessage',
          { chatId, messageId: 'alice-2', body: 'Invoice 4711, March.' },
          { token: alice },
        );
        await messages.filter({ hasText: 'Invoice 4711, March.' }).waitFor();
        await expect.poll(() => page.getByTestId('typing').textContent()).toBe('');

        // Ada replies; Alice gets it, and Ada sees Alice's read receipt on it.
        await page.getByLabel('Your reply (the customer sees it)').fill('Thanks, I am regenerating it now.');
        await expect
          .poll(() => activity.received.some((data) => (data.chatActivity as { signal: string }).signal === 'typing'))
          .toBe(true);
        await page.getByRole('button', { name: 'Send reply' }).click();
        await messages.filter({ hasText: 'Thanks, I am regenerating it now.' }).waitFor();
        let reply = '';
        await expect
          .poll(async () => {
            reply =
              (await asAlice())?.messages.find((m) => m.body === 'Thanks, I am regenerating it now.')?.messageId ?? '';
            return reply;
          })
          .not.toBe('');
        await signal({ chatId, signal: 'read', lastReadMessageId: reply });
        await page.locator(`li[data-message-id="${reply}"]`).getByTestId('read-receipt').waitFor();

        // An internal note: marked as one, and never shown to Alice.
        await page.getByLabel('Internal note', { exact: true }).check();
        await page
          .getByLabel('Your internal note (staff only, the customer never sees it)')
          .fill('Second blank PDF this week.');
        await page.getByRole('button', { name: 'Add internal note' }).click();
        const note = messages.filter({ hasText: 'Second blank PDF this week.' });
        await note.waitFor();
        expect(await note.getAttribute('class')).toContain('internal');
        await note.getByText('Internal note (staff only)').waitFor();
        expect((await asAlice())?.messages.map((m) => m.body)).not.toContain('Second blank PDF this week.');

        // Converted to a ticket: linked from the conversation.
        await page.getByRole('button', { name: 'Convert to a ticket' }).click();
        // The link says where it leads in words: the ticket's id is in its address, not its text.
        const ticketLink = page.getByRole('link', { name: 'Open the ticket', exact: true });
        await ticketLink.waitFor();
        const ticketId = (await asAlice())?.ticketId;
        expect(ticketId).toBeTruthy();
        expect(await ticketLink.getAttribute('href')).toMatch(new RegExp(`/tickets/${ticketId}$`));
        await expectAccessible(page);
        await page.evaluate(() => window.scrollTo(0, 0));
        await keepScreenshot(page, 'desk-chat');

        // Transferred to Linus, with a reason: it leaves Ada's chats and her controls go.
        await page.getByLabel('Transfer to').selectOption('agent-linus');
        await page.getByLabel('Reason for the transfer').fill('Needs the billing specialist.');
        await page.getByRole('button', { name: 'Transfer', exact: true }).click();
        await page.getByRole('status').filter({ hasText: 'Transferred to Linus Pauling.' }).waitFor();
        await expect.poll(() => page.getByRole('link', { name: /Alice Martin/ }).count()).toBe(0);
        await expect.poll(() => page.getByRole('button', { name: 'Send reply' }).count()).toBe(0);
        const { chat: held } = await stack.client.request<{ chat: { assigneeId: string } }>(
          'query($id: ID!) { chat(id: $id) { assigneeId } }',
          { id: chatId },
          supervisor,
        );
        expect(held.assigneeId).toBe('agent-linus');

        // Linus finds it among his chats and closes it.
        const linus = await suite.signIn('Sign in as Linus Pauling');
        await withScreenshotOnFailure(linus.page, 'desk-chat-linus', async () => {
          await openConsole(linus.page);
          await linus.page
            .getByTestId('my-chats')
            .getByRole('link', { name: /Alice Martin/ })
            .click();
          await linus.page.getByTestId('chat-messages').locator('li').filter({ hasText: 'Second blank PDF' }).waitFor();
          await linus.page.getByLabel('Reason for closing (optional)').fill('Followed up on the ticket.');
          await linus.page.getByRole('button', { name: 'Close the chat' }).click();
          await linus.page.getByText('This chat is closed.').waitFor();
          await expectAccessible(linus.page);
          expect(linus.consoleErrors).toEqual([]);
        });
        await linus.page.close();
        await expect.poll(async () => (await asAlice())?.status).toBe('closed');

        // Ada follows the link to the ticket the chat became.
        await ticketLink.click();
        await page.waitForURL(`**${DESK_PATH}/tickets/${ticketId}`);
        await page.locator('.timeline li').first().waitFor();
        await expectAccessible(page);
      } finally {
        activity.close();
      }
      expect(ada.consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('a chat transferred back to a queue waits there again', async () => {
    const { stack } = suite;
    const [alice, supervisor] = await Promise.all([
      stack.token('customer', 'cust-alice'),
      stack.token('supervisor', 'sup-e2e'),
    ]);
    const ada = await suite.signIn('Sign in as Ada Lovelace');
    const page = ada.page;
    await withScreenshotOnFailure(page, 'desk-chat-queue', async () => {
      await openConsole(page);
      // Available (the first test left her so), Ada takes Alice's new chat from the queue.
      const started = await mutate(stack.client, 'startChat', { customerId: 'cust-alice' }, { token: alice });
      const waiting = page.getByTestId('waiting-chats').locator(`li[data-chat-id="${started.id}"]`);
      await waiting.getByRole('button', { name: 'Accept chat with Alice Martin' }).click();
      await waiting.waitFor({ state: 'detached' });

      // The transfer offers the queues beside the agents; she sends it back to one, with a reason.
      const queue = page.getByLabel('Transfer to').locator('optgroup[label="A queue"] option').first();
      await queue.waitFor({ state: 'attached' });
      const [value, label] = [await queue.getAttribute('value'), await queue.textContent()];
      await page.getByLabel('Transfer to').selectOption(value ?? '');
      await page.getByLabel('Reason for the transfer').fill('A billing question: the billing queue answers it.');
      await page.getByRole('button', { name: 'Transfer', exact: true }).click();
      const name = (label ?? '').replace(/^Queue: /, '').trim();
      await page
        .getByRole('status')
        .filter({ hasText: `Back in the ${name} queue` })
        .waitFor();

      // It waits again, shown in the queue without a reload, with nobody holding it.
      await waiting.waitFor();
      await expectAccessible(page);
      const { chat } = await stack.client.request<{ chat: { status: string; assigneeId: string | null } }>(
        'query($id: ID!) { chat(id: $id) { status assigneeId } }',
        { id: started.id },
        supervisor,
      );
      expect(chat).toEqual({ status: 'waiting', assigneeId: null });
      expect(ada.consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('reads a chat of 130 messages back to its first by scrolling up, none twice', async () => {
    const { stack } = suite;
    const [customer, supervisor, admin] = await Promise.all([
      stack.token('customer', 'cust-long-chat'),
      stack.token('supervisor', 'sup-e2e'),
      stack.token('admin', 'dev-admin'),
    ]);
    const { id: chatId } = await mutate(
      stack.client,
      'startChat',
      { customerId: 'cust-long-chat', firstMessage: { body: 'chat message 1' } },
      { token: customer },
    );
    for (let n = 2; n <= 130; n++)
      await mutate(stack.client, 'sendChatMessage', { chatId, body: `chat message ${n}` }, { token: customer });
    // Ada takes chats only while available (the suite starts her busy; setting it again changes nothing).
    await mutate(
      stack.client,
      'setAgentAvailability',
      { agentId: 'agent-ada', availability: 'available' },
      { token: admin },
    );
    await mutate(stack.client, 'assignChat', { chatId, agentId: 'agent-ada' }, { token: supervisor });

    const ada = await suite.signIn('Sign in as Ada Lovelace');
    const page = ada.page;
    await withScreenshotOnFailure(page, 'desk-chat-long', async () => {
      await page.goto(suite.url(`/chats?chat=${chatId}`));
      const list = page.getByTestId('chat-messages');
      const shown = () =>
        list.locator('li .body').evaluateAll((bodies) => bodies.map((body) => body.textContent ?? ''));
      // The newest 100 first: messages 31 to 130.
      await expect.poll(async () => (await shown()).length, LIVE).toBe(100);
      expect((await shown())[0]).toBe('chat message 31');
      expect((await shown()).at(-1)).toBe('chat message 130');
      await page.getByRole('button', { name: 'Load earlier messages (30 more)' }).waitFor();
      await expectAccessible(page);

      // Scrolled to the top, the page before comes by itself, until the start.
      const region = page.getByRole('region', { name: /^The conversation / });
      await expect
        .poll(async () => {
          await region.evaluate((box) => {
            box.scrollTop = 0;
          });
          return page.getByText('The start of the conversation.').count();
        }, LIVE)
        .toBe(1);
      expect(await shown()).toEqual(Array.from({ length: 130 }, (_, i) => `chat message ${i + 1}`));
      await expectAccessible(page);
      expect(ada.consoleErrors).toEqual([]);
    });
    await page.close();
  });
});
