import { createHmac } from 'node:crypto';
import { DESK_PATH } from '@support-engine/api';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORDS as FRAME_WORDS } from '../../widget/src/lib/words.js';
import { WORDS as LOADER_WORDS } from '../../widget/src/loader/words.js';
import type { RunningDemoSite } from './dev/site.js';
import { mutate } from './graphql-client.js';
import { startBrowser, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, holdSubscriptions, keepScreenshot } from './testing/desk.fixture.js';
import {
  chatAcceptedByAda,
  frameOf,
  WIDGET_E2E_KEY as KEY,
  LAUNCHER,
  openShop as openPage,
  startWidgetSuite,
  type WidgetSuite,
  widgetFrame,
} from './testing/widget.fixture.js';

// The chat widget as a site embeds it: the demo host page ("Acme shop") on an origin of its own
// loads the engine's loader with a widget key registered for that origin; a visitor chats with
// Ada working the desk in the same browser. Another origin, not registered, gets nothing.

let widget: WidgetSuite;
let suite: DeskSuite;
let shop: RunningDemoSite;
let elsewhere: RunningDemoSite;
let admin: string;
let supervisor: string;

beforeAll(async () => {
  widget = await startWidgetSuite();
  ({ suite, shop, elsewhere, admin, supervisor } = widget);
});
afterAll(async () => widget?.close());

const openShop = (page: Page, url = shop.url) => openPage(page, url);
const setAvailability = (agentId: string, availability: 'available' | 'busy') =>
  widget.setAvailability(agentId, availability);

/** Opens the widget on `page` and starts a chat about billing as a new visitor; answers its frame. */
async function startBillingChat(page: Page, name: string, email: string, message: string) {
  await page.getByRole('button', { name: LAUNCHER }).click();
  const frame = widgetFrame(page);
  await frame.getByLabel('Your name').fill(name);
  await frame.getByLabel('Your email').fill(email);
  await frame.getByLabel('Topic').selectOption('billing');
  await frame.getByLabel('Your message').fill(message);
  await frame.getByRole('button', { name: 'Start the chat' }).click();
  return frame;
}

