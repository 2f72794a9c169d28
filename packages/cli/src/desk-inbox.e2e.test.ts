import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import {
  type DeskSuite,
  expectAccessible,
  keepScreenshot,
  signInHolding,
  startDeskSuite,
} from './testing/desk.fixture.js';
import { drawnRows, INBOX_ROWS, listTotal, scrollThroughList } from './testing/desk-inbox.fixture.js';
import type { E2eStack } from './testing/stack.fixture.js';

// The inbox as an agent works it: saved views whose counts are the API's, filters and orders kept
// in the address, the ? help, a long list read by scrolling (keyset pages, no ticket twice), and
// counts and rows that follow changes made elsewhere. In English, as the README's screenshot.

let suite: DeskSuite;
let stack: E2eStack;
let supervisor: string;

const OPEN = 'status: [new, in_progress, waiting_customer]';
/** Each saved view's filter as the API reads it (what the desk must ask for). */
const VIEWS = {
  mine: `{ assigneeId: "agent-ada", ${OPEN} }`,
  unassigned: `{ unassigned: true, ${OPEN} }`,
  waiting: '{ assigneeId: "agent-ada", status: [waiting_customer] }',
  atRisk: `{ slaState: [warning], ${OPEN} }`,
  breached: `{ slaState: [breached], ${OPEN} }`,
  stale: '{ stale: true }',
  all: `{ ${OPEN} }`,
} as const;

async function apiCounts(): Promise<Record<keyof typeof VIEWS, number>> {
  const fields = Object.entries(VIEWS).map(([view, filter]) => `${view}: ticketCount(filter: ${filter})`);
  return stack.client.request(`{ ${fields.join(' ')} }`, {}, supervisor);
}

async function apiIds(filter: string, order = 'newest'): Promise<string[]> {
  const { tickets } = await stack.client.request<{ tickets: { items: { id: string }[] } }>(
    `{ tickets(filter: ${filter}, order: ${order}, first: 100) { items { id } } }`,
    {},
    supervisor,
  );
  return tickets.items.map((ticket) => ticket.id);
}

async function shownCounts(page: import('playwright-core').Page) {
  // "Unassigned in my queues" is the agent's own (desk-inbox-views.e2e.test.ts checks it against the API as her).
  const links = page.locator('nav.views a[data-view]:not([data-view="queues"])');
  const pairs = await links.evaluateAll((all) =>
    all.map((link) => [(link as HTMLElement).dataset.view, link.querySelector('.count')?.getAttribute('data-count')]),
  );
  return Object.fromEntries(pairs.map(([view, count]) => [view, count === '' ? null : Number(count)]));
}

/** Waits until the views' counts on the page are the API's (both read after the same changes). */
async function expectCountsMatch(page: import('playwright-core').Page) {
  await expect
    .poll(async () => JSON.stringify(await shownCounts(page)) === JSON.stringify(await apiCounts()), {
      timeout: 10_000,
    })
    .toBe(true);
}

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
  ({ stack } = suite);
  supervisor = await stack.token('supervisor', 'sup-e2e');
  // Two tickets nobody holds (Ada and Linus are busy, so the router leaves them in the queue).
  const portal = await stack.token('system', 'customer-portal');
  for (const [ticketId, channel, subject] of [
    ['inbox-e2e-mail', 'email', 'Kryptonite order never arrived'],
    ['inbox-e2e-web', 'web', 'Password rules too strict'],
  ] as const)
    await mutate(
      stack.client,
      'openTicket',
      { ticketId, customerId: 'cust-dan', channel, subject, description: 'From the inbox test.' },
      { token: portal },
    );
  await vi.waitFor(
    async () => {
      if (!(await apiIds(VIEWS.unassigned)).includes('inbox-e2e-web')) throw new Error('not in the queue yet');
    },
    { timeout: 20_000, interval: 100 },
  );
});
afterAll(async () => {
  await suite?.close();
});

