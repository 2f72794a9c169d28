import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CommandResult, mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import {
  type DeskSuite,
  expectAccessible,
  keepScreenshot,
  signInHolding,
  startDeskSuite,
} from './testing/desk.fixture.js';
import type { E2eStack } from './testing/stack.fixture.js';

// The ticket page as agents work in it: the support guide's three reference scenarios
// (docs/domain.md#reference-scenarios) walked through the desk while the customer acts through the
// API and time is skipped for the automation; two agents seeing each other's changes live; a note
// that cannot go to the customer by mistake; `/` canned replies; `#` help-article links; a dropped
// file in the timeline.

const HELP_CENTER_ARTICLE_URL = 'https://help.example.com/{locale}/articles/{articleId}';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How long a change may take to reach the page (the projectors, the socket, a busy machine): a bound, not a measure. */
const LIVE = { timeout: 20_000 };

let suite: DeskSuite;
let stack: E2eStack;

beforeAll(async () => {
  // The help center's address: the composer links articles there.
  suite = await startDeskSuite('en-GB', {}, { HELP_CENTER_ARTICLE_URL });
  ({ stack } = suite);
});
afterAll(async () => {
  await suite?.close();
});

interface TicketView {
  readonly status: string;
  readonly version: number;
  readonly messages: readonly { readonly body: string; readonly internal: boolean }[];
}

/** The ticket as the API shows staff, once the read models hold `after` if given. */
async function ticket(id: string, after?: CommandResult): Promise<TicketView> {
  const supervisor = await stack.token('supervisor', 'sup-e2e');
  const data = await stack.client.request<{ ticket: TicketView }>(
    'query($id: ID!, $token: String) { ticket(id: $id, consistencyToken: $token) { status version messages { body internal } } }',
    { id, token: after?.consistencyToken ?? null },
    supervisor,
  );
  return data.ticket;
}

/** A customer opens a ticket through the API; it is in the read models when this returns. */
async function customerOpens(customerId: string, subject: string) {
  const token = await stack.token('customer', customerId);
  const opened = await mutate(
    stack.client,
    'openTicket',
    { customerId, subject, description: `About: ${subject}`, channel: 'web' },
    { token },
  );
  await ticket(opened.id, opened);
  return { id: opened.id, token };
}

/** `who` signed in, on ticket `id`'s page. */
async function onTicket(who: string, id: string, subject: string) {
  const session = await suite.signIn(who);
  await session.page.goto(suite.url(`/tickets/${id}`));
  await session.page.getByRole('heading', { level: 1, name: subject }).waitFor();
  return session;
}

const timelineEntry = (page: Page, text: string) => page.locator('.timeline li', { hasText: text });
const status = (page: Page) => page.getByTestId('ticket-status').textContent();
const box = (page: Page) => page.locator('#composer-text');

/** Writes `text` from the keyboard after `key` (`r` reply, `n` note) opened the composer. */
async function write(page: Page, key: 'r' | 'n', text: string) {
  await page.keyboard.press('Escape');
  await page.keyboard.press(key);
  await expect.poll(() => page.evaluate(() => document.activeElement?.id), LIVE).toBe('composer-text');
  await page.keyboard.type(text);
}

/** Waits until ticket `id`'s workflow holds its latest version, then skips `ms` of time. */
async function skip(id: string, ms: number) {
  await stack.workflowApplied(id, (await ticket(id)).version);
  await stack.skip(ms);
}

