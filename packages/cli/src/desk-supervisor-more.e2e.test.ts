import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// The supervisors' and auditors' remaining screens: the board's queues per category changing live,
// a new low rating on the board at once, reports cut in the browser's time zone (Europe/Paris) as
// the API cuts them for that zone, and an auditor reading a customer's profile stream.

let suite: DeskSuite;
let sue: string;
let auditor: string;

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
  sue = await suite.stack.token('supervisor', 'sup-sue');
  auditor = await suite.stack.token('auditor', 'dev-auditor');
});
afterAll(async () => {
  await suite?.close();
});

/** A count as the desk writes it in English. */
const count = (value: number) => new Intl.NumberFormat('en-GB').format(value);
/** The texts of a locator's elements. */
const texts = async (page: Page, selector: string) =>
  (await page.locator(selector).allTextContents()).map((text) => text.trim());
const gql = <T>(query: string, variables: Record<string, unknown> = {}, token = sue) =>
  suite.stack.client.request<T>(query, variables, token);

interface Queue {
  category: string | null;
  tickets: { count: number };
  chats: { count: number };
  ticketsByTier: { tier: number; count: number }[];
}
const QUEUES = '{ liveBoard { queues { category tickets { count } chats { count } ticketsByTier { tier count } } } }';
const CATEGORY = 'desk-more-billing';

/** Opens the live board as Sue. */
async function openBoard() {
  const signedIn = await suite.signIn('Sign in as Sue Supervisor');
  await signedIn.page.getByRole('link', { name: 'Live board' }).click();
  await signedIn.page.waitForURL('**/board');
  await signedIn.page.locator('[data-agent-id="agent-ada"]').waitFor();
  return signedIn;
}

