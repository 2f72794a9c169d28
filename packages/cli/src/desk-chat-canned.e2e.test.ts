import type { Page, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { startBrowser, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// The chat console's composer: canned replies by `/`, as on the ticket page, filled in by the API
// for the chat's customer and the agent (in English and French); and the open conversation after
// a lost connection: what was said meanwhile shows once the connection is back, once.

let suite: DeskSuite;
let tokens: { admin: string; supervisor: string };

beforeAll(async () => {
  // Manual routing: a chat goes to the agent it is given to, nobody else.
  suite = await startDeskSuite('en-GB', { ROUTING_MODE: 'manual' });
  const { stack } = suite;
  const [admin, supervisor] = await Promise.all([
    stack.token('admin', 'dev-admin'),
    stack.token('supervisor', 'sup-e2e'),
  ]);
  tokens = { admin, supervisor };
  // The demo has a greeting for chats in English and French (its standard replies name a ticket's
  // subject); one more, with the full names.
  await mutate(
    stack.client,
    'saveCannedReply',
    {
      name: 'Chat goodbye',
      locale: 'en',
      body: 'Thanks {{customer.name}}, have a good day. {{agent.name}}',
      scope: 'shared',
    },
    { token: admin },
  );
});
afterAll(async () => {
  await suite?.close();
});

/** The API's GraphQL socket, as the page opens it. */
const GRAPHQL_SOCKET = /\/graphql$/;
const LOST = 'The connection to the engine was lost';

/** A chat of a customer's (one each: the deployment allows one open chat per customer). */
interface CustomerChat {
  readonly chatId: string;
  /** The customer's token, as their app holds it. */
  readonly token: string;
}

/** A chat `customerId` starts, given to `agentId` (made available first). */
async function chatFor(customerId: string, agentId: string, firstMessage: string): Promise<CustomerChat> {
  const { client } = suite.stack;
  const token = await suite.stack.token('customer', customerId);
  await mutate(client, 'setAgentAvailability', { agentId, availability: 'available' }, { token: tokens.admin });
  const { id } = await mutate(client, 'startChat', { customerId, firstMessage: { body: firstMessage } }, { token });
  await mutate(client, 'assignChat', { chatId: id, agentId }, { token: tokens.supervisor });
  return { chatId: id, token };
}

/** The chat's messages as the customer's app reads them. */
async function customerReads({ chatId, token }: CustomerChat): Promise<string[]> {
  const { chat } = await suite.stack.client.request<{ chat: { messages: { body: string }[] } }>(
    'query($id: ID!) { chat(id: $id) { messages { body } } }',
    { id: chatId },
    token,
  );
  return chat.messages.map((message) => message.body);
}

/** The console with `chatId` open, once its first message shows. */
async function openChat(page: Page, chatId: string, heading: string, firstMessage: string) {
  await page.goto(suite.url(`/chats?chat=${chatId}`));
  await page.getByRole('heading', { level: 2, name: heading }).waitFor();
  await page.getByTestId('chat-messages').locator('li').filter({ hasText: firstMessage }).waitFor();
}

describe("the chat console's composer and connection", () => {
  it('inserts a canned reply typed with /, filled in for the chat’s customer and agent, from the keyboard', async () => {
    const alice = await chatFor('cust-alice', 'agent-ada', 'Where is my parcel?');
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-chat-canned', async () => {
      await openChat(page, alice.chatId, 'Chat with Alice Martin', 'Where is my parcel?');
      const box = page.getByLabel('Your reply (the customer sees it)');
      await box.focus();
      await page.keyboard.type('/');
      const list = page.getByRole('listbox', { name: 'Canned replies' });
      await list.getByRole('option').first().waitFor();
      // The box drives the list: assistive technology is told which option is chosen.
      expect(await box.getAttribute('aria-controls')).toBe(await list.getAttribute('id'));
      await expectAccessible(page);

      // Words narrow it by name; the arrows move; Enter puts the reply, filled in for this chat.
      await page.keyboard.type('chat');
      await expect
        .poll(() => list.getByRole('option').allTextContents())
        .toEqual([
          expect.stringContaining('Accueil du chat'),
          expect.stringContaining('Chat goodbye'),
          expect.stringContaining('Chat greeting'),
        ]);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const chosen = list.getByRole('option').nth(2);
      expect(await chosen.getAttribute('aria-selected')).toBe('true');
      expect(await box.getAttribute('aria-activedescendant')).toBe(await chosen.getAttribute('id'));
      await list.scrollIntoViewIfNeeded();
      await keepScreenshot(page, 'desk-chat-canned');
      // Frames come late, as on a busy machine: the caret is in place before the next keystroke
      // all the same (placed a frame later, it jumped back before what was typed meanwhile).
      await page.evaluate(() => {
        window.requestAnimationFrame = (callback) => window.setTimeout(() => callback(performance.now()), 300);
      });
      await page.keyboard.press('Enter');
      await list.waitFor({ state: 'detached' });
      await expect.poll(() => box.inputValue()).toBe('Hi Alice, Ada here: how can I help?');

      // More text after it, typed at a person's pace, then a second reply by its name, in place
      // of its search.
      await page.keyboard.type(' /goodbye', { delay: 80 });
      await list.getByRole('option').filter({ hasText: 'Chat goodbye' }).waitFor();
      await page.keyboard.press('Tab');
      await expect
        .poll(() => box.inputValue())
        .toBe('Hi Alice, Ada here: how can I help? Thanks Alice Martin, have a good day. Ada Lovelace');
      await page.getByRole('button', { name: 'Send reply' }).click();
      await expect.poll(() => box.inputValue()).toBe('');
      await expect
        .poll(() => customerReads(alice))
        .toContain('Hi Alice, Ada here: how can I help? Thanks Alice Martin, have a good day. Ada Lovelace');

      // A standard reply names the ticket's subject, which a chat has not: not offered here (the
      // API's usableInChat, the domain's rule), and the list says why nothing matches.
      await box.focus();
      await page.keyboard.type('/request info');
      await page
        .getByText(
          'No canned reply a chat can fill matches “request info” (replies naming the ticket are offered on tickets only).',
        )
        .waitFor();
      expect(await list.count()).toBe(0);
      expect(await page.getByRole('option').filter({ hasText: 'Request for information' }).count()).toBe(0);

      // Escape closes the list and leaves the text.
      for (const _ of 'request info') await page.keyboard.press('Backspace');
      await page.keyboard.type('greet');
      await list.getByRole('option').filter({ hasText: 'Chat greeting' }).waitFor();
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'detached' });
      expect(await box.inputValue()).toBe('/greet');
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('offers the canned replies in French, filled in for the chat, and says in French what it does not offer', async () => {
    const bob = await chatFor('cust-bob', 'agent-ada', 'Mon colis n’est pas arrivé.');
    const french = await startBrowser('fr-FR');
    try {
      const { page, consoleErrors } = await suite.signIn('Se connecter en tant que Ada Lovelace', undefined, french);
      await withScreenshotOnFailure(page, 'desk-chat-canned-fr', async () => {
        await openChat(page, bob.chatId, 'Chat avec Bob Keller', 'Mon colis n’est pas arrivé.');
        const box = page.getByLabel('Votre réponse (le client la voit)');
        await box.focus();
        await page.keyboard.type('/accueil');
        const list = page.getByRole('listbox', { name: 'Réponses types' });
        await expect
          .poll(() => list.getByRole('option').allTextContents())
          .toEqual([expect.stringContaining('Accueil du chat')]);
        await expectAccessible(page);
        await page.keyboard.press('Enter');
        await expect.poll(() => box.inputValue()).toBe('Bonjour Bob, ici Ada : que puis-je pour vous ?');

        // Nothing matches: said so; the standard replies (they name the ticket) are not offered in a chat.
        await page.keyboard.type(' /zzz');
        await list.waitFor({ state: 'detached' });
        await page
          .getByText(
            'Aucune réponse type utilisable dans un chat ne correspond à « zzz » (celles qui citent le ticket ne sont proposées que sur les tickets).',
          )
          .waitFor();
        for (const _ of 'zzz') await page.keyboard.press('Backspace');
        await page.keyboard.type('demande');
        await page
          .getByText('Aucune réponse type utilisable dans un chat ne correspond à « demande »', { exact: false })
          .waitFor();
        expect(await page.getByRole('option').filter({ hasText: 'Demande' }).count()).toBe(0);
        await expectAccessible(page);
        expect(consoleErrors).toEqual([]);
      });
      await page.close();
    } finally {
      await french.close();
    }
  });

  it('shows a message said while the connection was lost once it is back, once', async () => {
    const dan = await chatFor('cust-dan', 'agent-linus', 'My screen flickers.');
    let blocked = false;
    const open: WebSocketRoute[] = [];
    let subscribed = 0;
    const { page, consoleErrors } = await suite.signIn('Sign in as Linus Pauling', async (page) => {
      await page.routeWebSocket(GRAPHQL_SOCKET, (socket) => {
        // While the network is down, every attempt fails at once.
        if (blocked) return void socket.close({ code: 1006, reason: 'Network down' });
        const server = socket.connectToServer();
        socket.onMessage((message) => {
          if (typeof message === 'string' && message.includes('chatUpdated')) subscribed++;
          server.send(message);
        });
        open.push(socket);
      });
    });
    await withScreenshotOnFailure(page, 'desk-chat-connection', async () => {
      await openChat(page, dan.chatId, 'Chat with Dan Okafor', 'My screen flickers.');
      await expect.poll(() => subscribed, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      const messages = page.getByTestId('chat-messages').locator('li');

      // The socket drops and cannot be opened again yet; meanwhile Alice writes.
      blocked = true;
      await open.at(-1)!.close({ code: 1012, reason: 'Service restart' });
      const lost = page.getByRole('status').getByText(LOST);
      await lost.waitFor({ timeout: 10_000 });
      await mutate(
        suite.stack.client,
        'sendChatMessage',
        { chatId: dan.chatId, body: 'It started after the update.' },
        { token: dan.token },
      );
      await expect.poll(() => customerReads(dan)).toContain('It started after the update.');
      // Nothing reached the page.
      expect(await messages.filter({ hasText: 'It started after the update.' }).count()).toBe(0);

      // The network is back: the page connects again and shows it, once.
      blocked = false;
      await lost.waitFor({ state: 'detached', timeout: 20_000 });
      const said = messages.filter({ hasText: 'It started after the update.' });
      await said.waitFor({ timeout: 15_000 });

      // And it is live again: the next message shows without a reload, and none twice.
      await mutate(
        suite.stack.client,
        'sendChatMessage',
        { chatId: dan.chatId, body: 'Now it is black.' },
        { token: dan.token },
      );
      await messages.filter({ hasText: 'Now it is black.' }).waitFor({ timeout: 15_000 });
      expect(await said.count()).toBe(1);
      expect(await messages.allTextContents()).toHaveLength(3);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});