describe('the ticket page', () => {
  it('1. a simple question: e is refused on a new ticket and says why; the answer resolves it; the automation closes it a day later', async () => {
    const { id } = await customerOpens('cust-desk-simple', 'Where is my invoice?');
    const { page, consoleErrors } = await onTicket('Sign in as Ada Lovelace', id, 'Where is my invoice?');
    await withScreenshotOnFailure(page, 'desk-ticket-simple', async () => {
      await timelineEntry(page, 'About: Where is my invoice?').waitFor();
      await expectAccessible(page);

      // A new ticket cannot be resolved before anyone works on it: the refusal, in words.
      await page.keyboard.press('e');
      await page.getByText('The ticket cannot go there from its current status.').waitFor();
      expect(await status(page)).toBe('New');

      await write(page, 'r', 'It is under Billing > Invoices.');
      await page.getByLabel('Then set the status to').selectOption('resolved');
      await page.getByRole('button', { name: 'Send reply to the customer' }).click();
      await page.getByText('Reply sent to the customer.').waitFor();
      await timelineEntry(page, 'It is under Billing > Invoices.').waitFor();
      await timelineEntry(page, 'New → In progress (by Ada Lovelace)').waitFor();
      await timelineEntry(page, 'In progress → Resolved (by Ada Lovelace)').waitFor();
      await expect.poll(() => status(page), LIVE).toBe('Resolved');
      expect((await ticket(id)).messages.at(-1)).toEqual({ body: 'It is under Billing > Invoices.', internal: false });

      // A day without a reply: the automation closes it, and the page shows it without a reload.
      await skip(id, 25 * HOUR);
      await timelineEntry(page, 'Closed by the automation (no reply after resolution)').waitFor(LIVE);
      await expect.poll(() => status(page), LIVE).toBe('Closed');
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('2. a hard problem: asked, the customer answers, a note, the fix, e resolves, the customer confirms', async () => {
    const { id, token } = await customerOpens('cust-desk-complex', 'Export crashes');
    const { page, consoleErrors } = await onTicket('Sign in as Ada Lovelace', id, 'Export crashes');
    await withScreenshotOnFailure(page, 'desk-ticket-complex', async () => {
      await write(page, 'r', 'Which version do you run?');
      await page.getByLabel('Then set the status to').selectOption('waiting_customer');
      await page.getByRole('button', { name: 'Send reply to the customer' }).click();
      await expect.poll(() => status(page), LIVE).toBe('Waiting on customer');

      // The customer answers through the API: their message and the status move appear live.
      await mutate(stack.client, 'customerReply', { ticketId: id, body: 'Version 4.2' }, { token });
      await timelineEntry(page, 'Version 4.2').waitFor(LIVE);
      expect(await timelineEntry(page, 'Version 4.2').getAttribute('data-kind')).toBe('customer');
      await expect.poll(() => status(page), LIVE).toBe('In progress');

      await write(page, 'n', 'Reproduced on 4.2: the PDF renderer runs out of memory.');
      await page.getByRole('button', { name: 'Add internal note' }).click();
      const note = timelineEntry(page, 'Reproduced on 4.2');
      await note.waitFor();
      expect(await note.getAttribute('data-kind')).toBe('note');
      expect(await note.textContent()).toContain('Internal note');

      await write(page, 'r', 'Fixed in 4.2.1: please update.');
      await page.getByRole('button', { name: 'Send reply to the customer' }).click();
      await timelineEntry(page, 'Fixed in 4.2.1').waitFor();
      // Escape leaves the box, and e then resolves.
      await page.keyboard.press('Escape');
      await page.keyboard.press('e');
      await page.getByText('Ticket resolved.').waitFor();
      await expect.poll(() => status(page), LIVE).toBe('Resolved');

      await mutate(stack.client, 'confirmResolution', { ticketId: id }, { token });
      await timelineEntry(page, 'Resolved → Closed').waitFor(LIVE);
      expect(await timelineEntry(page, 'Resolved → Closed').textContent()).toContain('the customer confirmed');
      await expect.poll(() => status(page), LIVE).toBe('Closed');
      expect((await ticket(id)).messages.map((message) => [message.body, message.internal])).toEqual([
        ['About: Export crashes', false],
        ['Which version do you run?', false],
        ['Version 4.2', false],
        ['Reproduced on 4.2: the PDF renderer runs out of memory.', true],
        ['Fixed in 4.2.1: please update.', false],
      ]);
      await expectAccessible(page);
      // The README's picture: the page from its top.
      await page.evaluate(() => window.scrollTo(0, 0));
      await keepScreenshot(page, 'desk-ticket');
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('3. a silent customer: asked, reminded on days 3 and 5, closed for lack of response on day 7', async () => {
    const { id } = await customerOpens('cust-desk-silent', 'VAT number');
    const { page, consoleErrors } = await onTicket('Sign in as Ada Lovelace', id, 'VAT number');
    await withScreenshotOnFailure(page, 'desk-ticket-silent', async () => {
      await write(page, 'r', 'Which VAT number should we use?');
      await page.getByLabel('Then set the status to').selectOption('waiting_customer');
      await page.getByRole('button', { name: 'Send reply to the customer' }).click();
      await expect.poll(() => status(page), LIVE).toBe('Waiting on customer');

      await skip(id, 3 * DAY + HOUR);
      await timelineEntry(page, 'Reminder 1 sent to the customer').waitFor(LIVE);
      await skip(id, 2 * DAY);
      await timelineEntry(page, 'Reminder 2 sent to the customer').waitFor(LIVE);
      await skip(id, 2 * DAY);
      await timelineEntry(page, 'Closed by the automation (no response from the customer)').waitFor(LIVE);
      await expect.poll(() => status(page), LIVE).toBe('Closed');
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('shows two agents on one ticket each other’s notes, replies and status changes live', async () => {
    const { id } = await customerOpens('cust-desk-pair', 'Webhook retries');
    const ada = await onTicket('Sign in as Ada Lovelace', id, 'Webhook retries');
    const linus = await onTicket('Sign in as Linus Pauling', id, 'Webhook retries');
    await withScreenshotOnFailure(ada.page, 'desk-ticket-pair', async () => {
      await write(ada.page, 'n', 'Linus, can you check the delivery log?');
      await ada.page.getByRole('button', { name: 'Add internal note' }).click();
      const seenByLinus = timelineEntry(linus.page, 'Linus, can you check the delivery log?');
      await seenByLinus.waitFor(LIVE);
      expect(await seenByLinus.getAttribute('data-kind')).toBe('note');

      await write(linus.page, 'r', 'The endpoint answered 500: we resend once it is fixed.');
      await linus.page.getByLabel('Then set the status to').selectOption('waiting_customer');
      await linus.page.getByRole('button', { name: 'Send reply to the customer' }).click();
      await timelineEntry(ada.page, 'The endpoint answered 500').waitFor(LIVE);
      await timelineEntry(ada.page, 'In progress → Waiting on customer (by Linus Pauling)').waitFor(LIVE);
      await expect.poll(() => status(ada.page), LIVE).toBe('Waiting on customer');
      // A supervisor, no agent of the team, is named as her profile names her, not by her id.
      await mutate(
        stack.client,
        'changeTicketPriority',
        { ticketId: id, priority: 'high' },
        { token: await stack.token('supervisor', 'sup-sue') },
      );
      await timelineEntry(ada.page, 'Priority: Normal → High (by Sue Supervisor)').waitFor(LIVE);
      await expectAccessible(linus.page);
      expect(ada.consoleErrors).toEqual([]);
      expect(linus.consoleErrors).toEqual([]);
    });
    await ada.page.close();
    await linus.page.close();
  });

  it('shows a change made between its first read and the start of its live updates', async () => {
    const { id, token } = await customerOpens('cust-desk-window', 'Invoice copy');
    const { page, consoleErrors, held } = await signInHolding(suite, 'Sign in as Ada Lovelace', 'ticketUpdated');
    await withScreenshotOnFailure(page, 'desk-ticket-window', async () => {
      await page.goto(suite.url(`/tickets/${id}`));
      await page.getByRole('heading', { level: 1, name: 'Invoice copy' }).waitFor();
      // The page and its panel read the ticket and asked for its changes; neither has started.
      await expect.poll(() => held.count(id), LIVE).toBe(2);
      const answered = await mutate(
        stack.client,
        'customerReply',
        { ticketId: id, body: 'Any news about my invoice?' },
        { token },
      );
      await ticket(id, answered);
      held.release();
      await timelineEntry(page, 'Any news about my invoice?').waitFor(LIVE);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('shows a routed assignment with the router’s reasons', async () => {
    const { page, consoleErrors } = await onTicket('Sign in as Ada Lovelace', 'demo-refund', 'Remboursement en double');
    await withScreenshotOnFailure(page, 'desk-ticket-routed', async () => {
      const routed = timelineEntry(page, 'Assigned to Ada Lovelace by the router: best score, score');
      await routed.waitFor();
      expect(await routed.textContent()).toMatch(/\d+ of \d+ agents eligible/);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('keeps a note from reaching the customer by mistake: two modes, and a confirmation', async () => {
    const { id } = await customerOpens('cust-desk-note', 'Refund for order 1042');
    const { page, consoleErrors } = await onTicket('Sign in as Ada Lovelace', id, 'Refund for order 1042');
    await withScreenshotOnFailure(page, 'desk-ticket-note', async () => {
      const composer = page.locator('section.composer');
      await write(page, 'n', 'Customer is on the old plan, refund manually.');
      expect(await composer.getAttribute('data-mode')).toBe('note');
      await page.getByLabel('Internal note — only the team sees this').waitFor();
      await page.getByRole('button', { name: 'Add internal note' }).waitFor();
      const noteLook = await composer.evaluate((element) => getComputedStyle(element).backgroundColor);

      // Switched to a reply with the note's text in the box: the send asks first.
      await page.getByRole('radio', { name: 'Reply to the customer' }).check();
      expect(await composer.getAttribute('data-mode')).toBe('reply');
      expect(await composer.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe(noteLook);
      await page.getByLabel('Reply — the customer will read this').waitFor();
      await page.getByRole('button', { name: 'Send reply to the customer' }).click();
      const dialog = page.getByRole('dialog', { name: 'Send this to the customer?' });
      await dialog.waitFor();
      await expectAccessible(page);
      // "No": back to a note, nothing sent.
      await dialog.getByRole('button', { name: 'No, keep it as an internal note' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(await composer.getAttribute('data-mode')).toBe('note');
      expect((await ticket(id)).messages).toHaveLength(1);

      await page.getByRole('button', { name: 'Add internal note' }).click();
      const note = timelineEntry(page, 'Customer is on the old plan');
      await note.waitFor();
      expect(await note.getAttribute('data-kind')).toBe('note');
      expect(await note.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe(
        await timelineEntry(page, 'About: Refund for order 1042').evaluate(
          (element) => getComputedStyle(element).backgroundColor,
        ),
      );

      // Written as a note, then sent as a reply after all: only with a "yes".
      await write(page, 'n', 'We refunded your order.');
      await page.getByRole('radio', { name: 'Reply to the customer' }).check();
      await page.getByRole('button', { name: 'Send reply to the customer' }).click();
      await dialog.getByRole('button', { name: 'Yes, send it to the customer' }).click();
      await timelineEntry(page, 'We refunded your order.').waitFor();
      expect(await timelineEntry(page, 'We refunded your order.').getAttribute('data-kind')).toBe('reply');
      expect((await ticket(id)).messages.slice(1)).toEqual([
        { body: 'Customer is on the old plan, refund manually.', internal: true },
        { body: 'We refunded your order.', internal: false },
      ]);
      // A reply written as a reply goes without a question.
      await write(page, 'r', 'Anything else?');
      await page.getByRole('button', { name: 'Send reply to the customer' }).click();
      await timelineEntry(page, 'Anything else?').waitFor();
      expect(await dialog.isVisible()).toBe(false);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('inserts a canned reply typed with /, filled in for the ticket, from the keyboard', async () => {
    // Alice is registered (her name fills the reply); Ada's agent profile gives hers.
    const { id } = await customerOpens('cust-alice', 'Cannot export my data');
    const { page, consoleErrors } = await onTicket('Sign in as Ada Lovelace', id, 'Cannot export my data');
    await withScreenshotOnFailure(page, 'desk-ticket-canned', async () => {
      await write(page, 'r', '/');
      const list = page.getByRole('listbox', { name: 'Canned replies' });
      await list.getByRole('option').first().waitFor();
      await expectAccessible(page);
      await page.keyboard.type('request info');
      await expect
        .poll(() => list.getByRole('option').allTextContents(), LIVE)
        .toEqual([expect.stringContaining('Request for information')]);
      await page.keyboard.press('Enter');
      await expect.poll(() => box(page).inputValue(), LIVE).toMatch(/^Hello Alice,/);
      const text = await box(page).inputValue();
      expect(text).toContain('"Cannot export my data"');
      expect(text).not.toMatch(/\{\{|\}\}/);
      expect(await page.getByLabel('Then set the status to').inputValue()).toBe('waiting_customer');

      // The list moves with the arrows too: Escape closes it, and the text stays.
      await page.keyboard.press('End');
      await page.keyboard.type('\n/');
      await list.getByRole('option').nth(1).waitFor();
      await page.keyboard.press('ArrowDown');
      expect(await list.getByRole('option').nth(1).getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'detached' });
      await page.keyboard.press('Backspace');
      expect(await box(page).inputValue()).toBe(`${text}\n`);

      await page.getByRole('button', { name: 'Send reply to the customer' }).click();
      await expect.poll(() => status(page), LIVE).toBe('Waiting on customer');
      // The API trims what it records.
      expect((await ticket(id)).messages.at(-1)?.body).toBe(text);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('links a published help article typed with #, from the keyboard, in the reply the customer reads', async () => {
    const { id, token } = await customerOpens('cust-alice', 'Locked out of my account');
    const { page, consoleErrors } = await onTicket('Sign in as Ada Lovelace', id, 'Locked out of my account');
    await withScreenshotOnFailure(page, 'desk-ticket-article', async () => {
      await write(page, 'r', 'This should help: #reset your pass');
      const list = page.getByRole('listbox', { name: 'Help articles' });
      await expect.poll(() => list.getByRole('option').first().textContent(), LIVE).toContain('Reset your password');
      await expectAccessible(page);
      // The arrows move through the list and come back round; Enter picks.
      const count = await list.getByRole('option').count();
      for (let step = 0; step < count; step++) await page.keyboard.press('ArrowDown');
      expect(await list.getByRole('option').first().getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('Enter');
      const link = '[Reset your password](https://help.example.com/en/articles/kb-reset-password)';
      await expect.poll(() => box(page).inputValue(), LIVE).toBe(`This should help: ${link}`);
      await list.waitFor({ state: 'detached' });

      await page.getByRole('button', { name: 'Send reply to the customer' }).click();
      await timelineEntry(page, 'This should help').waitFor(LIVE);
      // The customer reads the link, and the reply records the article it points to.
      const seen = await stack.client.request<{
        ticket: { messages: { body: string; articles: { articleId: string; locale: string }[] }[] };
      }>('query($id: ID!) { ticket(id: $id) { messages { body articles { articleId locale } } } }', { id }, token);
      expect(seen.ticket.messages.at(-1)).toEqual({
        body: `This should help: ${link}`,
        articles: [{ articleId: 'kb-reset-password', locale: 'en' }],
      });
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('shows a dropped image in the timeline, and a picked file as a link', async () => {
    const { id } = await customerOpens('cust-desk-files', 'Broken layout');
    const { page, consoleErrors } = await onTicket('Sign in as Ada Lovelace', id, 'Broken layout');
    await withScreenshotOnFailure(page, 'desk-ticket-files', async () => {
      // A 1x1 PNG, dropped on the composer as a browser would.
      const dropped = await page.evaluateHandle((base64) => {
        const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], 'layout.png', { type: 'image/png' }));
        return transfer;
      }, PIXEL_PNG);
      await page.locator('section.composer form').dispatchEvent('drop', { dataTransfer: dropped });
      await page.getByRole('button', { name: 'Remove layout.png' }).waitFor();
      await page.locator('input[type=file]').setInputFiles({
        name: 'steps.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('1. open the report\n2. resize the window\n'),
      });
      await page.getByRole('button', { name: 'Remove steps.txt' }).waitFor();
      await write(page, 'n', 'Screenshot and steps from the customer’s call.');
      await page.getByRole('button', { name: 'Add internal note' }).click();

      const note = timelineEntry(page, 'Screenshot and steps');
      const image = note.getByRole('img', { name: 'Image layout.png' });
      await image.waitFor();
      await expect.poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth), LIVE).toBe(1);
      await note.getByRole('link', { name: /^Download steps\.txt/ }).waitFor();
      expect(await note.getByRole('img').count()).toBe(1);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});

/** A 1x1 transparent PNG. */
const PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