describe('the inbox', () => {
  it('shows the saved views with the API’s counts, and filters and orders in the address', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-inbox-views', async () => {
      await expectCountsMatch(page);
      expect(await page.locator('a[aria-current="page"]').getAttribute('data-view')).toBe('mine');
      expect((await drawnRows(page)).sort()).toEqual((await apiIds(VIEWS.mine)).sort());
      expect(await listTotal(page)).toBe((await apiCounts()).mine);
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-inbox');

      // A view: its rows, and the address says so.
      await page.locator('a[data-view="unassigned"]').click();
      await page.waitForURL(/view=unassigned/);
      // Opening a view is a step in the history, as following a link is: Back returns to the one before.
      await page.goBack();
      await page.waitForURL((url) => url.pathname.endsWith('/inbox') && !url.searchParams.has('view'));
      await page.goForward();
      await page.waitForURL(/view=unassigned/);
      await expect.poll(async () => (await drawnRows(page)).sort()).toEqual((await apiIds(VIEWS.unassigned)).sort());

      // A filter narrows the view; the address keeps both.
      await page.getByRole('combobox', { name: 'Channel' }).selectOption('email');
      await page.waitForURL(/channel=email/);
      const emailed = await apiIds(`{ unassigned: true, ${OPEN}, channel: [email] }`);
      expect(emailed).toContain('inbox-e2e-mail');
      await expect.poll(async () => (await drawnRows(page)).sort()).toEqual([...emailed].sort());

      // `/` goes to the search; `?` typed there is text, not the help.
      await page.getByRole('combobox', { name: 'Channel' }).selectOption('');
      await page.locator('body').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('/');
      expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('search');
      await page.keyboard.type('Kryptonite?');
      expect(await page.getByRole('dialog').count()).toBe(0);
      await page.keyboard.press('Backspace');
      await page.waitForURL(/q=Kryptonite(&|$)/);
      await expect.poll(() => drawnRows(page)).toEqual(['inbox-e2e-mail']);

      // A tag, over every open ticket, in the SLA order; the address opens the same list again.
      // The search is cleared, then a view and an order chosen within its 300 ms pause: the
      // search applying afterwards once undid both (the order's rows below then failed).
      await page.getByRole('searchbox', { name: 'Search' }).fill('');
      await page.locator('a[data-view="all"]').click();
      // Most urgent first: the API's order by priority, whose priorities never rise down the list.
      await page.getByRole('combobox', { name: 'Order' }).selectOption('priority');
      await page.waitForURL(/sort=priority/);
      const byPriority = await stack.client.request<{ tickets: { items: { id: string; priority: string }[] } }>(
        `{ tickets(filter: { ${OPEN} }, order: priority, first: 100) { items { id priority } } }`,
        {},
        supervisor,
      );
      const ranks = byPriority.tickets.items.map((ticket) =>
        ['urgent', 'high', 'normal', 'low'].indexOf(ticket.priority),
      );
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(new Set(ranks).size).toBeGreaterThan(1);
      await expect.poll(() => drawnRows(page)).toEqual(byPriority.tickets.items.map((ticket) => ticket.id));
      await expectAccessible(page);
      await page.getByRole('combobox', { name: 'Order' }).selectOption('sla_deadline');
      await page.waitForURL(/view=all.*sort=sla_deadline|sort=sla_deadline.*view=all/);
      await expect.poll(() => drawnRows(page)).toEqual(await apiIds(`{ ${OPEN} }`, 'sla_deadline'));
      await page.getByRole('textbox', { name: 'Tag' }).fill('vat');
      await page.getByRole('textbox', { name: 'Tag' }).press('Enter');
      await page.waitForURL(/tag=vat/);
      await expect.poll(() => drawnRows(page)).toEqual(await apiIds(`{ ${OPEN}, tags: ["vat"] }`, 'sla_deadline'));
      const bookmark = page.url();
      // The session lives with the tab: the bookmark is opened again in it, after another page.
      await page.goto(suite.url('/inbox'));
      await page.locator(INBOX_ROWS).first().waitFor();
      await page.goto(bookmark);
      await expect.poll(() => drawnRows(page)).toEqual(['demo-invoice']);
      expect(await page.getByRole('combobox', { name: 'Order' }).inputValue()).toBe('sla_deadline');
      expect(await page.getByRole('textbox', { name: 'Tag' }).inputValue()).toBe('vat');
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('filters by a customer picked by name, the API asked as one types; the address keeps them', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-inbox-customer', async () => {
      await page.locator('a[data-view="all"]').click();
      await page.waitForURL(/view=all/);
      const customer = page.getByRole('combobox', { name: 'Customer', exact: true });
      const dan = page.getByRole('listbox').getByRole('option', { name: 'Dan Okafor (dan@example.com)' });
      // Part of his surname finds him (customers(search:)); Escape closes the list, nothing chosen.
      await customer.focus();
      await page.keyboard.type('okaf');
      await dan.waitFor();
      expect(await page.getByRole('listbox').getByRole('option').allTextContents()).toEqual([
        'Dan Okafor (dan@example.com)',
      ]);
      await expectAccessible(page);
      await page.keyboard.press('Escape');
      await dan.waitFor({ state: 'detached' });
      expect(page.url()).not.toContain('customer=');
      expect(await customer.inputValue()).toBe('');

      // The arrows move to him, Enter picks him: his tickets, his name in the filter, his id in the address.
      await page.keyboard.type('dan@');
      await dan.waitFor();
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => dan.getAttribute('data-highlighted')).not.toBeNull();
      await page.keyboard.press('Enter');
      await page.waitForURL(/customer=cust-dan/);
      const his = await apiIds(`{ ${OPEN}, customerId: "cust-dan" }`);
      expect(his.length).toBeGreaterThan(0);
      await expect.poll(async () => (await drawnRows(page)).sort()).toEqual([...his].sort());
      await expect.poll(() => customer.inputValue()).toBe('Dan Okafor');
      await expectAccessible(page);

      // The address opens the same list again, the customer named from their id.
      await page.reload();
      await expect.poll(() => customer.inputValue()).toBe('Dan Okafor');
      await expect.poll(async () => (await drawnRows(page)).sort()).toEqual([...his].sort());

      // "Any customer" lifts the filter.
      await page.locator('[data-filter="customer"]').getByRole('button', { name: 'Show the choices' }).click();
      await page.getByRole('listbox').getByRole('option', { name: 'Any customer' }).click();
      await expect.poll(() => page.url()).not.toContain('customer=');
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('lists every shortcut of the desk on ?, and closes it with Escape', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-inbox-shortcuts', async () => {
      await page.locator(INBOX_ROWS).first().waitFor();
      await page.keyboard.press('?');
      const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
      await dialog.waitFor();
      for (const what of [
        'Next ticket',
        'Previous ticket',
        'Open the selected ticket',
        'Search',
        'Reply to the customer',
        'Write an internal note',
        'Resolve the ticket',
        'Show this list of shortcuts',
      ])
        await dialog.getByText(what, { exact: true }).waitFor();
      await expectAccessible(page);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('scrolls through 300 tickets, pages loading on the way, none twice; j follows past the rows drawn', async () => {
    const portal = await stack.token('system', 'customer-portal');
    const ids = Array.from({ length: 300 }, (_, n) => `inbox-e2e-bulk-${String(n).padStart(3, '0')}`);
    // Ten at a time: the engine takes them in parallel, as from many customers.
    for (let at = 0; at < ids.length; at += 10)
      await Promise.all(
        ids.slice(at, at + 10).map((ticketId) =>
          mutate(
            stack.client,
            'openTicket',
            {
              ticketId,
              customerId: 'cust-bob',
              channel: 'api',
              subject: `Bulk import ${ticketId}`,
              description: 'x',
            },
            { token: portal },
          ),
        ),
      );
    const filter = `{ unassigned: true, ${OPEN}, channel: [api] }`;
    await expect
      .poll(
        async () =>
          (await stack.client.request<{ ticketCount: number }>(`{ ticketCount(filter: ${filter}) }`, {}, supervisor))
            .ticketCount,
        { timeout: 30_000 },
      )
      .toBe(300);
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-inbox-scroll', async () => {
      await page.goto(suite.url('/inbox?view=unassigned&channel=api'));
      await page.locator(INBOX_ROWS).first().waitFor();
      expect(await listTotal(page)).toBe(300);
      // Fewer rows in the page than the list holds: it is virtualized.
      expect((await drawnRows(page)).length).toBeLessThan(100);
      expect((await scrollThroughList(page)).sort()).toEqual(ids);

      // Back at the top, j forty times: the selected row is the 41st, on screen.
      await page.evaluate(() => window.scrollTo(0, 0));
      for (let n = 0; n < 40; n++) await page.keyboard.press('j');
      const selected = page.locator(`${INBOX_ROWS}[aria-current="true"]`);
      await expect.poll(() => selected.getAttribute('aria-rowindex')).toBe('42');
      const onScreen = () =>
        selected.evaluate((row) => {
          const { top, bottom } = row.getBoundingClientRect();
          return top >= 0 && bottom <= window.innerHeight;
        });
      await expect.poll(onScreen).toBe(true);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('follows changes made elsewhere: a row’s status and the views’ counts, without reload', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-inbox-live', async () => {
      const row = page.locator(`${INBOX_ROWS}[data-ticket-id="demo-refund"]`);
      await row.waitFor();
      await expectCountsMatch(page);
      const before = await row.getAttribute('data-status');
      const to = before === 'new' ? 'in_progress' : 'waiting_customer';
      // A supervisor moves it on elsewhere: the row and the counts follow.
      await mutate(stack.client, 'changeTicketStatus', { ticketId: 'demo-refund', to }, { token: supervisor });
      await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe(to);
      await expectCountsMatch(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('shows a change made to a row before its live updates started', async () => {
    const { page, consoleErrors, held } = await signInHolding(suite, 'Sign in as Ada Lovelace', 'ticketUpdated');
    await withScreenshotOnFailure(page, 'desk-inbox-window', async () => {
      await page.goto(suite.url('/inbox?view=unassigned&q=Kryptonite'));
      const row = page.locator(`${INBOX_ROWS}[data-ticket-id="inbox-e2e-mail"]`);
      await row.waitFor();
      // The row was read and asked for its changes; its subscription has not started.
      await expect.poll(() => held.count('"inbox-e2e-mail"'), { timeout: 10_000 }).toBe(1);
      const changed = await mutate(
        stack.client,
        'changeTicketPriority',
        { ticketId: 'inbox-e2e-mail', priority: 'urgent' },
        { token: supervisor },
      );
      await stack.client.request(
        'query($t: String) { ticketCount(consistencyToken: $t) }',
        {
          t: changed.consistencyToken,
        },
        supervisor,
      );
      held.release();
      await expect
        .poll(async () => (await row.locator('td').nth(1).textContent())?.trim(), { timeout: 10_000 })
        .toBe('Urgent');
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('gives a supervisor every open ticket, its counts following new tickets live', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Sue Supervisor');
    await withScreenshotOnFailure(page, 'desk-inbox-supervisor', async () => {
      expect(await page.locator('a[aria-current="page"]').getAttribute('data-view')).toBe('all');
      const matches = async () => {
        const shown = await shownCounts(page);
        const api = await apiCounts();
        return shown.all === api.all && shown.unassigned === api.unassigned;
      };
      await expect.poll(matches, { timeout: 10_000 }).toBe(true);
      const before = (await apiCounts()).all;
      const portal = await stack.token('system', 'customer-portal');
      await mutate(
        stack.client,
        'openTicket',
        { ticketId: 'inbox-e2e-late', customerId: 'cust-dan', channel: 'web', subject: 'Late', description: 'x' },
        { token: portal },
      );
      // A new ticket is no row on screen: the live board's tick brings the counts up to date.
      await expect.poll(async () => (await shownCounts(page)).all, { timeout: 10_000 }).toBe(before + 1);
      await expect.poll(matches, { timeout: 10_000 }).toBe(true);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});
