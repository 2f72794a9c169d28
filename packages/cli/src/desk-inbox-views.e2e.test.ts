import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { startBrowser, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';
import { drawnRows } from './testing/desk-inbox.fixture.js';
import type { E2eStack } from './testing/stack.fixture.js';

// The views people save in the inbox (kept by the API on their own staff stream, so they follow
// them to another browser), "unassigned in my queues" as the router sees each agent, and counts
// that follow every ticket's change live. In English, as the README's screenshot.

let suite: DeskSuite;
let stack: E2eStack;
const tokens: Record<'ada' | 'linus' | 'portal' | 'supervisor', string> = {
  ada: '',
  linus: '',
  portal: '',
  supervisor: '',
};

const OPEN = 'status: [new, in_progress, waiting_customer]';

async function apiCount(filter: string, as: keyof typeof tokens): Promise<number> {
  const { ticketCount } = await stack.client.request<{ ticketCount: number }>(
    `{ ticketCount(filter: ${filter}) }`,
    {},
    tokens[as],
  );
  return ticketCount;
}

async function apiIds(filter: string, as: keyof typeof tokens): Promise<string[]> {
  const { tickets } = await stack.client.request<{ tickets: { items: { id: string }[] } }>(
    `{ tickets(filter: ${filter}, first: 100) { items { id } } }`,
    {},
    tokens[as],
  );
  return tickets.items.map((ticket) => ticket.id).sort();
}

async function apiViews(): Promise<{ id: string; name: string }[]> {
  const { inboxViews } = await stack.client.request<{ inboxViews: { id: string; name: string }[] }>(
    '{ inboxViews { id name } }',
    {},
    tokens.ada,
  );
  return inboxViews;
}

/** A saved view's link by its name, and the count it shows. */
const savedLink = (page: Page, name: string) => page.locator('a[data-saved-view]', { hasText: name });
const savedCount = async (page: Page, name: string) =>
  Number(await savedLink(page, name).locator('.count').getAttribute('data-count'));
const viewCount = async (page: Page, view: string) => {
  const count = await page.locator(`a[data-view="${view}"] .count`).getAttribute('data-count');
  return count === '' || count === null ? null : Number(count);
};

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
  ({ stack } = suite);
  tokens.ada = await stack.token('agent', 'agent-ada');
  tokens.linus = await stack.token('agent', 'agent-linus');
  tokens.portal = await stack.token('system', 'customer-portal');
  tokens.supervisor = await stack.token('supervisor', 'sup-e2e');
  // An email ticket nobody holds, and one escalated to tier 2, out of Ada's reach (tier 1) and in
  // Linus's (tier 2); both are busy, so the router leaves them waiting.
  for (const [ticketId, channel] of [
    ['views-e2e-mail', 'email'],
    ['views-e2e-tier2', 'web'],
  ] as const)
    await mutate(
      stack.client,
      'openTicket',
      {
        ticketId,
        customerId: 'cust-dan',
        channel,
        subject: `Views test (${channel})`,
        description: 'From the views test.',
      },
      { token: tokens.portal },
    );
  await mutate(
    stack.client,
    'escalateTicket',
    { ticketId: 'views-e2e-tier2', reason: 'complexity' },
    { token: tokens.supervisor },
  );
});
afterAll(async () => {
  await suite?.close();
});

