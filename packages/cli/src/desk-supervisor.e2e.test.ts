import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// Sue, the demo's supervisor, watches the live board change as tickets and chats change through
// the API, reads the reports (every figure checked against the API's own answer for the same
// period) and downloads their CSV, the same file the API gives and the same rows as its report.

let suite: DeskSuite;
let sue: string;

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
  sue = await suite.stack.token('supervisor', 'sup-sue');
});
afterAll(async () => {
  await suite?.close();
});

/** A count as the desk writes it in English. */
const count = (value: number) => new Intl.NumberFormat('en-GB').format(value);
/** The texts of a locator's elements. */
const texts = async (page: Page, selector: string) =>
  (await page.locator(selector).allTextContents()).map((text) => text.trim());
const gql = <T>(query: string, variables: Record<string, unknown> = {}) =>
  suite.stack.client.request<T>(query, variables, sue);

interface Board {
  liveBoard: {
    tickets: { new: number; total: number };
    waitingChats: { count: number };
    waitingTickets: { count: number };
    escalations: number;
  };
}
const BOARD = '{ liveBoard { tickets { new total } waitingChats { count } waitingTickets { count } escalations } }';

describe("the supervisors' screens", () => {
  it('show Sue the live board, changing as a ticket and a chat change through the API', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Sue Supervisor');
    await withScreenshotOnFailure(page, 'desk-board', async () => {
      await page.getByRole('link', { name: 'Live board' }).click();
      await page.waitForURL('**/board');
      await page.getByRole('heading', { level: 1, name: 'Live board' }).waitFor();
      await page.locator('[data-agent-id="agent-ada"]').waitFor();

      /** Whether the board shows the API's figures of now. */
      const showsTheApis = async () => {
        const { liveBoard } = await gql<Board>(BOARD);
        const shown = {
          new: await page.locator('[data-status="new"]').textContent(),
          total: await page.locator('[data-status="total"]').textContent(),
          chats: await page.locator('[data-queue="chats"] td').first().textContent(),
          tickets: await page.locator('[data-queue="tickets"] td').first().textContent(),
          escalations: await page.locator('[data-figure="escalations"]').textContent(),
        };
        return (
          JSON.stringify(shown) ===
          JSON.stringify({
            new: count(liveBoard.tickets.new),
            total: count(liveBoard.tickets.total),
            chats: count(liveBoard.waitingChats.count),
            tickets: count(liveBoard.waitingTickets.count),
            escalations: count(liveBoard.escalations),
          })
        );
      };
      await expect.poll(showsTheApis, { timeout: 10_000 }).toBe(true);
      const before = (await gql<Board>(BOARD)).liveBoard;

      // The demo's low rating waits for a follow-up; the agents show their presence and load.
      expect(await page.locator('[data-follow-up="demo-export"]').textContent()).toContain(
        'Fixed, but it took three days.',
      );
      expect(await page.locator('[data-agent-id="agent-grace"] [data-presence]').textContent()).toBe('In training');
      const { agents } = await gql<{ agents: { id: string; activeTickets: number }[] }>(
        '{ agents { id activeTickets } }',
      );
      const ada = agents.find((agent) => agent.id === 'agent-ada');
      expect(await page.locator('[data-agent-id="agent-ada"] td').nth(2).textContent()).toContain(
        count(ada?.activeTickets ?? -1),
      );
      await expectAccessible(page);

      // A ticket opened and escalated past the top tier, and a chat started, through the API: the
      // board shows them without a reload (nobody is available, so both wait).
      const portal = await suite.stack.token('system', 'customer-portal');
      await mutate(
        suite.stack.client,
        'openTicket',
        {
          ticketId: 'desk-board-live',
          customerId: 'cust-dan',
          subject: 'Invoices vanish from the portal',
          description: 'From the supervisor test.',
          channel: 'web',
        },
        { token: portal },
      );
      for (let tier = 0; tier < 3; tier++)
        await mutate(
          suite.stack.client,
          'escalateTicket',
          { ticketId: 'desk-board-live', reason: 'complexity' },
          { token: sue },
        );
      await mutate(
        suite.stack.client,
        'startChat',
        { chatId: 'desk-board-chat', customerId: 'cust-alice', firstMessage: { body: 'Is anyone there?' } },
        { token: portal },
      );
      await page.locator('[data-testid="supervisor-queue"] [data-ticket-id="desk-board-live"]').waitFor();
      expect(await page.locator('[data-ticket-id="desk-board-live"]').textContent()).toContain(
        'Invoices vanish from the portal',
      );
      // Once the API counts them (its read models follow the log), the board shows its figures.
      await expect
        .poll(
          async () => {
            const after = (await gql<Board>(BOARD)).liveBoard;
            return [after.tickets.total, after.escalations, after.waitingChats.count];
          },
          { timeout: 10_000 },
        )
        .toEqual([before.tickets.total + 1, before.escalations + 1, before.waitingChats.count + 1]);
      await expect.poll(showsTheApis, { timeout: 10_000 }).toBe(true);
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-board');
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it("let Sue mark the demo's low rating follow-up done, with what she did, as the API then records it", async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Sue Supervisor');
    await withScreenshotOnFailure(page, 'desk-board-follow-up', async () => {
      await page.getByRole('link', { name: 'Live board' }).click();
      await page.waitForURL('**/board');
      const row = page.locator('[data-follow-up="demo-export"]');
      await row.waitFor();
      // The note field is named after the rated ticket, and reached by keyboard.
      const note = row.getByRole('textbox', { name: /^What was done for / });
      await note.focus();
      await page.keyboard.type('Called the customer and refunded a month.');
      await page.keyboard.press('Enter');

      await row.waitFor({ state: 'detached' });
      expect(await page.getByTestId('follow-up-notice').textContent()).toMatch(/^The follow-up of .+ is done\.$/);
      const { csatFollowUps } = await gql<{
        csatFollowUps: { kind: string; id: string; completedAt: string | null; note: string | null }[];
      }>('{ csatFollowUps(state: done) { kind id completedAt note } }');
      const done = csatFollowUps.find((followUp) => followUp.id === 'demo-export');
      expect(done).toMatchObject({ kind: 'ticket', note: 'Called the customer and refunded a month.' });
      expect(done?.completedAt).not.toBeNull();
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('show Sue reports whose figures are the API’s, and download their CSV as the API gives it', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Sue Supervisor');
    await withScreenshotOnFailure(page, 'desk-reports', async () => {
      await page.getByRole('link', { name: 'Reports' }).click();
      await page.waitForURL('**/reports');
      const period = page.getByTestId('period');
      await period.waitFor();
      const from = (await period.getAttribute('data-from')) ?? '';
      const to = (await period.getAttribute('data-to')) ?? '';
      expect(await period.getAttribute('data-interval')).toBe('day');
      expect(Date.parse(to) - Date.parse(from)).toBe(7 * 86_400_000);
      // The series is cut in the browser's time zone, which the page names.
      const timeZone = await page.getByTestId('time-zone').getAttribute('data-time-zone');

      interface Group {
        key: string;
        metrics: { tickets: number };
      }
      const api = await gql<{
        ticketMetrics: {
          overall: { tickets: number; csat: { count: number }; slaCompliance: { resolution: { rate: number | null } } };
          byAgent: Group[];
          byTag: Group[];
        };
        chatMetrics: { overall: { chats: number } };
        ticketTimeSeries: {
          current: { buckets: { opened: number }[] };
          previous: { buckets: { opened: number }[] };
          peakHours: { hour: number; opened: number }[];
        };
      }>(
        `query($from: DateTime!, $to: DateTime!, $timeZone: String) {
          ticketMetrics(from: $from, to: $to) {
            overall { tickets csat { count } slaCompliance { resolution { rate } } }
            byAgent { key metrics { tickets } }
            byTag { key metrics { tickets } }
          }
          chatMetrics(from: $from, to: $to) { overall { chats } }
          ticketTimeSeries(from: $from, to: $to, interval: day, timeZone: $timeZone) {
            current { buckets { opened } } previous { buckets { opened } } peakHours { hour opened }
          }
        }`,
        { from, to, timeZone },
      );
      const overall = api.ticketMetrics.overall;
      expect(overall.tickets).toBeGreaterThan(0);

      // The headline figures.
      const figure = (table: string, name: string) =>
        page.locator(`[data-testid="${table}"] [data-figure="${name}"] td`).textContent();
      expect(await figure('ticket-figures', 'tickets')).toBe(count(overall.tickets));
      expect(await page.locator('[data-testid="ticket-figures"] [data-figure="csat"] th').textContent()).toContain(
        `average of ${count(overall.csat.count)}`,
      );
      const rate = overall.slaCompliance.resolution.rate;
      expect(await figure('ticket-figures', 'slaResolution')).toBe(
        rate === null
          ? '—'
          : new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(rate),
      );
      expect(await figure('chat-figures', 'chats')).toBe(count(api.chatMetrics.overall.chats));

      // The series against the period before, and the peak hours: their tables (the charts' text).
      const series = api.ticketTimeSeries;
      expect(await texts(page, '[data-testid="series"] tbody td:nth-of-type(1)')).toEqual(
        series.current.buckets.map((bucket) => count(bucket.opened)),
      );
      expect(await texts(page, '[data-testid="series"] tbody td:nth-of-type(2)')).toEqual(
        series.previous.buckets.map((bucket) => count(bucket.opened)),
      );
      expect(await texts(page, '[data-testid="peak-hours"] tbody td')).toEqual(
        [...series.peakHours].sort((a, b) => a.hour - b.hour).map((hour) => count(hour.opened)),
      );
      // The charts are drawn (their lines and bars), each an image with its text beside it.
      expect(await page.locator('figure [role="img"] svg path').count()).toBeGreaterThan(0);

      // The breakdowns: by agent first, then by tag.
      const breakdown = async () =>
        page
          .locator('[data-testid="breakdown"] tbody tr')
          .evaluateAll((rows) =>
            rows.map((row) => `${row.getAttribute('data-key')}=${row.querySelector('td')?.textContent?.trim()}`),
          );
      const rows = (groups: Group[]) => groups.map((group) => `${group.key}=${count(group.metrics.tickets)}`);
      expect(await breakdown()).toEqual(rows(api.ticketMetrics.byAgent));
      expect(await page.locator('[data-testid="breakdown"] [data-key="agent-ada"] th').textContent()).toBe(
        'Ada Lovelace',
      );
      await page.getByRole('combobox', { name: 'Tickets by' }).selectOption('tag');
      await expect.poll(breakdown).toEqual(rows(api.ticketMetrics.byTag));
      await page.getByRole('combobox', { name: 'Tickets by' }).selectOption('agent');
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-reports');

      // The ticket figures' CSV: the file the API serves for the period, with the report's rows.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Ticket figures' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('ticket-metrics.csv');
      const saved = await readFile(await download.path(), 'utf8');
      const served = await fetch(
        `${suite.stack.engine.api.url}/reports/ticket-metrics.csv?${new URLSearchParams({ from, to })}`,
        { headers: { authorization: `Bearer ${sue}` } },
      );
      expect(saved).toBe(await served.text());
      const [header, ...lines] = saved.trim().split('\r\n');
      const columns = (header ?? '').split(',');
      const cells = lines.map((line) => line.split(','));
      const column = (name: string) => columns.indexOf(name);
      const csvRows = (grouping: string) =>
        cells
          .filter((cell) => cell[column('grouping')] === grouping)
          .map((cell) => `${cell[column('key')]}=${count(Number(cell[column('tickets')]))}`);
      expect(csvRows('overall')).toEqual([`=${count(overall.tickets)}`]);
      expect(csvRows('agent')).toEqual(rows(api.ticketMetrics.byAgent));
      expect(csvRows('tag')).toEqual(rows(api.ticketMetrics.byTag));

      // Every ticket's CSV: one row per ticket the API lists.
      const [tickets] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Every ticket' }).click(),
      ]);
      const ids = (await readFile(await tickets.path(), 'utf8'))
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0])
        .sort();
      const listed = await gql<{ tickets: { items: { id: string }[] } }>('{ tickets(first: 100) { items { id } } }');
      expect(ids).toEqual(listed.tickets.items.map((ticket) => ticket.id).sort());

      // Days of her choice: yesterday and today, whole days, by the hour; the figures follow.
      await page.getByRole('combobox', { name: 'Period' }).selectOption('custom');
      const day = (date: Date) => date.toISOString().slice(0, 10);
      const today = new Date(await page.evaluate(() => new Date().toISOString()));
      await page.getByLabel('From').fill(day(new Date(today.getTime() - 86_400_000)));
      await page.getByLabel('To (included)').fill(day(today));
      await expect.poll(() => period.getAttribute('data-interval')).toBe('hour');
      const chosen = {
        from: (await period.getAttribute('data-from')) ?? '',
        to: (await period.getAttribute('data-to')) ?? '',
      };
      expect(Date.parse(chosen.to) - Date.parse(chosen.from)).toBe(2 * 86_400_000);
      const { ticketMetrics } = await gql<{ ticketMetrics: { overall: { tickets: number } } }>(
        'query($from: DateTime!, $to: DateTime!) { ticketMetrics(from: $from, to: $to) { overall { tickets } } }',
        chosen,
      );
      await expect.poll(() => figure('ticket-figures', 'tickets')).toBe(count(ticketMetrics.overall.tickets));
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});
