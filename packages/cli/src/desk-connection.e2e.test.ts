import { mintToken } from '@support-engine/api';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, startDeskSuite } from './testing/desk.fixture.js';
import { drawnRows, INBOX_ROWS } from './testing/desk-inbox.fixture.js';
import { type FlakySocket, GRAPHQL_SOCKET, LOST, routeFlakySocket } from './testing/socket.fixture.js';

// The desk's live connection: where no WebSocket can open (a proxy refusing upgrades) the
// subscriptions go over server-sent events and the inbox stays live; where the socket drops, the
// page says so, connects again by itself and shows what changed meanwhile; a token about to
// expire is renewed, and the subscriptions made again with the new one.

let suite: DeskSuite;
let tokens: { portal: string; admin: string; supervisor: string };

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
  const { stack } = suite;
  const [portal, admin, supervisor] = await Promise.all([
    stack.token('system', 'customer-portal'),
    stack.token('admin', 'dev-admin'),
    stack.token('supervisor', 'sup-e2e'),
  ]);
  tokens = { portal, admin, supervisor };
});
afterAll(async () => {
  await suite?.close();
});

/** The API's clock tolerance: a token's subscriptions end this long after its `exp`. */
const CLOCK_TOLERANCE_S = 30;

/** The desk's session token in the page. */
const sessionToken = (page: Page) =>
  page.evaluate(() => (JSON.parse(sessionStorage.getItem('support-desk.session') ?? '{}') as { token?: string }).token);

/** Opens a ticket through the API and gives it to `agentId`. */
async function giveNewTicket(ticketId: string, subject: string, agentId: string) {
  const { client } = suite.stack;
  await mutate(
    client,
    'openTicket',
    { ticketId, customerId: 'cust-dan', channel: 'web', subject, description: 'From the connection test.' },
    { token: tokens.portal },
  );
  await mutate(client, 'assignTicket', { ticketId, agentId }, { token: tokens.admin });
}

/** The first row's ticket moved on to another open status elsewhere; returns it and the status it now has. */
async function moveFirstRow(page: Page): Promise<{ ticketId: string; to: string }> {
  const row = page.locator(INBOX_ROWS).first();
  const ticketId = (await row.getAttribute('data-ticket-id')) ?? '';
  const to = (await row.getAttribute('data-status')) === 'in_progress' ? 'waiting_customer' : 'in_progress';
  await mutate(suite.stack.client, 'changeTicketStatus', { ticketId, to }, { token: tokens.supervisor });
  return { ticketId, to };
}

const statusOf = (page: Page, ticketId: string) =>
  page.locator(`${INBOX_ROWS}[data-ticket-id="${ticketId}"]`).getAttribute('data-status');