describe('the live board, more', () => {
  it('shows the waiting work per category and tier, changing as tickets and chats change through the API', async () => {
    const { page, consoleErrors } = await openBoard();
    await withScreenshotOnFailure(page, 'desk-board-categories', async () => {
      const row = page.locator(`[data-testid="category-queues"] tr[data-category="${CATEGORY}"]`);
      /** The category's row as shown: tickets waiting, per tier, chats waiting (null: no row). */
      const shown = async () =>
        (await row.count()) === 0
          ? null
          : {
              tickets: (await row.locator('[data-waiting="tickets"]').textContent())?.trim(),
              tiers: (await row.locator('td').nth(1).textContent())?.trim(),
              chats: (await row.locator('[data-waiting="chats"]').textContent())?.trim(),
            };
      /** The API's queue of the category, as the board writes it (null: nothing waits in it). */
      const apis = async () => {
        const { liveBoard } = await gql<{ liveBoard: { queues: Queue[] } }>(QUEUES);
        const queue = liveBoard.queues.find((entry) => entry.category === CATEGORY);
        return queue === undefined
          ? null
          : {
              tickets: count(queue.tickets.count),
              tiers:
                queue.ticketsByTier.map(({ tier, count: n }) => `tier ${count(tier)}: ${count(n)}`).join(', ') || '—',
              chats: count(queue.chats.count),
            };
      };
      /** Once the API shows `expected`, the board shows it too. */
      const showsTheApis = async (expected: Awaited<ReturnType<typeof apis>>) => {
        await expect.poll(apis, { timeout: 10_000 }).toEqual(expected);
        await expect.poll(shown, { timeout: 10_000 }).toEqual(expected);
      };
      await showsTheApis(null);

      // A ticket in the category: its row appears, one ticket waiting at tier 1.
      const portal = await suite.stack.token('system', 'customer-portal');
      await mutate(
        suite.stack.client,
        'openTicket',
        {
          ticketId: 'desk-more-queue',
          customerId: 'cust-dan',
          subject: 'Charged twice',
          description: 'From the category queue test.',
          channel: 'web',
          category: CATEGORY,
        },
        { token: portal },
      );
      await showsTheApis({ tickets: '1', tiers: 'tier 1: 1', chats: '0' });

      // Escalated to tier 2, and a chat in the same category: the row follows, without a reload.
      await mutate(
        suite.stack.client,
        'escalateTicket',
        { ticketId: 'desk-more-queue', reason: 'complexity' },
        { token: sue },
      );
      await mutate(
        suite.stack.client,
        'startChat',
        { chatId: 'desk-more-chat', customerId: 'cust-bob', category: CATEGORY, firstMessage: { body: 'Hello?' } },
        { token: portal },
      );
      await showsTheApis({ tickets: '1', tiers: 'tier 2: 1', chats: '1' });
      expect(await row.locator('th').textContent()).toBe(CATEGORY);
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-supervisor-more');
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('shows a new low rating in the follow-ups at once, though it moves no other figure', async () => {
    const { page, consoleErrors } = await openBoard();
    await withScreenshotOnFailure(page, 'desk-board-rating', async () => {
      const figure = page.locator('[data-figure="openFollowUps"]');
      /** The open follow-ups the API counts now. */
      const apis = async () =>
        (await gql<{ liveBoard: { openFollowUps: number } }>('{ liveBoard { openFollowUps } }')).liveBoard
          .openFollowUps;
      // Sue closes Alice's resolved ticket first (so no close by the resolved delay can come while
      // the test waits), and the board shows it.
      await mutate(
        suite.stack.client,
        'changeTicketStatus',
        { ticketId: 'demo-password', to: 'closed' },
        { token: sue },
      );
      const closed = async () =>
        (await gql<{ liveBoard: { tickets: { closed: number } } }>('{ liveBoard { tickets { closed } } }')).liveBoard
          .tickets.closed;
      await expect
        .poll(async () => (await page.locator('[data-status="closed"]').textContent()) === count(await closed()), {
          timeout: 10_000,
        })
        .toBe(true);
      const before = await apis();
      await expect.poll(() => figure.textContent()).toBe(count(before));
      expect(await page.locator('[data-follow-up="demo-password"]').count()).toBe(0);

      // Alice rates her closed ticket 1 out of 5: it asks for a follow-up, and nothing else moves.
      await mutate(
        suite.stack.client,
        'rateTicket',
        { ticketId: 'demo-password', score: 1, comment: 'The new link expired too.' },
        { token: await suite.stack.token('customer', 'cust-alice') },
      );
      const row = page.locator('[data-follow-up="demo-password"]');
      await row.waitFor({ timeout: 10_000 });
      expect(await row.textContent()).toContain('The new link expired too.');
      expect(await figure.textContent()).toBe(count(before + 1));
      expect(await apis()).toBe(before + 1);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});

describe('reports in the browser’s time zone', () => {
  it('cut the days and peak hours as the API does for Europe/Paris, which differ from UTC’s', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Sue Supervisor');
    await withScreenshotOnFailure(page, 'desk-reports-paris', async () => {
      // The browser lives in Paris.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Europe/Paris' });
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.waitForURL('**/reports');
      const period = page.getByTestId('period');
      await period.waitFor();
      const zone = page.getByTestId('time-zone');
      expect(await zone.getAttribute('data-time-zone')).toBe('Europe/Paris');
      expect(await zone.textContent()).toContain('Europe/Paris');
      expect(await page.getByRole('heading', { name: 'Peak hours (Europe/Paris)' }).count()).toBe(1);
      const from = (await period.getAttribute('data-from')) ?? '';
      const to = (await period.getAttribute('data-to')) ?? '';

      interface Series {
        timeZone: string;
        current: { buckets: { start: string; opened: number }[] };
        peakHours: { hour: number; opened: number }[];
      }
      const SERIES = `query($from: DateTime!, $to: DateTime!, $zone: String) {
        ticketTimeSeries(from: $from, to: $to, interval: day, timeZone: $zone) {
          timeZone current { buckets { start opened } } peakHours { hour opened }
        }
      }`;
      const seriesIn = async (zoneName?: string) =>
        (await gql<{ ticketTimeSeries: Series }>(SERIES, { from, to, zone: zoneName })).ticketTimeSeries;
      const paris = await seriesIn('Europe/Paris');
      const utc = await seriesIn();
      expect(paris.timeZone).toBe('Europe/Paris');
      expect(utc.timeZone).toBe('UTC');
      const byHour = (series: Series) =>
        [...series.peakHours].sort((a, b) => a.hour - b.hour).map((hour) => count(hour.opened));
      // The demo's tickets were opened a moment ago: Paris's hours are an hour (or two) past UTC's.
      expect(byHour(paris)).not.toEqual(byHour(utc));
      expect(paris.current.buckets.map((bucket) => bucket.start)).not.toEqual(
        utc.current.buckets.map((bucket) => bucket.start),
      );

      // The page shows Paris's: its days start at Paris's midnight, its hours are Paris's.
      expect(await texts(page, '[data-testid="series"] tbody td:nth-of-type(1)')).toEqual(
        paris.current.buckets.map((bucket) => count(bucket.opened)),
      );
      for (const start of await texts(page, '[data-testid="series"] tbody th')) expect(start).toMatch(/, 00:00$/);
      expect(await texts(page, '[data-testid="peak-hours"] tbody td')).toEqual(byHour(paris));

      // The series' CSV downloaded through the page is the API's for Paris.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Tickets opened over time' }).click(),
      ]);
      const served = await fetch(
        `${suite.stack.engine.api.url}/reports/ticket-series.csv?${new URLSearchParams({ from, to, interval: 'day', timeZone: 'Europe/Paris' })}`,
        { headers: { authorization: `Bearer ${sue}` } },
      );
      expect(await readFile(await download.path(), 'utf8')).toBe(await served.text());
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});

describe('the auditors’ other streams', () => {
  it("let an auditor read a customer's profile history: its timeline, its fields as of any event, its verification", async () => {
    // A change to Alice's profile while the auditor looks is in the history too.
    await mutate(
      suite.stack.client,
      'updateCustomerProfile',
      { customerId: 'cust-alice', company: 'Acme Europe' },
      { token: await suite.stack.token('admin', 'dev-admin') },
    );
    const { streamEvents } = await gql<{ streamEvents: { version: number; type: string }[] }>(
      '{ streamEvents(streamId: "customer-cust-alice") { version type } }',
      {},
      auditor,
    );
    const { verifyStream } = await gql<{ verifyStream: { ok: boolean } }>(
      '{ verifyStream(streamId: "customer-cust-alice") { ok } }',
      {},
      auditor,
    );
    expect(verifyStream.ok).toBe(true);
    const total = streamEvents.length;
    expect(total).toBeGreaterThanOrEqual(3);

    const { page, consoleErrors } = await suite.signIn('Sign in as Dev Auditor');
    await withScreenshotOnFailure(page, 'desk-audit-stream', async () => {
      await page.getByRole('link', { name: 'Audit' }).click();
      await page.waitForURL('**/audit');
      await page.getByLabel('History of').selectOption('customer');
      await page.getByLabel('Identifier').fill('cust-alice');
      await page.getByLabel('Identifier').press('Enter');
      await page.waitForURL('**/audit/customer/cust-alice');
      await page.getByRole('heading', { level: 1, name: 'History of Customer (profile) cust-alice' }).waitFor();

      await expect
        .poll(() => page.getByTestId('verdict').textContent(), { timeout: 10_000 })
        .toMatch(new RegExp(`All ${total} events are intact`));
      expect(await texts(page, '.events li code')).toEqual(streamEvents.map((event) => event.type));
      const field = (name: string) => page.getByTestId('past-state').locator(`dt:text-is("${name}") + dd`);
      await expect.poll(() => field('company').textContent()).toBe('Acme Europe');

      // Back to the registration with Home: the company as first recorded, no phone yet.
      const slider = page.getByRole('slider', { name: 'Moment of the history' });
      await slider.focus();
      await slider.press('Home');
      await expect
        .poll(() => page.getByTestId('position').textContent())
        .toMatch(new RegExp(`^Event 1 of ${total}, recorded `));
      await expect.poll(() => field('company').textContent()).toBe('Acme');
      expect(await field('name').textContent()).toBe('Alice Martin');
      expect(await field('phone').count()).toBe(0);
      await slider.press('End');
      await expect.poll(() => field('company').textContent()).toBe('Acme Europe');
      expect(await field('phone').textContent()).toBe('+442079460958');
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('offers supervisors tickets and chats only, as the API lets them read no other stream', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Sue Supervisor');
    await withScreenshotOnFailure(page, 'desk-audit-supervisor', async () => {
      await page.getByRole('link', { name: 'Audit' }).click();
      await page.waitForURL('**/audit');
      expect(await texts(page, 'select option')).toEqual(['Ticket', 'Chat']);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});
