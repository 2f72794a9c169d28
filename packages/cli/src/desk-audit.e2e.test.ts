import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESK_PATH } from '@support-engine/api';
import { generateSealKeyPem } from '@support-engine/eventstore';
import { tamperWithEvents } from '@support-engine/eventstore-postgres/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { openDatabases } from './services/databases.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// The auditors' screen: the auditor opens a demo ticket's history, scrubs the slider back from
// the keyboard and sees the ticket as it was then (as the API's past view has it), and reads that
// the history's hash chain and seals verify. The engine seals every 100 ms.

let suite: DeskSuite;
let sealsDir: string;

beforeAll(async () => {
  sealsDir = await mkdtemp(join(tmpdir(), 'desk-audit-seals-'));
  const keyFile = join(sealsDir, 'key.pem');
  await writeFile(keyFile, generateSealKeyPem());
  suite = await startDeskSuite('en-GB', {
    SEAL_FILE: join(sealsDir, 'seals.jsonl'),
    SEAL_KEY_FILE: keyFile,
    SEAL_INTERVAL_MS: '100',
  });
});
afterAll(async () => {
  await suite?.close();
  if (sealsDir) await rm(sealsDir, { recursive: true, force: true });
});

interface HistoryEvent {
  version: number;
  recordedAt: string;
}