describe("the desk's live connection", () => {
  it('falls back to server-sent events where the WebSocket cannot open, and the inbox stays live', async () => {
    let socketsTried = 0;
    const streams: Request[] = [];
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace', async (page) => {
      // As a proxy that refuses the upgrade: the socket closes before it ever opens to the API.
      await page.routeWebSocket(GRAPHQL_SOCKET, (socket) => {
        socketsTried++;
        void socket.close({ code: 1013, reason: 'Upgrades refused here' });
      });
      page.on('request', (request) => {
        if (request.headers().accept === 'text/event-stream') streams.push(request);
      });
    });
    await withScreenshotOnFailure(page, 'desk-connection-sse', async () => {
      await page.locator(INBOX_ROWS).first().waitFor();
      // assignedToMe and the rows' ticketUpdated, each a stream.
      await expect.poll(() => streams.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      const operations = streams.map((request) => (request.postDataJSON() as { query: string }).query);
      expect(operations.some((query) => query.includes('assignedToMe'))).toBe(true);
      expect(operations.some((query) => query.includes('ticketUpdated'))).toBe(true);

      // ticketUpdated: a status changed elsewhere shows on its row.
      const moved = await moveFirstRow(page);
      await expect.poll(() => statusOf(page, moved.ticketId), { timeout: 15_000 }).toBe(moved.to);

      // assignedToMe: a ticket given to Ada elsewhere appears.
      await giveNewTicket('conn-e2e-sse', 'Printer offline over SSE', 'agent-ada');
      await page.locator(INBOX_ROWS).filter({ hasText: 'Printer offline over SSE' }).waitFor({ timeout: 15_000 });

      // The socket was tried once, never again: every subscription went over SSE.
      expect(socketsTried).toBe(1);
      expect(await page.getByText(LOST).count()).toBe(0);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('says when the connection is lost, comes back by itself and shows what changed meanwhile (inbox, ticket page)', async () => {
    await giveNewTicket('conn-e2e-linus', 'Monitor stays black', 'agent-linus');
    let routed: FlakySocket | undefined;
    const { page, consoleErrors } = await suite.signIn('Sign in as Linus Pauling', async (page) => {
      routed = await routeFlakySocket(page);
    });
    const socket = routed!;
    const { open } = socket;
    await withScreenshotOnFailure(page, 'desk-connection-lost', async () => {
      const rows = page.locator(INBOX_ROWS);
      await rows.first().waitFor();
      await expect.poll(() => socket.subscribed, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      const before = await drawnRows(page);

      // The socket drops (a server restarting, the network gone) and cannot be opened again yet.
      socket.blocked = true;
      await open[0]!.close({ code: 1012, reason: 'Service restart' });
      const lost = page.getByRole('status').getByText(LOST);
      await lost.waitFor({ timeout: 10_000 });
      await expectAccessible(page);

      // Meanwhile, elsewhere: a row moves on, and a new ticket is given to Linus.
      const moved = await moveFirstRow(page);
      await giveNewTicket('conn-e2e-lost', 'Badge reader rejects cards', 'agent-linus');
      // Nothing reached the page: it still shows the list as it was.
      expect(await drawnRows(page)).toEqual(before);

      // The network is back: the page connects again by itself, says nothing more, and shows both.
      socket.blocked = false;
      await lost.waitFor({ state: 'detached', timeout: 20_000 });
      await rows.filter({ hasText: 'Badge reader rejects cards' }).waitFor({ timeout: 15_000 });
      await expect.poll(() => statusOf(page, moved.ticketId), { timeout: 15_000 }).toBe(moved.to);
      expect(open.length).toBeGreaterThanOrEqual(2);

      // And it is live again: the next change shows without a reload.
      await giveNewTicket('conn-e2e-after', 'Desk lamp flickers', 'agent-linus');
      await rows.filter({ hasText: 'Desk lamp flickers' }).waitFor({ timeout: 15_000 });

      // The ticket page catches up after a loss too.
      socket.subscribed = 0;
      await rows.filter({ hasText: 'Badge reader rejects cards' }).getByRole('link').click();
      await page.getByRole('heading', { level: 1, name: 'Badge reader rejects cards' }).waitFor();
      const status = page.getByTestId('ticket-status');
      await status.waitFor();
      // A new ticket goes in progress; one in progress waits on the customer (the guide's rules).
      const [to, toName] =
        (await status.textContent()) === 'In progress'
          ? ['waiting_customer', 'Waiting on customer']
          : ['in_progress', 'In progress'];
      // The page's own subscription and its panel's.
      await expect.poll(() => socket.subscribed, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
      socket.blocked = true;
      await open.at(-1)!.close({ code: 1012, reason: 'Service restart' });
      await lost.waitFor({ timeout: 10_000 });
      await mutate(
        suite.stack.client,
        'changeTicketStatus',
        { ticketId: 'conn-e2e-lost', to },
        { token: tokens.supervisor },
      );
      socket.blocked = false;
      await lost.waitFor({ state: 'detached', timeout: 20_000 });
      await expect.poll(() => status.textContent(), { timeout: 15_000 }).toBe(toName);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('reads the review queue again after a lost connection: an article submitted meanwhile shows', async () => {
    let routed: FlakySocket | undefined;
    const { page, consoleErrors } = await suite.signIn('Sign in as Sue Supervisor', async (page) => {
      routed = await routeFlakySocket(page);
    });
    const socket = routed!;
    await withScreenshotOnFailure(page, 'desk-connection-review', async () => {
      await page.goto(suite.url('/kb/review'));
      await page.getByRole('heading', { level: 1, name: 'Review queue' }).waitFor();
      await expect.poll(() => socket.subscribed, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      socket.blocked = true;
      await socket.open.at(-1)!.close({ code: 1012, reason: 'Service restart' });
      const lost = page.getByRole('status').getByText(LOST);
      await lost.waitFor({ timeout: 10_000 });

      // Meanwhile Ada writes an article and asks for its review: nobody tells the page.
      const title = 'Resetting a badge reader';
      const ada = await suite.stack.token('agent', 'agent-ada');
      const article = { articleId: 'kb-conn-badge', locale: 'en', title, slug: 'resetting-a-badge-reader' };
      await mutate(suite.stack.client, 'createArticleDraft', { ...article, body: 'Hold the button.' }, { token: ada });
      await mutate(suite.stack.client, 'submitArticleForReview', { articleId: article.articleId }, { token: ada });

      socket.blocked = false;
      await lost.waitFor({ state: 'detached', timeout: 20_000 });
      await page.getByRole('link', { name: title }).waitFor({ timeout: 15_000 });
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('renews a development token before it expires and stays live past its expiry', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-connection-renewal', async () => {
      // Her session now holds a token that expires in fifteen seconds (as an 8-hour one would, later).
      const ttl = 15;
      const short = await mintToken({ sub: 'agent-ada', role: 'agent' }, suite.stack.secret, ttl);
      const expires = Date.now() + ttl * 1000;
      await page.evaluate((token) => {
        const stored = JSON.parse(sessionStorage.getItem('support-desk.session') ?? '{}') as object;
        sessionStorage.setItem('support-desk.session', JSON.stringify({ ...stored, token }));
      }, short);
      await page.reload();
      const rows = page.locator(INBOX_ROWS);
      await rows.first().waitFor();

      // Renewed before it expired: a new development token, for her.
      await expect.poll(() => sessionToken(page), { timeout: ttl * 1000 }).not.toBe(short);
      expect(Date.now()).toBeLessThan(expires);
      // Past the moment the API ends what the short token opened (its expiry and the tolerance).
      await expect
        .poll(() => Date.now() > expires + (CLOCK_TOLERANCE_S + 1) * 1000, {
          timeout: (ttl + CLOCK_TOLERANCE_S + 10) * 1000,
          interval: 1_000,
        })
        .toBe(true);
      // Still signed in and live, over subscriptions made with the new token.
      const moved = await moveFirstRow(page);
      await expect.poll(() => statusOf(page, moved.ticketId), { timeout: 15_000 }).toBe(moved.to);
      await giveNewTicket('conn-e2e-renewed', 'Headset crackles', 'agent-ada');
      await rows.filter({ hasText: 'Headset crackles' }).waitFor({ timeout: 15_000 });
      expect(new URL(page.url()).pathname).toMatch(/\/inbox$/);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});