describe('views saved by the user', () => {
  it('saves the filters and order under a name, with its count, follows the user to another browser, renames, moves and deletes', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-inbox-views', async () => {
      // The demo's own view, with the API's count of its filter.
      const demo = 'Billing, most urgent first';
      await expect
        .poll(async () => (await savedLink(page, demo).count()) === 1 && (await savedCount(page, demo)))
        .toBe(await apiCount(`{ category: "billing", ${OPEN} }`, 'ada'));

      // Every open email ticket, newest first, saved as a view.
      await page.locator('a[data-view="all"]').click();
      await page.getByRole('combobox', { name: 'Channel' }).selectOption('email');
      await page.waitForURL(/channel=email/);
      await page.getByRole('textbox', { name: 'View name' }).fill('Open email');
      await page.getByRole('button', { name: 'Save as a view' }).click();
      await page.waitForURL(/saved=/);
      await expect
        .poll(() => page.locator('section.saved [role="status"]').textContent())
        .toContain('View “Open email” saved.');
      const emailed = `{ ${OPEN}, channel: [email] }`;
      await expect.poll(() => savedCount(page, 'Open email')).toBe(await apiCount(emailed, 'ada'));
      expect(await apiIds(emailed, 'ada')).toContain('views-e2e-mail');
      await expect.poll(async () => (await drawnRows(page)).sort()).toEqual(await apiIds(emailed, 'ada'));
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-inbox-views');

      // A name she already has, in other case, is refused in words, and nothing is saved.
      await page.getByRole('textbox', { name: 'View name' }).fill('OPEN EMAIL');
      await page.getByRole('button', { name: 'Save as a view' }).click();
      await expect
        .poll(() => page.locator('section.saved [role="alert"]').textContent())
        .toContain('You already have a view with that name');
      expect((await apiViews()).map((view) => view.name)).toEqual([demo, 'Open email']);

      // Another browser: Ada signs in there, and her view is there, with its count and its list.
      const elsewhere = await startBrowser('en-GB');
      try {
        const second = await suite.signIn('Sign in as Ada Lovelace', undefined, elsewhere);
        await withScreenshotOnFailure(second.page, 'desk-inbox-views-elsewhere', async () => {
          await expect.poll(() => savedLink(second.page, 'Open email').count()).toBe(1);
          await savedLink(second.page, 'Open email').click();
          await second.page.waitForURL(/saved=/);
          await expect.poll(async () => (await drawnRows(second.page)).sort()).toEqual(await apiIds(emailed, 'ada'));
          expect(await savedCount(second.page, 'Open email')).toBe(await apiCount(emailed, 'ada'));
          await expectAccessible(second.page);
          expect(second.consoleErrors).toEqual([]);
        });
      } finally {
        await elsewhere.close();
      }

      // Renamed, moved before the demo's, then deleted: each as the API then holds it.
      await page.getByRole('textbox', { name: 'New name of “Open email”' }).fill('Email queue');
      await page.getByRole('button', { name: 'Rename' }).click();
      await expect.poll(() => savedLink(page, 'Email queue').count()).toBe(1);
      await page.getByRole('button', { name: 'Move “Email queue” earlier' }).click();
      await expect
        .poll(() => page.locator('a[data-saved-view]').allTextContents())
        .toEqual([expect.stringContaining('Email queue'), expect.stringContaining(demo)]);
      expect((await apiViews()).map((view) => view.name)).toEqual(['Email queue', demo]);
      await page.getByRole('button', { name: 'Delete “Email queue”' }).click();
      await expect.poll(() => savedLink(page, 'Email queue').count()).toBe(0);
      await expect.poll(() => new URL(page.url()).searchParams.has('saved')).toBe(false);
      expect((await apiViews()).map((view) => view.name)).toEqual([demo]);
      expect(consoleErrors).toEqual([]);
    });
  });

  it('shares a supervisor’s view with the team: every agent lists it with their own count; an agent cannot share', async () => {
    const teamViews = async (as: keyof typeof tokens) =>
      (
        await stack.client.request<{ teamInboxViews: { id: string; name: string }[] }>(
          '{ teamInboxViews { id name } }',
          {},
          tokens[as],
        )
      ).teamInboxViews.map((view) => view.name);
    const teamLink = (page: Page, name: string) => page.locator('a[data-team-view]', { hasText: name });
    const demo = 'Urgent, nobody on it';
    const emailed = `{ ${OPEN}, channel: [email] }`;
    // Ada's inbox is open before Sue shares: the team's views reach it without a reload.
    const ada = await suite.signIn('Sign in as Ada Lovelace');
    await expect.poll(() => teamLink(ada.page, demo).count()).toBe(1);
    await ada.page.evaluate(() => {
      (window as unknown as { stillHere: boolean }).stillHere = true;
    });
    const sue = await suite.signIn('Sign in as Sue Supervisor');
    await withScreenshotOnFailure(sue.page, 'desk-inbox-views-share', async () => {
      // The demo's shared view is hers, marked shared; a new one is shared as it is saved.
      await expect.poll(() => savedLink(sue.page, demo).locator('[data-shared]').count()).toBe(1);
      await sue.page.getByRole('combobox', { name: 'Channel' }).selectOption('email');
      await sue.page.waitForURL(/channel=email/);
      await sue.page.getByRole('textbox', { name: 'View name' }).fill('Team email');
      await sue.page.getByRole('checkbox', { name: 'Share with the team' }).check();
      await sue.page.getByRole('button', { name: 'Save as a view' }).click();
      await expect
        .poll(() => sue.page.locator('section.saved [role="status"]').textContent())
        .toContain('View “Team email” saved and shared with the team.');
      await expectAccessible(sue.page);
      expect(sue.consoleErrors).toEqual([]);
    });
    expect(await teamViews('ada')).toEqual(['Team email', demo]);

    await withScreenshotOnFailure(ada.page, 'desk-inbox-views-team', async () => {
      // Each shared view with Ada's own count; opened, it lists what the API lists for her.
      await expect.poll(() => teamLink(ada.page, 'Team email').count(), { timeout: 10_000 }).toBe(1);
      const count = Number(await teamLink(ada.page, 'Team email').locator('.count').getAttribute('data-count'));
      expect(count).toBe(await apiCount(emailed, 'ada'));
      const urgent = `{ priority: [urgent, high], unassigned: true, ${OPEN} }`;
      await expect
        .poll(async () => Number(await teamLink(ada.page, demo).locator('.count').getAttribute('data-count')))
        .toBe(await apiCount(urgent, 'ada'));
      await teamLink(ada.page, 'Team email').click();
      await ada.page.waitForURL(/saved=/);
      await expect.poll(async () => (await drawnRows(ada.page)).sort()).toEqual(await apiIds(emailed, 'ada'));
      // An agent's views stay her own: no sharing offered.
      expect(await ada.page.getByRole('checkbox', { name: 'Share with the team' }).count()).toBe(0);
      expect(await ada.page.getByRole('button', { name: /Share “/ }).count()).toBe(0);
      expect(await ada.page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
      await expectAccessible(ada.page);
    });

    // Sue takes hers back: it leaves Ada's inbox, again without a reload.
    await withScreenshotOnFailure(sue.page, 'desk-inbox-views-unshare', async () => {
      await sue.page.getByRole('button', { name: 'Stop sharing “Team email”' }).click();
      await expect
        .poll(() => sue.page.locator('section.saved [role="status"]').textContent())
        .toContain('“Team email” is yours alone again.');
      await expect.poll(() => savedLink(sue.page, 'Team email').locator('[data-shared]').count()).toBe(0);
    });
    expect(await teamViews('ada')).toEqual([demo]);
    await expect.poll(() => teamLink(ada.page, 'Team email').count(), { timeout: 10_000 }).toBe(0);

    // Another lead takes Sue's demo view off the team's list: it leaves Ada's live, and stays Sue's.
    const admin = await suite.signIn('Sign in as Dev Admin');
    await withScreenshotOnFailure(admin.page, 'desk-inbox-views-take-down', async () => {
      await teamLink(admin.page, demo).click();
      await admin.page.waitForURL(/saved=/);
      await admin.page.getByRole('button', { name: `Stop sharing “${demo}” with the team` }).click();
      await expect
        .poll(() => admin.page.locator('section.saved [role="status"]').textContent())
        .toContain(`“${demo}” is no longer shared with the team; it stays its owner’s view.`);
      await expect.poll(() => teamLink(admin.page, demo).count()).toBe(0);
      expect(admin.consoleErrors).toEqual([]);
    });
    await expect.poll(() => teamLink(ada.page, demo).count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => savedLink(sue.page, demo).count()).toBe(1);
    await expect.poll(() => savedLink(sue.page, demo).locator('[data-shared]').count(), { timeout: 10_000 }).toBe(0);
    await admin.page.close();
    expect(ada.consoleErrors).toEqual([]);
    await sue.page.close();
    await ada.page.close();
  });

  it('lists "unassigned in my queues" as the router sees each agent: the escalated ticket is Linus’s, not Ada’s', async () => {
    const queues = `{ inMyQueues: true, ${OPEN} }`;
    const ada = await apiIds(queues, 'ada');
    const linus = await apiIds(queues, 'linus');
    expect(ada).not.toContain('views-e2e-tier2');
    expect(linus).toContain('views-e2e-tier2');
    expect(ada).toContain('views-e2e-mail');
    for (const [button, as, ids] of [
      ['Sign in as Ada Lovelace', 'ada', ada],
      ['Sign in as Linus Pauling', 'linus', linus],
    ] as const) {
      const { page, consoleErrors } = await suite.signIn(button);
      await withScreenshotOnFailure(page, `desk-inbox-queues-${as}`, async () => {
        await expect.poll(() => viewCount(page, 'queues')).toBe(await apiCount(queues, as));
        await page.locator('a[data-view="queues"]').click();
        await page.waitForURL(/view=queues/);
        await expect.poll(async () => (await drawnRows(page)).sort()).toEqual(ids);
        await expectAccessible(page);
        expect(consoleErrors).toEqual([]);
      });
      await page.close();
    }
  });

  it('moves every count live, a saved view’s too, when a ticket no row on screen shows is opened elsewhere', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-inbox-views-live', async () => {
      const demo = 'Billing, most urgent first';
      const billing = `{ category: "billing", ${OPEN} }`;
      await expect.poll(() => viewCount(page, 'all')).toBe(await apiCount(`{ ${OPEN} }`, 'ada'));
      await expect.poll(() => savedCount(page, demo)).toBe(await apiCount(billing, 'ada'));
      const before = { all: await viewCount(page, 'all'), demo: await savedCount(page, demo) };
      // Ada's own view lists her tickets; the new one is nobody's, so no row of hers shows it.
      await mutate(
        stack.client,
        'openTicket',
        {
          ticketId: 'views-e2e-live',
          customerId: 'cust-dan',
          channel: 'web',
          category: 'billing',
          subject: 'Invoice twice',
          description: 'Live count test.',
        },
        { token: tokens.portal },
      );
      await expect.poll(() => viewCount(page, 'all')).toBe((before.all ?? 0) + 1);
      await expect.poll(() => savedCount(page, demo)).toBe(before.demo + 1);
      expect(await savedCount(page, demo)).toBe(await apiCount(billing, 'ada'));
      expect(consoleErrors).toEqual([]);
    });
  });
});