describe("the desk's audit screen", () => {
  it("shows a ticket's history, its state as of an earlier moment by the slider, and its verification in words", async () => {
    const { stack } = suite;
    // Another auditor than the browser's: the API's rate limit counts per subject.
    const auditor = await stack.token('auditor', 'auditor-e2e');
    const ask = <T>(query: string) => stack.client.request<T>(query, {}, auditor);
    // The demo's export ticket went new, waiting on the customer, in progress, resolved, closed.
    const { ticketHistory } = await ask<{ ticketHistory: HistoryEvent[] }>(
      '{ ticketHistory(ticketId: "demo-export") { version recordedAt } }',
    );
    const statusAt = async (event: HistoryEvent) =>
      (
        await ask<{ ticket: { status: string } }>(
          `{ ticket(id: "demo-export", asOf: "${event.recordedAt}") { status } }`,
        )
      ).ticket.status;
    // The sealer has sealed all of it (so the verdict says so).
    await expect
      .poll(
        async () =>
          (
            await ask<{ verifyTicketHistory: { ok: boolean; unsealedEvents: number } }>(
              '{ verifyTicketHistory(ticketId: "demo-export") { ok unsealedEvents } }',
            )
          ).verifyTicketHistory,
        { timeout: 20_000, interval: 250 },
      )
      .toEqual({ ok: true, unsealedEvents: 0 });
    const statuses: string[] = [];
    for (const event of ticketHistory) statuses.push(await statusAt(event));
    const firstWaiting = statuses.indexOf('waiting_customer');
    expect(firstWaiting).toBeGreaterThan(0);
    expect(statuses.at(-1)).toBe('closed');

    const { page, consoleErrors } = await suite.signIn('Sign in as Dev Auditor');
    await withScreenshotOnFailure(page, 'desk-audit', async () => {
      await page.getByRole('link', { name: 'Audit' }).click();
      await page.waitForURL(`**${DESK_PATH}/audit`);
      await expectAccessible(page);
      await page.getByLabel('History of').selectOption('tickets');
      await page.getByLabel('Identifier').fill('demo-export');
      await page.getByLabel('Identifier').press('Enter');
      await page.waitForURL(`**${DESK_PATH}/audit/tickets/demo-export`);
      await page.getByRole('heading', { level: 1, name: 'History of ticket demo-export' }).waitFor();

      const count = ticketHistory.length;
      const verdict = page.getByTestId('verdict');
      await expect
        .poll(() => verdict.textContent())
        .toMatch(new RegExp(`All ${count} events are intact and sealed \\(last seal `));
      const status = page.getByTestId('past-state').locator('dt:has-text("Status") + dd');
      const position = page.getByTestId('position');
      await expect.poll(() => status.textContent()).toBe('Closed');
      expect(await page.locator('.events li').count()).toBe(count);
      // Each actor as the team knows them, their id kept beside the name.
      expect(await page.locator('.events').textContent()).toContain('by Ada Lovelace (agent-ada, ');

      // Back to the first event with Home: the ticket was new then.
      const slider = page.getByRole('slider', { name: 'Moment of the history' });
      await slider.focus();
      await slider.press('Home');
      await expect.poll(() => position.textContent()).toMatch(new RegExp(`^Event 1 of ${count}, recorded `));
      await expect.poll(() => status.textContent()).toBe('New');
      // Forward with the arrow key to the event that first left it waiting on the customer.
      for (let step = 0; step < firstWaiting; step += 1) await slider.press('ArrowRight');
      await expect.poll(() => slider.getAttribute('aria-valuenow')).toBe(String(firstWaiting + 1));
      await expect.poll(() => status.textContent()).toBe('Waiting on customer');
      // The events after the chosen moment are marked so.
      expect(await page.locator('.events li[aria-current="step"]').textContent()).toContain(`${firstWaiting + 1}.`);
      expect(await page.locator('.events li', { hasText: 'after the chosen moment' }).count()).toBe(
        count - firstWaiting - 1,
      );
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-audit');
    });
    expect(consoleErrors).toEqual([]);
  });

  it("shows a chat's history the same way: verified, and waiting as of its first event", async () => {
    const auditor = await suite.stack.token('auditor', 'auditor-e2e');
    const { chatHistory } = await suite.stack.client.request<{ chatHistory: HistoryEvent[] }>(
      '{ chatHistory(chatId: "demo-chat") { version recordedAt } }',
      {},
      auditor,
    );
    const { page, consoleErrors } = await suite.signIn('Sign in as Dev Auditor');
    await withScreenshotOnFailure(page, 'desk-audit-chat', async () => {
      await page.goto(suite.url('/audit'));
      await page.getByLabel('History of').selectOption('chats');
      await page.getByLabel('Identifier').fill('demo-chat');
      await page.getByRole('button', { name: 'Open the history' }).click();
      await page.getByRole('heading', { level: 1, name: 'History of chat demo-chat' }).waitFor();
      await expect
        .poll(() => page.getByTestId('verdict').textContent())
        .toMatch(new RegExp(`All ${chatHistory.length} events are intact`));
      const slider = page.getByRole('slider', { name: 'Moment of the history' });
      await slider.focus();
      await slider.press('Home');
      const status = page.getByTestId('past-state').locator('dt:has-text("Status") + dd');
      await expect.poll(() => status.textContent()).toBe('Waiting');
      await expectAccessible(page);
    });
    expect(consoleErrors).toEqual([]);
  });

  it('adds an event recorded meanwhile to the timeline without a reload, and verifies it with the rest', async () => {
    const { stack } = suite;
    const { page, consoleErrors } = await suite.signIn('Sign in as Dev Auditor');
    await withScreenshotOnFailure(page, 'desk-audit-live', async () => {
      await page.goto(suite.url('/audit/tickets/demo-dark-mode'));
      const events = page.locator('.events li');
      await page.getByTestId('past-state').waitFor();
      const before = await events.count();
      expect(before).toBeGreaterThan(0);
      const admin = await stack.token('admin', 'dev-admin');
      await mutate(stack.client, 'addTicketTags', { ticketId: 'demo-dark-mode', tags: ['audited'] }, { token: admin });
      await expect.poll(() => events.count(), { timeout: 10_000 }).toBe(before + 1);
      expect(await events.last().textContent()).toContain('TicketTagsAdded');
      await expect
        .poll(() => page.getByTestId('verdict').textContent())
        .toMatch(new RegExp(`All ${before + 1} events are intact`));
      // The slider showed the latest event: it follows to the new one.
      await expect
        .poll(() => page.getByTestId('past-state').locator('dt:has-text("Tags") + dd').textContent())
        .toContain('audited');
    });
    expect(consoleErrors).toEqual([]);
  });

  it('names the event that breaks the chain when a stored event was altered', async () => {
    // Someone with write access to the database rewrites what the demo's password ticket was opened with.
    const databases = openDatabases(suite.stack.databaseUrl);
    try {
      await tamperWithEvents(
        databases.store,
        sql`update events set data = jsonb_set(data, '{subject}', '"Forged"') where stream_id = 'ticket-demo-password' and stream_version = 1`,
      );
    } finally {
      await databases.close();
    }
    const { page, consoleErrors } = await suite.signIn('Sign in as Dev Auditor');
    await withScreenshotOnFailure(page, 'desk-audit-broken', async () => {
      await page.goto(suite.url('/audit/tickets/demo-password'));
      const verdict = page.getByTestId('verdict');
      await expect
        .poll(() => verdict.textContent())
        .toContain('This history is NOT intact: the chain breaks at event 1.');
      expect(await verdict.textContent()).toContain('That event was changed after it was written');
      expect(await page.locator('.events li.bad').textContent()).toMatch(/^\s*1\. TicketOpened .*breaks the chain/s);
      await expectAccessible(page);
    });
    expect(consoleErrors).toEqual([]);
  });
});
