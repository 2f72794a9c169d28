import { randomBytes } from 'node:crypto';
import { DESK_PATH } from '@support-engine/api';
import { type RunningWebhookReceiver, startWebhookReceiver } from '@support-engine/servers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DevWebhookSecrets } from './dev/webhook-secrets.js';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';

// The admins' screens as the demo's admin meets them: an agent's capacity edited, a policy saved
// after a what-if whose figures are the API's, a webhook registered on a real receiver that
// verifies every signature (before and after its secret is rotated), a canned reply created. A
// value the form can check is refused before anything is sent; the API's refusals are sentences.

let suite: DeskSuite;
let receiver: RunningWebhookReceiver;
let secrets: DevWebhookSecrets;
let admin: string;

beforeAll(async () => {
  const webhookKey = randomBytes(32);
  suite = await startDeskSuite('en-GB', {
    WEBHOOK_SECRET_KEY: webhookKey.toString('hex'),
    WEBHOOKS_ALLOW_PRIVATE: 'true',
  });
  secrets = new DevWebhookSecrets(webhookKey);
  receiver = await startWebhookReceiver({ secrets: secrets.lookup });
  secrets.start(suite.stack.databaseUrl, receiver.url);
  admin = await suite.stack.token('admin', 'dev-admin');
});
afterAll(async () => {
  await receiver?.stop();
  await secrets?.stop();
  await suite?.close();
});

const api = <T>(query: string, variables: Record<string, unknown> = {}) =>
  suite.stack.client.request<T>(query, variables, admin);

/** The admin, signed in, on the admin section whose link reads `section`. */
async function openSection(section: string): Promise<{ page: Page; consoleErrors: string[] }> {
  const signedIn = await suite.signIn('Sign in as Dev Admin');
  const { page } = signedIn;
  await page.getByRole('link', { name: 'Admin', exact: true }).click();
  await page.waitForURL(`**${DESK_PATH}/admin`);
  await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  await expectAccessible(page);
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: section }).click();
  await page.getByRole('heading', { level: 1, name: section }).waitFor();
  return signedIn;
}

const alert = (page: Page) => page.locator('[role="alert"]');

