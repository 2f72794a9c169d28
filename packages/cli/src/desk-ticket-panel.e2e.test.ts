import { createCommandBus } from '@support-engine/application';
import type { CustomerCommand } from '@support-engine/domain/customer';
import { createPostgresEventStore } from '@support-engine/eventstore-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// The ticket page's side panel as Ada works a new ticket of Bob's: she moves it only along the
// lifecycle (a refused move disabled with why), changes its priority, tags and escalates it, gives
// it to Linus, watches its SLA clocks count down and reads Bob's panel; what a supervisor changes
// through the API meanwhile appears without a reload.

let suite: DeskSuite;
/** How long a poll waits for the engine and the page (the machine may be slow; vitest's default is one second). */
const WAIT = { timeout: 10_000 };

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
});
afterAll(async () => {
  await suite?.close();
});

interface PanelTicket {
  status: string;
  priority: string;
  tags: string[];
  tier: number;
  assigneeId: string | null;
}

describe("the ticket page's side panel", () => {
  it('changes status, priority, tags, tier and assignee through the API, counts the SLA down, shows the customer, and follows changes made elsewhere', async () => {
    const { stack } = suite;
    const ticketId = 'desk-panel-1';
    const [portal, admin, supervisor] = await Promise.all([
      stack.token('system', 'customer-portal'),
      stack.token('admin', 'dev-admin'),
      stack.token('supervisor', 'sup-e2e'),
    ]);
    await mutate(
      stack.client,
      'openTicket',
      {
        ticketId,
        customerId: 'cust-bob',
        subject: 'Reports stop at page 100',
        description: 'Longer ones are cut.',
        channel: 'web',
      },
      { token: portal },
    );
    await mutate(stack.client, 'assignTicket', { ticketId, agentId: 'agent-ada' }, { token: admin });
    const held = async () =>
      (
        await stack.client.request<{ ticket: PanelTicket }>(
          `{ ticket(id: "${ticketId}") { status priority tags tier assigneeId } }`,
          {},
          supervisor,
        )
      ).ticket;

    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-ticket-panel', async () => {
      await page.goto(suite.url(`/tickets/${ticketId}`));
      const panel = page.locator('aside');
      await panel.getByRole('heading', { name: 'Ticket details' }).waitFor();
      await panel.getByText('Now New.').waitFor();

      // Only the moves the lifecycle allows: from new, in progress; the others disabled with why.
      const move = (name: string) => panel.getByRole('button', { name, exact: true });
      expect(await move('In progress').isEnabled()).toBe(true);
      expect(await move('Resolved').isDisabled()).toBe(true);
      // Why, as the button's description.
      const why = async (name: string) =>
        page.locator(`#${await move(name).getAttribute('aria-describedby')}`).textContent();
      expect(await why('Resolved')).toBe('Not from “New”: the lifecycle allows only “In progress”.');
      expect(await move('Closed').isDisabled()).toBe(true);
      expect(await why('Closed')).toBe('A new ticket closes only as spam or invalid, before anyone answers it.');
      await expectAccessible(page);

      await move('In progress').click();
      await panel.getByText('Now In progress.').waitFor();
      expect((await held()).status).toBe('in_progress');
      // From in progress, new is refused and the rest allowed.
      expect(await move('New').isDisabled()).toBe(true);
      expect(await move('Resolved').isEnabled()).toBe(true);

      // Priority and a tag.
      await panel.getByLabel('Priority').selectOption('high');
      await expect.poll(async () => (await held()).priority, WAIT).toBe('high');
      await panel.getByLabel('New tag').fill('Reports');
      await panel.getByRole('button', { name: 'Add tag' }).click();
      await panel.getByRole('button', { name: 'Remove tag reports' }).waitFor();
      expect((await held()).tags).toEqual(['reports']);

      // An escalation needs a reason.
      await panel.getByRole('button', { name: /^Escalate/ }).click();
      await panel.getByText('Say why the ticket is escalated.').waitFor();
      expect((await held()).tier).toBe(1);
      await panel.getByLabel('Why').selectOption('complexity');
      await panel.getByLabel('Note (optional)').fill('Needs the reporting team');
      await panel.getByRole('button', { name: /^Escalate/ }).click();
      await panel.getByText('Support tier 2').waitFor();
      expect((await held()).tier).toBe(2);
      await expectAccessible(page);

      // Ada's own tier is now below the ticket's: the refusal is a sentence, and the field goes back.
      // The assignee is a combobox: typing narrows the agents, a click or Enter picks one; it
      // carries the agent it shows as data-value.
      const assignee = panel.getByRole('combobox', { name: 'Assignee' });
      const shown = () => assignee.getAttribute('data-value');
      // The router takes the ticket from Ada once it is above her tier: the field follows, live.
      await expect.poll(async () => (await held()).assigneeId, WAIT).not.toBe('agent-ada');
      const before = (await held()).assigneeId ?? '';
      await expect.poll(shown, WAIT).toBe(before);
      await assignee.fill('lovelace');
      await expect
        .poll(() => page.getByRole('listbox').getByRole('option').allTextContents(), WAIT)
        .toEqual(['Ada Lovelace (tier 1)']);
      await page.getByRole('option', { name: 'Ada Lovelace (tier 1)' }).click();
      await panel
        .getByRole('alert')
        .filter({ hasText: 'That agent’s tier is below the ticket’s: choose someone at its tier or above.' })
        .waitFor();
      await expect.poll(shown, WAIT).toBe(before);
      await expectAccessible(page);
      // By keyboard: the only agent matching what is typed is highlighted, and Enter picks them.
      await assignee.fill('linus');
      await page.getByRole('option', { name: 'Linus Pauling (tier 2)' }).waitFor();
      await assignee.press('Enter');
      await expect.poll(async () => (await held()).assigneeId, WAIT).toBe('agent-linus');
      await panel.getByText('Saved.').waitFor();
      expect(await assignee.inputValue()).toBe('Linus Pauling (tier 2)');

      // The SLA clocks count down in the browser.
      const clock = panel.locator('[data-metric="resolution"]');
      const first = await clock.textContent();
      expect(first).toMatch(/\d+:\d{2}:\d{2} left/);
      await expect.poll(() => clock.textContent(), WAIT).not.toBe(first);

      // Bob's panel: his profile, his other tickets (links) and how he rated them.
      await panel.getByText('Bob Keller').waitFor();
      await panel.getByText('bob@example.com').waitFor();
      const other = panel.getByRole('link', { name: 'App crashes when exporting a PDF' });
      expect(await other.getAttribute('href')).toBe('/desk/tickets/demo-export');
      await expect
        .poll(() => panel.getByTestId('customer-satisfaction').textContent(), WAIT)
        .toMatch(/Satisfaction: 2 \/ 5/);

      // A callback booked for tomorrow, in the agent's own time (the browser's zone).
      await panel.getByText('No callback booked.').waitFor();
      await panel.getByText('Book a callback').click();
      const tomorrow = new Date(Date.now() + 24 * 3_600_000);
      const local = new Date(tomorrow.getTime() - tomorrow.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      await panel.getByLabel(/^When/).fill(local);
      await panel.getByLabel('Reason', { exact: true }).fill('Walk through the long export');
      await panel.getByLabel(/^Phone/).fill('+44 20 7946 0000');
      await panel.getByRole('button', { name: 'Book the call' }).click();
      await panel.getByText(/booked · Walk through the long export · \+442079460000/).waitFor();
      const { ticket: booked } = await stack.client.request<{
        ticket: { callbacks: { reason: string; status: string }[] };
      }>(`{ ticket(id: "${ticketId}") { callbacks { reason status } } }`, {}, supervisor);
      expect(booked.callbacks).toEqual([{ reason: 'Walk through the long export', status: 'scheduled' }]);

      // A supervisor changes the ticket through the API: the panel follows without a reload.
      await mutate(stack.client, 'changeTicketPriority', { ticketId, priority: 'urgent' }, { token: supervisor });
      await mutate(stack.client, 'addTicketTags', { ticketId, tags: ['vip'] }, { token: supervisor });
      await expect.poll(() => panel.getByLabel('Priority').inputValue(), WAIT).toBe('urgent');
      await panel.getByRole('button', { name: 'Remove tag vip' }).waitFor();
      await expectAccessible(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await keepScreenshot(page, 'desk-ticket-panel');

      // Waiting on the customer, the clocks pause as the workflow says (read again once it has).
      await move('Waiting on customer').click();
      await panel.getByText('Now Waiting on customer.').waitFor();
      const resolutionState = async () =>
        (
          await stack.client.request<{ ticketSla: { metrics: { metric: string; state: string }[] } }>(
            `{ ticketSla(ticketId: "${ticketId}") { metrics { metric state } } }`,
            {},
            supervisor,
          )
        ).ticketSla.metrics.find((metric) => metric.metric === 'resolution')?.state;
      await expect.poll(resolutionState, WAIT).toBe('paused');
      await page.reload();
      await expect.poll(() => clock.getAttribute('data-phase'), WAIT).toBe('paused');
      expect(await clock.textContent()).toMatch(/^\s*Paused, waiting on the customer: \d+:\d{2}:\d{2} left\s*$/);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('tells the agent, live, when mail to the customer fails for now and when it bounces for good', async () => {
    const { stack } = suite;
    const ticketId = 'desk-panel-bounce';
    const [portal, supervisor] = await Promise.all([
      stack.token('system', 'customer-portal'),
      stack.token('supervisor', 'sup-e2e'),
    ]);
    const opened = await mutate(
      stack.client,
      'openTicket',
      {
        ticketId,
        customerId: 'cust-carol',
        subject: 'Invoices never arrive',
        description: 'Nothing since May.',
        channel: 'web',
      },
      { token: portal },
    );
    // The bounces come as the mail ingress records them: the customer's own commands on the engine's store.
    const store = createPostgresEventStore({ connectionString: stack.databaseUrl, listen: false });
    const bus = createCommandBus(store, () => new Date());
    const softBounce = (n: number) => {
      const command: CustomerCommand = {
        type: 'RecordEmailSoftBounce',
        data: { customerId: 'cust-carol', address: 'carol@example.com', reason: '452 4.2.2 Mailbox full' },
      };
      return bus.send('customer', 'cust-carol', command, { id: 'mail-in', role: 'system' }, `soft-bounce-e2e-${n}`);
    };
    // Opened once the read models hold the ticket: projected between the page's read and its
    // subscription's start, it would be in neither (the live feed's one window left), and nothing
    // about it changes afterwards to bring it in.
    await stack.client.request(
      'query($id: ID!, $token: String) { ticket(id: $id, consistencyToken: $token) { id } }',
      { id: ticketId, token: opened.consistencyToken },
      supervisor,
    );
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    try {
      await withScreenshotOnFailure(page, 'desk-ticket-panel-bounce', async () => {
        await page.goto(suite.url(`/tickets/${ticketId}`));
        const panel = page.locator('aside');
        await panel.getByText('carol@example.com').waitFor();
        const bounce = panel.getByTestId('customer-bounce');
        expect(await bounce.count()).toBe(0);

        // One failure for now: still mailed, and the agent sees when it failed.
        await softBounce(1);
        await expect
          .poll(() => bounce.textContent(), WAIT)
          .toMatch(
            /^Mail to this address last failed for now on .+; still mailed \(three such failures in a week stop it\)\.$/,
          );
        await expectAccessible(page);

        // Three within a week count as a hard bounce (the customer's rule): the card says so, live.
        await softBounce(2);
        await softBounce(3);
        await expect
          .poll(() => bounce.textContent(), WAIT)
          .toBe(
            'Mail to carol@example.com bounces for good: they are told in the app instead, until their address changes.',
          );
        await expectAccessible(page);
        expect(consoleErrors).toEqual([]);
      });
    } finally {
      await page.close();
      await store.close();
    }
  });
});