describe('the chat widget on a site', () => {
  it('offline (nobody available): the form opens a ticket and says when it will be answered, keyboard only', async () => {
    const page = await suite.browser.context.newPage();
    const errors = await openShop(page);
    await withScreenshotOnFailure(page, 'widget-offline', async () => {
      // Nothing but the launcher until it is opened: no frame on the page yet.
      const launcher = page.getByRole('button', { name: LAUNCHER });
      await launcher.waitFor();
      expect(await page.locator('iframe').count()).toBe(0);
      await expectAccessible(page);
      // Keyboard only: the launcher is the page's first stop.
      await page.keyboard.press('Tab');
      await expect.poll(() => launcher.evaluate((button) => button.matches(':focus'))).toBe(true);
      await page.keyboard.press('Enter');
      const frame = widgetFrame(page);
      await frame.getByText('Nobody can chat right now.').waitFor();
      await frame.getByText(/^Expected answer: /).waitFor();
      await expectAccessible(await frameOf(page));
      await frame.getByLabel('Your name').focus();
      await page.keyboard.type('Olga Offline');
      await page.keyboard.press('Tab');
      await page.keyboard.type('olga@example.com');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.type('Broken kettle');
      await page.keyboard.press('Tab');
      await page.keyboard.type('The lid does not close.');
      await frame.getByRole('button', { name: 'Send the message' }).focus();
      await page.keyboard.press('Enter');
      const opened = frame.getByRole('status').filter({ hasText: /^Your request .+ is open/ });
      await opened.waitFor();
      const ticketId = /Your request (\S+) is open/.exec((await opened.textContent()) ?? '')?.[1];
      // The tickets read model has it a moment after the command.
      const ticket = async () =>
        (
          await suite.stack.client.request<{
            ticket: { subject: string; category: string | null; channel: string } | null;
          }>('query($id: ID!) { ticket(id: $id) { subject category channel } }', { id: ticketId }, supervisor)
        ).ticket;
      await expect.poll(ticket).toEqual({ subject: 'Broken kettle', category: 'billing', channel: 'web' });
      // Escape closes it again, and the focus is back on the launcher.
      await page.keyboard.press('Escape');
      await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a visitor chats with Ada working the desk: typing, read receipts, the rating at the end', async () => {
    await setAvailability('agent-ada', 'available');
    const ada = await suite.signIn('Sign in as Ada Lovelace');
    const visitor = await suite.browser.context.newPage();
    const errors = await openShop(visitor);
    await withScreenshotOnFailure(visitor, 'widget-chat', async () => {
      const frame = await startBillingChat(visitor, 'Vera Visitor', 'vera@example.com', 'Where is my <b>order</b>?');
      // Escaped text, never HTML.
      await frame.getByText('Where is my <b>order</b>?').waitFor();
      await frame.getByText('Waiting for an agent…').waitFor();
      // Her place in line and the estimated wait, as the API's queue has them (the demo has a chat waiting already).
      const placeOfVera = async () => {
        const { chatQueue } = await suite.stack.client.request<{
          chatQueue: { position: number; estimatedWaitMs: number | null; customer: { name: string } | null }[];
        }>('{ chatQueue { position estimatedWaitMs customer { name } } }', {}, supervisor);
        const entry = chatQueue.find((each) => each.customer?.name === 'Vera Visitor');
        if (!entry) return 'not in the queue';
        const minutes = Math.ceil((entry.estimatedWaitMs ?? 0) / 60_000);
        const wait =
          entry.estimatedWaitMs === null
            ? ''
            : entry.estimatedWaitMs < 60_000
              ? ' Expected wait: less than a minute.'
              : ` Expected wait: about ${minutes} minute${minutes === 1 ? '' : 's'}.`;
        const place = entry.position === 1 ? 'You are next in line.' : `You are number ${entry.position} in line.`;
        return `Waiting for an agent… ${place}${wait}`;
      };
      const statusLine = async () => (await frame.locator('p.status').textContent())?.replace(/\s+/g, ' ').trim();
      await expect.poll(async () => (await statusLine()) === (await placeOfVera()), { timeout: 15_000 }).toBe(true);
      expect(await statusLine()).toMatch(/^Waiting for an agent… You are number \d+ in line\./);
      // The chats ahead of hers end (the demo's waiting one): she moves up without a reload.
      const { chatQueue } = await suite.stack.client.request<{
        chatQueue: { chatId: string; position: number; customer: { name: string } | null }[];
      }>('{ chatQueue { chatId position customer { name } } }', {}, supervisor);
      const hers = chatQueue.find((each) => each.customer?.name === 'Vera Visitor')!;
      for (const ahead of chatQueue.filter((each) => each.position < hers.position))
        await mutate(suite.stack.client, 'closeChat', { chatId: ahead.chatId }, { token: supervisor });
      await frame.getByText('You are next in line.').waitFor({ timeout: 15_000 });

      const desk = ada.page;
      await desk.getByRole('link', { name: 'Chats', exact: true }).click();
      await desk.waitForURL(`**${DESK_PATH}/chats`);
      const waiting = desk.getByTestId('waiting-chats').locator('li').filter({ hasText: 'Vera Visitor' });
      await waiting.getByRole('button', { name: /^Accept chat with Vera Visitor/ }).click();
      await desk.getByRole('heading', { level: 2, name: 'Chat with Vera Visitor' }).waitFor();
      const deskMessages = desk.getByTestId('chat-messages').locator('li');
      await deskMessages.filter({ hasText: 'Where is my <b>order</b>?' }).waitFor();

      // Ada types: the visitor sees it; her reply arrives; the visitor, with the widget open, read it.
      await desk.getByLabel('Your reply (the customer sees it)').fill('Let me look it up.');
      await frame.getByText(/is typing…$/).waitFor();
      await desk.getByRole('button', { name: 'Send reply' }).click();
      await frame.getByText('Let me look it up.').waitFor();
      const reply = deskMessages.filter({ hasText: 'Let me look it up.' });
      await reply.getByTestId('read-receipt').waitFor();

      // The visitor answers; Ada has it, and the visitor sees she read it.
      await frame.getByLabel('Your message').fill('Order 1234, thanks.');
      await frame.getByRole('button', { name: 'Send', exact: true }).click();
      await deskMessages.filter({ hasText: 'Order 1234, thanks.' }).waitFor();
      await frame.locator('li', { hasText: 'Order 1234, thanks.' }).getByText('Read').waitFor();
      await expectAccessible(await frameOf(visitor));
      await keepScreenshot(visitor, 'widget');

      // Closed with the widget shut: the badge and the page's title count Ada's message.
      await visitor.getByRole('button', { name: 'Close the chat with support' }).click();
      await desk.getByLabel('Your reply (the customer sees it)').fill('It ships tomorrow.');
      await desk.getByRole('button', { name: 'Send reply' }).click();
      await visitor.getByRole('button', { name: /^Open the chat with support \(1 unread message\)$/ }).waitFor();
      await expect.poll(() => visitor.title()).toBe('(1) Acme shop');
      await visitor.getByRole('button', { name: /^Open the chat with support/ }).click();
      await expect.poll(() => visitor.title()).toBe('Acme shop');

      // Ada ends the chat: the visitor rates it.
      await desk.getByRole('button', { name: 'Close the chat' }).click();
      await frame.getByText('The chat has ended.').waitFor();
      await frame.getByLabel('5 out of 5').check();
      await frame.getByLabel('A comment (optional)').fill('Quick and kind.');
      await frame.getByRole('button', { name: 'Send the rating' }).click();
      await frame.getByText('Thank you for your rating.').waitFor();
      await expectAccessible(await frameOf(visitor));
      // The rating is in the chat's stream; the chats read model shows it once the projector caught up.
      const ratingOfVera = async () => {
        const { chats } = await suite.stack.client.request<{
          chats: { customer: { name: string } | null; csat: { score: number; comment: string } | null }[];
        }>('{ chats(status: ["closed"]) { customer { name } csat { score comment } } }', {}, supervisor);
        return chats.find((chat) => chat.customer?.name === 'Vera Visitor')?.csat ?? null;
      };
      await expect.poll(ratingOfVera, { timeout: 15_000 }).toEqual({ score: 5, comment: 'Quick and kind.' });
    });
    expect(errors).toEqual([]);
    expect(ada.consoleErrors).toEqual([]);
    await visitor.close();
    await ada.page.close();
  });

  it('lets a visitor left waiting with nobody to answer leave a message instead: a ticket of what they wrote, the chat closed', async () => {
    await setAvailability('agent-ada', 'available');
    const visitor = await suite.browser.context.newPage();
    const errors = await openShop(visitor);
    await withScreenshotOnFailure(visitor, 'widget-leave-message', async () => {
      const frame = await startBillingChat(
        visitor,
        'Wanda Waiting',
        'wanda@example.com',
        'My invoice shows the wrong address.',
      );
      await frame.getByText('Waiting for an agent…').waitFor();
      const leave = frame.getByRole('button', { name: 'Leave a message instead: we will answer by email' });
      // Someone could still take it: no such offer yet.
      await frame.getByText(/You are (next|number \d+) in line\./).waitFor();
      expect(await leave.count()).toBe(0);
      await frame.getByLabel('Your message').fill('It should be 12 Rue Lafayette.');
      await frame.getByRole('button', { name: 'Send', exact: true }).click();
      await frame.getByText('It should be 12 Rue Lafayette.').waitFor();

      // Ada steps away: nobody can answer, and the visitor is offered to stop waiting.
      await setAvailability('agent-ada', 'busy');
      await frame.getByText('Nobody can answer right now.').waitFor({ timeout: 15_000 });
      await expectAccessible(await frameOf(visitor));
      await leave.click();
      const opened = frame.getByText(/^Your request (.+) is open\. We will answer by email\.$/);
      await opened.waitFor();
      const ticketId = /^Your request (.+) is open/.exec((await opened.textContent()) ?? '')?.[1] ?? '';
      // The tickets read model shows it once its projection caught up.
      const ticketOf = async () =>
        (
          await suite.stack.client.request<{
            ticket: { subject: string; category: string | null; channel: string; messages: { body: string }[] } | null;
          }>(
            'query($id: ID!) { ticket(id: $id) { subject category channel messages { body } } }',
            { id: ticketId },
            supervisor,
          )
        ).ticket;
      await expect.poll(ticketOf, { timeout: 15_000 }).toEqual({
        subject: 'My invoice shows the wrong address.',
        category: 'billing',
        channel: 'web',
        messages: [{ body: 'My invoice shows the wrong address.\n\nIt should be 12 Rue Lafayette.' }],
      });
      // The chat is closed.
      const chatOf = async () => {
        const { chats } = await suite.stack.client.request<{
          chats: { status: string; customer: { name: string } | null }[];
        }>('{ chats(status: ["closed"]) { status customer { name } } }', {}, supervisor);
        return chats.some((chat) => chat.customer?.name === 'Wanda Waiting');
      };
      await expect.poll(chatOf, { timeout: 15_000 }).toBe(true);
      await frame.getByRole('button', { name: 'Start a new chat' }).waitFor();
    });
    expect(errors).toEqual([]);
    await visitor.close();
  });

  it('shows an answer sent while the conversation’s live updates were starting', async () => {
    await setAvailability('agent-ada', 'available');
    const ada = await suite.signIn('Sign in as Ada Lovelace');
    const visitor = await suite.browser.context.newPage();
    // The widget's chat subscriptions reach the API only when let through: a socket slow to start them.
    const held = await holdSubscriptions(visitor, 'chatUpdated');
    const errors = await openShop(visitor);
    await withScreenshotOnFailure(visitor, 'widget-chat-window', async () => {
      const frame = await chatAcceptedByAda(visitor, ada.page, {
        name: 'Wanda Window',
        email: 'wanda@example.com',
        message: 'Hello, anyone?',
      });
      // The conversation was read and asked for its changes; its subscription has not started.
      await expect.poll(() => held.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
      await ada.page.getByLabel('Your reply (the customer sees it)').fill('Here to help.');
      await ada.page.getByRole('button', { name: 'Send reply' }).click();
      await ada.page.getByTestId('chat-messages').locator('li').filter({ hasText: 'Here to help.' }).waitFor();
      held.release();
      await frame.getByText('Here to help.').waitFor({ timeout: 20_000 });
      // Ended, so Ada's capacity is the next tests' as before.
      await ada.page.getByRole('button', { name: 'Close the chat' }).click();
      await frame.getByText('The chat has ended.').waitFor();
    });
    expect(errors).toEqual([]);
    expect(ada.consoleErrors).toEqual([]);
    await visitor.close();
    await ada.page.close();
  });

  it('an identified user of the site finds their chat again on another device', async () => {
    const { widgetIdentitySecret } = await suite.stack.client.request<{ widgetIdentitySecret: string }>(
      'query($key: String!) { widgetIdentitySecret(widgetKey: $key) }',
      { key: KEY },
      admin,
    );
    const user = { userId: 'acme-42', email: 'ian@example.com', name: 'Ian Identified' };
    // What the site's server computes and puts in its page: never the secret itself.
    const identity = {
      ...user,
      hash: createHmac('sha256', widgetIdentitySecret).update(`${user.userId}\n${user.email}`).digest('hex'),
    };
    const identify = (page: Page) =>
      page.evaluate((value) => {
        (window as unknown as { SupportWidget: { identify(v: unknown): void } }).SupportWidget.identify(value);
      }, identity);

    const laptop = await suite.browser.context.newPage();
    await openShop(laptop);
    await identify(laptop);
    await laptop.getByRole('button', { name: LAUNCHER }).click();
    const first = widgetFrame(laptop);
    await expect.poll(() => first.getByLabel('Your name').inputValue()).toBe('Ian Identified');
    await first.getByLabel('Your message').fill('Can I change my delivery address?');
    await first.getByRole('button', { name: 'Start the chat' }).click();
    await first.getByText('Can I change my delivery address?').waitFor();
    expect(await laptop.content()).not.toContain(widgetIdentitySecret);

    const phone = await startBrowser('en-GB');
    try {
      const page = await phone.context.newPage();
      await openShop(page);
      await identify(page);
      await page.getByRole('button', { name: LAUNCHER }).click();
      await widgetFrame(page).getByText('Can I change my delivery address?').waitFor();
      // Nothing of the session is kept where other pages of the site could read it.
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
    } finally {
      await phone.close();
    }
    await laptop.close();
  });

  it('an origin the key does not list gets no launcher, and the frame refuses to be framed there', async () => {
    const page = await suite.browser.context.newPage();
    // The loader asked for the key's configuration, and the browser refused it the answer.
    let asked = false;
    const configuration = (request: { url(): string }) => {
      if (request.url().includes('/widget/v1/config')) asked = true;
    };
    page.on('requestfailed', configuration);
    page.on('requestfinished', configuration);
    const errors = await openShop(page, elsewhere.url);
    await expect.poll(() => asked).toBe(true);
    expect(await page.locator('[data-support-widget]').count()).toBe(0);
    const refused = await page.request.get(`${suite.stack.engine.api.url}/widget/v1/config?key=${KEY}`, {
      headers: { origin: elsewhere.url },
    });
    expect(refused.status()).toBe(403);
    expect(refused.headers()['access-control-allow-origin']).toBeUndefined();
    // Framed there anyway (the page makes the frame itself): the browser refuses to show it.
    const frameUrl = `${suite.stack.engine.api.url}/widget?key=${KEY}&lang=en`;
    const answer = await page.request.get(frameUrl);
    expect(answer.headers()['content-security-policy']).toBe(`frame-ancestors ${shop.url}`);
    await page.evaluate((src) => {
      const frame = document.createElement('iframe');
      frame.src = src;
      document.body.append(frame);
    }, frameUrl);
    await expect.poll(() => errors.some((error) => error.includes('frame-ancestors'))).toBe(true);
    await page.close();
  });

  it('in a French browser: the launcher, the offline form and its confirmation in French, nothing left in English', async () => {
    await setAvailability('agent-ada', 'busy');
    const [fr, en] = [FRAME_WORDS.fr, FRAME_WORDS.en];
    // A catalogue entry as it reads on the screen: a sentence with arguments by its longest fixed part.
    const fixed = (word: string | ((...args: string[]) => string)) =>
      typeof word === 'string'
        ? word
        : word('\u0000', '\u0000')
            .split('\u0000')
            .map((part) => part.trim())
            .reduce((longest, part) => (part.length > longest.length ? part : longest), '');
    // The English of every entry French says otherwise: none of it may be on the screen.
    const englishOf = (english: Record<string, unknown>, french: Record<string, unknown>) =>
      Object.keys(english)
        .map((key) => [fixed(english[key] as string), fixed(french[key] as string)])
        .filter(([inEnglish, inFrench]) => inEnglish !== inFrench)
        .map(([inEnglish]) => inEnglish as string);
    // What a visitor sees or hears: the text, the accessible names and titles.
    const noEnglish = async (where: Page | Frame, english: string[]) => {
      const shown = await where.evaluate(() =>
        [
          document.title,
          document.body.innerText,
          ...[...document.querySelectorAll('[aria-label], [title]')].flatMap((each) => [
            each.getAttribute('aria-label') ?? '',
            each.getAttribute('title') ?? '',
          ]),
        ].join('\n'),
      );
      expect(english.filter((sentence) => shown.includes(sentence))).toEqual([]);
    };
    const french = await startBrowser('fr-FR');
    try {
      const page = await french.context.newPage();
      const errors = await openShop(page);
      await withScreenshotOnFailure(page, 'widget-offline-fr', async () => {
        await page.getByRole('button', { name: LOADER_WORDS.fr.open }).click();
        // Open, the launcher says (in French) that it closes the chat.
        const launcher = page.getByRole('button', { name: LOADER_WORDS.fr.close });
        await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('true');
        const frame = widgetFrame(page, 'fr');
        await frame.getByText(fr.offline).waitFor();
        await frame.getByText(fr.expected('').replace(/\.$/, '')).waitFor();
        await frame.getByRole('button', { name: fr.close }).waitFor();
        const inFrame = await frameOf(page, 'fr');
        await noEnglish(page, englishOf(LOADER_WORDS.en, LOADER_WORDS.fr));
        await noEnglish(inFrame, englishOf(en, fr));
        await expectAccessible(inFrame);
        await frame.getByLabel(fr.name).fill('Françoise Hors-ligne');
        await frame.getByLabel(fr.email).fill('francoise@example.com');
        expect(await frame.getByLabel(fr.topic).locator('option:checked').textContent()).toBe('Facturation');
        await frame.getByLabel(fr.subject).fill('Bouilloire en panne');
        await frame.getByLabel(fr.message).fill('Le couvercle ne ferme pas.');
        await frame.getByRole('button', { name: fr.sendTicket }).click();
        const [before, after] = fr.ticketOpened('\u0000').split('\u0000') as [string, string];
        const opened = frame.getByRole('status').filter({ hasText: before });
        await opened.waitFor();
        const confirmation = (await opened.textContent()) ?? '';
        const ticketId = confirmation.slice(before.length, confirmation.length - after.length);
        expect(confirmation).toBe(fr.ticketOpened(ticketId));
        await frame.getByText(fr.expected('').replace(/\.$/, '')).waitFor();
        await noEnglish(inFrame, englishOf(en, fr));
        await expectAccessible(inFrame);
        await launcher.click();
        await page.getByRole('button', { name: LOADER_WORDS.fr.open }).waitFor();
      });
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await french.close();
    }
  });
});