describe("the desk's admin screens", () => {
  it("edit an agent's capacity, checking what they can before sending and wording the API's refusal", async () => {
    const { page, consoleErrors } = await openSection('Agents');
    await withScreenshotOnFailure(page, 'desk-admin-agents', async () => {
      const ada = async () =>
        (
          await api<{
            agents: { id: string; capacity: number; ticketCapacity: number | null; activeTickets: number }[];
          }>('{ agents { id capacity ticketCapacity activeTickets } }')
        ).agents.find((agent) => agent.id === 'agent-ada');
      const before = await ada();
      // She holds the demo's tickets: a cap below them is the API's refusal to word.
      expect(before?.activeTickets).toBeGreaterThanOrEqual(2);
      const row = page.locator('tr[data-agent-id="agent-ada"]');
      await row.waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Edit Ada Lovelace' }).click();
      const capacity = page.getByLabel('Chats at once (1 to 20)');
      const ticketCapacity = page.getByLabel('Open tickets at once (1 to 1000; empty: no cap)');

      // Not a number: said at once, nothing sent.
      await capacity.fill('lots');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Enter a whole number.').waitFor();
      expect(await capacity.getAttribute('aria-invalid')).toBe('true');
      await alert(page).filter({ hasText: 'Correct the fields marked before saving.' }).waitFor();
      await expectAccessible(page);
      expect(await ada()).toEqual(before);

      // Fewer open tickets than she holds: the API refuses, in words.
      await capacity.fill(String(before?.capacity));
      await ticketCapacity.fill('1');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await alert(page)
        .filter({
          hasText: 'The agent holds more work than this limit: hand some of it over before lowering the limit.',
        })
        .waitFor();
      expect(await alert(page).textContent()).not.toContain('CAPACITY_BELOW_LOAD');
      expect(await ada()).toEqual(before);

      // A capacity the API takes: saved, and shown.
      await ticketCapacity.fill('');
      await capacity.fill('7');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Ada Lovelace saved.').waitFor();
      expect((await ada())?.capacity).toBe(7);
      await expect.poll(() => row.locator('[data-testid="capacity"]').textContent()).toBe('7');
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('saves a policy after a what-if preview whose figures are the API’s for the same draft and period', async () => {
    const { page, consoleErrors } = await openSection('SLA policies');
    await withScreenshotOnFailure(page, 'desk-admin-policies', async () => {
      type Entry = { id: string; version: number; name: string; definition: Record<string, unknown> };
      const policy = async () =>
        (
          await api<{ slaConfiguration: { policies: Entry[] } }>(
            '{ slaConfiguration { policies { id version name definition } } }',
          )
        ).slaConfiguration.policies.find((entry) => entry.id === 'premium') as Entry;
      const before = await policy();
      // A ticket of Alice's (premium plan; high priority: 30 minutes to a first response) waits
      // five minutes unanswered: late under a draft that asks for one within a minute, not as recorded.
      const late = 'desk-admin-late';
      await mutate(
        suite.stack.client,
        'openTicket',
        {
          ticketId: late,
          customerId: 'cust-alice',
          subject: 'The invoice PDF is blank',
          description: 'It opens, but shows nothing.',
          channel: 'web',
          priority: 'high',
        },
        { token: await suite.stack.token('system', 'customer-portal') },
      );
      await expect
        .poll(async () => (await api<{ ticket: { id: string } | null }>(`{ ticket(id: "${late}") { id } }`)).ticket)
        .not.toBeNull();
      await suite.stack.skip(5 * 60_000);
      await page.getByRole('button', { name: `Edit the policy ${before.name}` }).click();
      const target = page.getByLabel('First response target for High priority, in minutes');
      const save = page.getByRole('button', { name: 'Save the policy' });

      // A zero target: said before anything is sent; saving waits for a preview anyway.
      await target.fill('0');
      await page.getByRole('button', { name: 'Preview' }).click();
      await page.getByText('Enter a number from 1 to 525600.').waitFor();
      expect(await save.isDisabled()).toBe(true);
      await expectAccessible(page);

      // The draft: the high priority's first response within a minute.
      await target.fill('1');
      expect(await save.isDisabled()).toBe(true);
      await page.getByRole('button', { name: 'Preview' }).click();
      const whatIf = page.getByTestId('what-if');
      await whatIf.waitFor();
      await expect.poll(() => save.isDisabled()).toBe(false);

      // The same draft and period, asked of the API.
      const first = await page.getByLabel('First day').inputValue();
      const last = await page.getByLabel('Last day').inputValue();
      const from = new Date(`${first}T00:00:00Z`);
      const to = new Date(Date.parse(`${last}T00:00:00Z`) + 86_400_000);
      const stored = before.definition as { targets: Record<string, Record<string, number>> } & Record<string, unknown>;
      const draft = {
        ...stored,
        categoryTargets: Object.entries((stored.categoryTargets ?? {}) as Record<string, object>).map(
          ([category, targets]) => ({ category, ...targets }),
        ),
        targets: { ...stored.targets, high: { ...stored.targets.high, firstResponseMinutes: 1 } },
      };
      type Figures = {
        tickets: number;
        breaches: number;
        warnings: number;
        escalations: number;
        compliance: { firstResponse: { met: number }; resolution: { met: number } };
      };
      const FIGURES = 'tickets breaches warnings escalations compliance { firstResponse { met } resolution { met } }';
      const { slaWhatIf } = await api<{
        slaWhatIf: { overall: { actual: Figures; whatIf: Figures }; changedTickets: { ticketId: string }[] };
      }>(
        `query($p: SlaPolicyDefinitionInput!, $from: DateTime!, $to: DateTime!) {
          slaWhatIf(policy: $p, from: $from, to: $to, policyId: "premium") {
            overall { actual { ${FIGURES} } whatIf { ${FIGURES} } } changedTickets { ticketId } } }`,
        { p: draft, from: from.toISOString(), to: to.toISOString() },
      );
      const figuresOf = (figures: Figures) => ({
        tickets: figures.tickets,
        breaches: figures.breaches,
        warnings: figures.warnings,
        escalations: figures.escalations,
        firstResponseMet: figures.compliance.firstResponse.met,
        resolutionMet: figures.compliance.resolution.met,
      });
      const shown = async (column: 'actual' | 'whatIf') =>
        Object.fromEntries(
          await whatIf
            .locator('tr[data-figure]')
            .evaluateAll(
              (rows, name) =>
                rows.map((row) => [
                  (row as HTMLElement).dataset.figure,
                  Number(row.querySelector(`[data-column="${name}"]`)?.textContent),
                ]),
              column,
            ),
        );
      expect(await shown('actual')).toEqual(figuresOf(slaWhatIf.overall.actual));
      expect(await shown('whatIf')).toEqual(figuresOf(slaWhatIf.overall.whatIf));
      // The tickets whose outcome would differ: the API's, the late one among them.
      const changed = await whatIf
        .locator('[data-testid="changed-tickets"] tr[data-ticket-id]')
        .evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.ticketId));
      expect(changed).toEqual(slaWhatIf.changedTickets.map((ticket) => ticket.ticketId));
      expect(changed).toContain(late);
      await whatIf.getByText(`Tickets whose SLA outcome would differ under the draft: ${changed.length}.`).waitFor();
      await expectAccessible(page);
      await page
        .getByRole('heading', { name: 'What the draft would have changed' })
        .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
      await keepScreenshot(page, 'desk-admin');

      // Saved: the API holds the new version with the draft's target.
      await save.click();
      await page.getByText(`The policy ${before.name} is saved (version ${before.version + 1}).`).waitFor();
      const after = await policy();
      expect(after.version).toBe(before.version + 1);
      expect((after.definition as typeof stored).targets.high?.firstResponseMinutes).toBe(1);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('registers a webhook on a real receiver, shows its deliveries, rotates its secret and resends', async () => {
    const { page, consoleErrors } = await openSection('Webhooks');
    await withScreenshotOnFailure(page, 'desk-admin-webhooks', async () => {
      await expectAccessible(page);
      const url = page.getByLabel('Address (http or https)');
      const register = page.getByRole('button', { name: 'Register', exact: true });
      await url.fill('not an address');
      await register.click();
      await page.getByText('Enter an http or https address.').waitFor();
      expect((await api<{ webhookEndpoints: unknown[] }>('{ webhookEndpoints { id } }')).webhookEndpoints).toEqual([]);

      const address = `${receiver.url}/hooks/desk`;
      await url.fill(address);
      await register.click();
      const secretShown = page.getByTestId('secret-value');
      await secretShown.waitFor();
      // The notifier lists a new endpoint within moments.
      const endpoints = async () =>
        (await api<{ webhookEndpoints: { id: string; url: string }[] }>('{ webhookEndpoints { id url } }'))
          .webhookEndpoints;
      await expect.poll(async () => (await endpoints()).map((each) => each.url)).toEqual([address]);
      const [endpoint] = await endpoints();
      const secretOf = async () =>
        (
          await api<{ webhookEndpointSecret: string }>('query($id: ID!) { webhookEndpointSecret(id: $id) }', {
            id: endpoint?.id,
          })
        ).webhookEndpointSecret;
      const firstSecret = await secretShown.textContent();
      expect(firstSecret).toMatch(/^whsec_/);
      expect(firstSecret).toBe(await secretOf());
      await expectAccessible(page);
      await page.getByRole('button', { name: 'I have copied it' }).click();
      await secretShown.waitFor({ state: 'detached' });

      // A test event reaches the receiver, signed with that secret, and shows as delivered.
      const row = page.locator(`tr[data-endpoint-id="${endpoint?.id}"]`);
      const deliveredTo = () =>
        receiver.requests().filter((request) => request.path === '/hooks/desk' && request.verified).length;
      await row.getByRole('button', { name: 'Send a test event' }).click();
      await page.getByRole('heading', { name: `Deliveries to ${address}` }).waitFor();
      const delivered = page.locator('tr[data-status="delivered"]');
      await delivered.first().waitFor({ timeout: 30_000 });
      expect(deliveredTo()).toBe(1);
      expect(receiver.requests().filter((request) => !request.verified)).toEqual([]);
      await expectAccessible(page);

      // A new secret, shown once; the next delivery is signed with it and verifies.
      await row.getByRole('button', { name: 'Rotate the secret' }).click();
      await expect.poll(() => secretShown.textContent()).not.toBe(firstSecret);
      expect(await secretShown.textContent()).toBe(await secretOf());
      await row.getByText('version 2').waitFor();
      await page.getByRole('button', { name: 'I have copied it' }).click();
      await row.getByRole('button', { name: 'Send a test event' }).click();
      await expect.poll(() => delivered.count(), { timeout: 30_000 }).toBe(2);
      expect(deliveredTo()).toBe(2);

      // No dead letters; a delivered one sent again arrives again.
      await page.getByLabel('Show').selectOption('dead');
      await page.getByText('No deliveries.').waitFor();
      await page.getByLabel('Show').selectOption('all');
      await delivered.first().getByRole('button', { name: 'Resend' }).click();
      await page.getByText('Sent again.').waitFor();
      await expect.poll(deliveredTo, { timeout: 30_000 }).toBe(3);
      expect(receiver.requests().filter((request) => !request.verified)).toEqual([]);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it("creates a canned reply, after the form's checks and the API's refusal of an unknown placeholder", async () => {
    const { page, consoleErrors } = await openSection('Canned replies');
    await withScreenshotOnFailure(page, 'desk-admin-canned', async () => {
      await page.getByRole('button', { name: 'New canned reply' }).click();
      const save = page.getByRole('button', { name: 'Save', exact: true });
      await save.click();
      await expect.poll(() => page.getByText('Required.').count()).toBe(2);
      await expectAccessible(page);

      await page.getByLabel('Name', { exact: true }).fill('Desk test: thanks for waiting');
      await page.getByLabel(/^Text/).fill('Hello {{customer.age}}, thanks for waiting.');
      await save.click();
      await alert(page).filter({ hasText: 'The text uses a placeholder the engine does not know' }).waitFor();

      await page.getByLabel(/^Text/).fill('Hello {{customer.firstName}}, thanks for waiting.');
      await save.click();
      await page.getByText('Saved.').waitFor();
      await page.getByRole('cell', { name: 'Desk test: thanks for waiting', exact: true }).waitFor();
      const { cannedReplies } = await api<{ cannedReplies: { name: string; body: string; scope: string }[] }>(
        '{ cannedReplies { name body scope } }',
      );
      expect(cannedReplies).toContainEqual({
        name: 'Desk test: thanks for waiting',
        body: 'Hello {{customer.firstName}}, thanks for waiting.',
        scope: 'shared',
      });
      await expectAccessible(page);

      // Deleted after a confirmation: the API no longer lists it.
      await page.getByRole('button', { name: 'Delete Desk test: thanks for waiting?' }).click();
      await page.getByRole('button', { name: 'Yes, delete it' }).click();
      await page.getByText('Desk test: thanks for waiting deleted.').waitFor();
      const left = await api<{ cannedReplies: { name: string }[] }>('{ cannedReplies { name } }');
      expect(left.cannedReplies.map((reply) => reply.name)).not.toContain('Desk test: thanks for waiting');
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it("adds a holiday to a calendar and creates a category, after the form's checks", async () => {
    const { page, consoleErrors } = await openSection('Calendars');
    await withScreenshotOnFailure(page, 'desk-admin-calendars', async () => {
      type Calendar = {
        id: string;
        name: string;
        version: number;
        definition: { calendar: { kind: string; holidays?: string[] }; coverage?: { to: string } };
      };
      const calendars = async () =>
        (
          await api<{ slaConfiguration: { calendars: Calendar[] } }>(
            '{ slaConfiguration { calendars { id name version definition } } }',
          )
        ).slaConfiguration.calendars;
      const weekly = (await calendars()).find((calendar) => calendar.definition.calendar.kind === 'weekly');
      if (!weekly) throw new Error('the demo has no calendar with weekly hours');
      // Inside the dates the calendar is maintained for (the last of them).
      const holiday = weekly.definition.coverage?.to ?? '2099-12-31';
      await page.getByRole('button', { name: `Edit the calendar ${weekly.name}` }).click();
      await page.getByRole('button', { name: 'Add the holiday' }).click();
      await page.getByText('Enter a date.').waitFor();
      await page.getByLabel('New holiday').fill(holiday);
      await page.getByRole('button', { name: 'Add the holiday' }).click();
      await page.getByRole('button', { name: `Remove ${holiday}` }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved.').waitFor();
      const saved = (await calendars()).find((calendar) => calendar.id === weekly.id);
      expect(saved?.version).toBe(weekly.version + 1);
      expect(saved?.definition.calendar.holidays).toContain(holiday);

      await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Categories' }).click();
      await page.getByRole('heading', { level: 1, name: 'Categories' }).waitFor();
      await page.getByRole('button', { name: 'New category' }).click();
      await page.getByLabel('Id (letters, digits, - and _)').fill('returns and refunds');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Use letters, digits, dots, dashes and underscores.').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Id (letters, digits, - and _)').fill('desk-returns');
      await page.getByLabel('Name', { exact: true }).fill('Returns');
      await page.getByLabel('SLA policy').selectOption('standard');
      await page.getByLabel('Default priority').selectOption('high');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('cell', { name: 'Returns', exact: true }).waitFor();
      const { slaConfiguration } = await api<{
        slaConfiguration: { categories: { id: string; name: string; slaPolicyId: string; defaultPriority: string }[] };
      }>('{ slaConfiguration { categories { id name slaPolicyId defaultPriority } } }');
      expect(slaConfiguration.categories).toContainEqual({
        id: 'desk-returns',
        name: 'Returns',
        slaPolicyId: 'standard',
        defaultPriority: 'high',
      });
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});
