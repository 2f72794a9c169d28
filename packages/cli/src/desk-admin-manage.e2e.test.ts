import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { expectAccessible, keepScreenshot } from './testing/desk.fixture.js';
import { type AdminSuite, alertsOf, startAdminSuite } from './testing/desk-admin.fixture.js';

// The admins' forms that create, delete and switch off: a calendar made with its weekly hours and
// holidays imported (a list of dates read by the desk, an iCalendar file read by the engine), a
// policy created, given to a plan and deleted, an agent registered then deactivated, a webhook
// endpoint edited and disabled; and another admin's changes appearing without a reload.

let admins: AdminSuite;

beforeAll(async () => {
  admins = await startAdminSuite();
});
afterAll(async () => admins?.close());

const api = <T>(query: string, variables: Record<string, unknown> = {}) => admins.api<T>(query, variables);
const change = (name: string, input: Record<string, unknown>) => admins.change(name, input);
const openSection = (section: string) => admins.openSection(section);
const alert = alertsOf;

type Calendar = {
  id: string;
  version: number;
  definition: { calendar: { kind: string; weekly?: Record<string, unknown>; holidays?: string[] } };
};
const calendar = async (id: string) =>
  (
    await api<{ slaConfiguration: { calendars: Calendar[] } }>(
      '{ slaConfiguration { calendars { id version definition } } }',
    )
  ).slaConfiguration.calendars.find((each) => each.id === id);

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//desk test//EN',
  'BEGIN:VEVENT',
  'UID:bastille@desk',
  'DTSTART;VALUE=DATE:20260714',
  'SUMMARY:Bastille Day',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

describe("the admins' forms that create, delete and switch off", () => {
  it('create a calendar with weekly hours, import holidays from a list and an iCalendar file, and delete it', async () => {
    const { page, consoleErrors } = await openSection('Calendars');
    await withScreenshotOnFailure(page, 'desk-admin-manage-calendar', async () => {
      await page.getByRole('button', { name: 'New calendar' }).click();
      await page.getByLabel('Id (letters, digits, dots, dashes, underscores)').fill('desk-support');
      await page.getByLabel('Name', { exact: true }).fill('Support desk');
      await page.getByLabel(/^Time zone/).fill('Europe/Paris');
      // Weekly hours: a split shift on Monday, Saturday typed wrong first.
      await page.getByLabel('Monday').fill('08:00-12:00, 13:00-17:00');
      await page.getByLabel('Friday').fill('09:00-15:00');
      await page.getByLabel('Saturday').fill('9 to 5');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await alert(page).filter({ hasText: 'Correct the fields marked before saving.' }).waitFor();
      expect(await page.getByLabel('Saturday').getAttribute('aria-invalid')).toBe('true');
      expect(await calendar('desk-support')).toBeUndefined();
      await page.getByLabel('Saturday').fill('10:00-12:00');

      // A CSV list: its header skipped, a line that is no date refused by number, the rest added.
      await page
        .getByLabel('Or paste the file, or dates one a line')
        .fill('date,name\n2026-12-25,Christmas\n25/12/2026,Christmas again\n2026-05-01,Labour Day');
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText('Dates added to the holidays: 2. Save to keep them.').waitFor();
      await alert(page).filter({ hasText: 'Line 3: 25/12/2026,Christmas again' }).waitFor();
      await page.getByRole('button', { name: 'Remove 2026-12-25' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('heading', { level: 2, name: 'New calendar' }).scrollIntoViewIfNeeded();
      await keepScreenshot(page, 'desk-admin-calendars');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved.').waitFor();
      const created = await calendar('desk-support');
      const day = (start: string, end: string) => ({ start, end });
      expect(created?.definition.calendar).toMatchObject({
        kind: 'weekly',
        weekly: {
          mon: [day('08:00', '12:00'), day('13:00', '17:00')],
          tue: [day('09:00', '17:00')],
          fri: [day('09:00', '15:00')],
          sat: [day('10:00', '12:00')],
          sun: [],
        },
        holidays: ['2026-05-01', '2026-12-25'],
      });
      await page.locator('tr[data-calendar-id="desk-support"]').waitFor();

      // An iCalendar file, uploaded: the engine reads its event into the saved calendar's holidays.
      await page.getByRole('button', { name: 'Edit the calendar Support desk' }).click();
      await page
        .getByLabel('File (.ics or .csv)')
        .setInputFiles({ name: 'holidays.ics', mimeType: 'text/calendar', buffer: Buffer.from(ICS) });
      await expect
        .poll(() => page.getByLabel('Or paste the file, or dates one a line').inputValue())
        .toContain('VEVENT');
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await page.getByText('The file’s events are now holidays of the calendar.').waitFor();
      expect((await calendar('desk-support'))?.definition.calendar.holidays).toEqual([
        '2026-05-01',
        '2026-07-14',
        '2026-12-25',
      ]);
      await page.getByRole('button', { name: 'Remove 2026-07-14' }).waitFor();
      // A file the engine cannot read: its refusal in words.
      await page.getByLabel('Or paste the file, or dates one a line').fill('BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VEVENT');
      await page.getByRole('button', { name: 'Import', exact: true }).click();
      await alert(page).filter({ hasText: 'The engine could not read this iCalendar file' }).waitFor();
      await page.getByRole('button', { name: 'Cancel' }).click();

      // Deleted after a confirmation.
      const row = page.locator('tr[data-calendar-id="desk-support"]');
      await row.getByRole('button', { name: 'Delete Support desk?' }).click();
      await row.getByRole('button', { name: 'Yes, delete' }).click();
      await page.getByText('Support desk deleted.').waitFor();
      await row.waitFor({ state: 'detached' });
      expect(await calendar('desk-support')).toBeUndefined();
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('create a policy, give it to a plan, and delete it once no plan names it', async () => {
    const { page, consoleErrors } = await openSection('SLA policies');
    await withScreenshotOnFailure(page, 'desk-admin-manage-policy', async () => {
      type Configuration = {
        policies: { id: string; name: string; definition: { targets: unknown } }[];
        planPolicies: { plan: string; policyId: string }[];
      };
      const configuration = async () =>
        (
          await api<{ slaConfiguration: Configuration }>(
            '{ slaConfiguration { policies { id name definition } planPolicies { plan policyId } } }',
          )
        ).slaConfiguration;
      await page.getByRole('button', { name: 'New policy' }).click();
      await page.getByLabel('Id (letters, digits, dots, dashes, underscores)').fill('desk gold');
      await page.getByRole('button', { name: 'Create the policy' }).click();
      await page.getByText('Use letters, digits, dots, dashes and underscores.').waitFor();
      await page.getByText('Required.').waitFor();
      await expectAccessible(page);
      await page.getByLabel('Id (letters, digits, dots, dashes, underscores)').fill('desk-gold');
      await page.getByLabel('Name', { exact: true }).fill('Gold');
      await page.getByLabel('Start as a copy of').selectOption('premium');
      await page.getByRole('button', { name: 'Create the policy' }).click();
      await page.getByText('Gold created: edit its targets below.').waitFor();
      const created = await configuration();
      const gold = created.policies.find((policy) => policy.id === 'desk-gold');
      const premium = created.policies.find((policy) => policy.id === 'premium');
      expect(gold?.name).toBe('Gold');
      expect(gold?.definition.targets).toEqual(premium?.definition.targets);
      const row = page.locator('tr[data-policy-id="desk-gold"]');
      await row.waitFor();

      // The gold plan's tickets follow it.
      await page.getByLabel('Plan (as customers’ profiles name it)').fill('gold');
      await page.getByLabel('Policy', { exact: true }).selectOption('desk-gold');
      await page.getByRole('button', { name: 'Set', exact: true }).click();
      await page.getByText('Plan gold now follows Gold.').waitFor();
      expect((await configuration()).planPolicies).toContainEqual({ plan: 'gold', policyId: 'desk-gold' });
      await page.locator('tr[data-plan="gold"]').waitFor();
      await expectAccessible(page);

      // In use by the plan: the API refuses to delete it, in words.
      await row.getByRole('button', { name: 'Delete Gold?' }).click();
      await row.getByRole('button', { name: 'Yes, delete' }).click();
      await alert(page)
        .filter({ hasText: 'This policy is in use (by a category, a plan or as the default).' })
        .waitFor();
      expect(await alert(page).allTextContents()).not.toContain('SLA_POLICY_IN_USE');

      // The plan names it no more; then it can go.
      await page.getByRole('button', { name: 'Remove gold' }).click();
      await page.getByText('Plan gold names no policy any more.').waitFor();
      await row.getByRole('button', { name: 'Delete Gold?' }).click();
      await row.getByRole('button', { name: 'Yes, delete' }).click();
      await page.getByText('Gold deleted.').waitFor();
      const after = await configuration();
      expect(after.policies.map((policy) => policy.id)).not.toContain('desk-gold');
      expect(after.planPolicies.map((entry) => entry.plan)).not.toContain('gold');
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('register an agent and deactivate them, the API refusing to let an agent holding work go', async () => {
    const { page, consoleErrors } = await openSection('Agents');
    await withScreenshotOnFailure(page, 'desk-admin-manage-agent', async () => {
      type Agent = { id: string; name: string; skills: string[]; languages: string[]; deactivatedAt: string | null };
      const agent = async (id: string) =>
        (
          await api<{ agents: Agent[] }>(
            '{ agents(includeDeactivated: true) { id name skills languages deactivatedAt } }',
          )
        ).agents.find((each) => each.id === id);
      await page.getByRole('button', { name: 'Register an agent' }).click();
      await page.getByLabel('Id (letters, digits, dots, dashes, underscores)').fill('agent-hedy');
      await page.getByLabel('Name', { exact: true }).fill('Hedy Lamarr');
      await page.getByLabel('Skills (separated by commas)').fill('billing, technical');
      await page.getByLabel(/^Languages/).fill('English');
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      await page.getByText('Use language tags such as en or fr-CA, separated by commas.').waitFor();
      expect(await agent('agent-hedy')).toBeUndefined();
      await page.getByLabel(/^Languages/).fill('en, fr');
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      await page.getByText('Hedy Lamarr registered.').waitFor();
      // Read without the answer's consistency token: the team's read model may take a moment.
      await expect
        .poll(() => agent('agent-hedy'), { timeout: 10_000 })
        .toEqual({
          id: 'agent-hedy',
          name: 'Hedy Lamarr',
          skills: ['billing', 'technical'],
          languages: ['en', 'fr'],
          deactivatedAt: null,
        });
      const row = page.locator('tr[data-agent-id="agent-hedy"]');
      await row.waitFor();
      await expectAccessible(page);

      // Ada holds the demo's tickets: the API keeps her, and says why.
      const ada = page.locator('tr[data-agent-id="agent-ada"]');
      await ada.getByRole('button', { name: 'Deactivate Ada Lovelace (off the team)?' }).click();
      await ada.getByRole('button', { name: 'Yes, deactivate' }).click();
      await alert(page).filter({ hasText: 'This agent still holds tickets or chats' }).waitFor();
      expect((await agent('agent-ada'))?.deactivatedAt).toBeNull();

      await row.getByRole('button', { name: 'Deactivate Hedy Lamarr (off the team)?' }).click();
      await row.getByRole('button', { name: 'Yes, deactivate' }).click();
      await page.getByText('Hedy Lamarr has left the team.').waitFor();
      await row.getByRole('button', { name: 'Reactivate Hedy Lamarr' }).waitFor();
      await expect.poll(async () => (await agent('agent-hedy'))?.deactivatedAt, { timeout: 10_000 }).not.toBeNull();
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('edit a webhook endpoint and disable it', async () => {
    const registered = await api<{ registerWebhookEndpoint: { endpoint: { id: string } } }>(
      'mutation { registerWebhookEndpoint(input: { url: "http://127.0.0.1:9/hooks/manage", eventTypes: ["ArticleApproved"] }) { endpoint { id } } }',
    );
    const id = registered.registerWebhookEndpoint.endpoint.id;
    const endpoint = async () =>
      (
        await api<{ webhookEndpoint: { url: string; description: string | null; enabled: boolean } | null }>(
          'query($id: ID!) { webhookEndpoint(id: $id) { url description enabled } }',
          { id },
        )
      ).webhookEndpoint;
    const { page, consoleErrors } = await openSection('Webhooks');
    await withScreenshotOnFailure(page, 'desk-admin-manage-webhook', async () => {
      const row = page.locator(`tr[data-endpoint-id="${id}"]`);
      await row.waitFor();
      await row.getByRole('button', { name: 'Edit http://127.0.0.1:9/hooks/manage' }).click();
      await page.getByLabel(/^Address/).fill('not an address');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Enter an http or https address.').waitFor();
      await page.getByLabel(/^Address/).fill('http://127.0.0.1:9/hooks/orders');
      await page.getByLabel(/^Note/).fill('Orders team');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByText('Saved.').waitFor();
      expect(await endpoint()).toEqual({
        url: 'http://127.0.0.1:9/hooks/orders',
        description: 'Orders team',
        enabled: true,
      });

      await row.getByRole('button', { name: 'Disable http://127.0.0.1:9/hooks/orders' }).click();
      await page
        .getByText('http://127.0.0.1:9/hooks/orders disabled: nothing is sent to it until it is enabled.')
        .waitFor();
      await row.getByRole('cell', { name: 'Disabled', exact: true }).waitFor();
      expect((await endpoint())?.enabled).toBe(false);
      // A test event to a disabled endpoint: the API's refusal, in words.
      await row.getByRole('button', { name: 'Send a test event' }).click();
      await alert(page).filter({ hasText: 'This endpoint is disabled: enable it first.' }).waitFor();
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it("shows another admin's changes without a reload", async () => {
    const { page, consoleErrors } = await openSection('Calendars');
    await withScreenshotOnFailure(page, 'desk-admin-manage-live', async () => {
      const admin = page.getByRole('navigation', { name: 'Administration' });
      await page.locator('tr[data-calendar-id]').first().waitFor();
      await change('createSlaCalendar', {
        calendarId: 'desk-live',
        definition: { name: 'Night shift', alwaysOpen: true },
      });
      await page.getByRole('cell', { name: 'Night shift', exact: true }).waitFor();

      await admin.getByRole('link', { name: 'SLA policies' }).click();
      await page.locator('tr[data-policy-id]').first().waitFor();
      await change('setPlanSlaPolicy', { plan: 'platinum', policyId: 'premium' });
      await page.locator('tr[data-plan="platinum"]').waitFor();

      await admin.getByRole('link', { name: 'Agents' }).click();
      await page.locator('tr[data-agent-id="agent-ada"]').waitFor();
      await change('registerAgent', { agentId: 'agent-live', name: 'Katherine Johnson' });
      await page.locator('tr[data-agent-id="agent-live"]').getByText('Katherine Johnson').waitFor();
      await change('setAgentTier', { agentId: 'agent-live', tier: 3 });
      await page.locator('tr[data-agent-id="agent-live"] td').nth(3).getByText('3', { exact: true }).waitFor();

      await admin.getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
      const registered = await admins.suite.stack.client.request<{
        registerWebhookEndpoint: { endpoint: { id: string } };
      }>(
        'mutation { registerWebhookEndpoint(input: { url: "http://127.0.0.1:9/hooks/live", eventTypes: ["ArticleApproved"] }) { endpoint { id } } }',
        {},
        admins.otherAdmin,
      );
      const row = page.locator(`tr[data-endpoint-id="${registered.registerWebhookEndpoint.endpoint.id}"]`);
      await row.getByRole('cell', { name: 'Enabled', exact: true }).waitFor();
      await admins.suite.stack.client.request(
        'mutation($id: ID!) { disableWebhookEndpoint(input: { endpointId: $id }) { id } }',
        { id: registered.registerWebhookEndpoint.endpoint.id },
        admins.otherAdmin,
      );
      await row.getByRole('cell', { name: 'Disabled', exact: true }).waitFor();
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});
