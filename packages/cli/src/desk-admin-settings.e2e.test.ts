import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { expectAccessible } from './testing/desk.fixture.js';
import { type AdminSuite, startAdminSuite } from './testing/desk-admin.fixture.js';
import { type FlakySocket, LOST, routeFlakySocket } from './testing/socket.fixture.js';

// The admins' settings of one slot (the default policy, the chat desk's hours), deleting a webhook
// endpoint, and an admin screen catching up after a lost connection with what another admin
// changed meanwhile.

let admins: AdminSuite;

beforeAll(async () => {
  admins = await startAdminSuite();
});
afterAll(async () => admins?.close());

type Slots = { defaultPolicyId: string | null; chatHoursCalendarId: string | null };
const slots = async () =>
  (await admins.api<{ slaConfiguration: Slots }>('{ slaConfiguration { defaultPolicyId chatHoursCalendarId } }'))
    .slaConfiguration;

describe("the admins' settings", () => {
  it('chooses the default policy, which the API then holds', async () => {
    const { page, consoleErrors } = await admins.openSection('SLA policies');
    await withScreenshotOnFailure(page, 'desk-admin-default-policy', async () => {
      const before = await slots();
      const choice = page.getByLabel('Policy of tickets given none');
      await expect.poll(() => choice.inputValue()).toBe(before.defaultPolicyId ?? '');
      // Another policy than the one in place now.
      const options = await choice
        .locator('option')
        .evaluateAll((each) =>
          each.map((option) => ({ value: (option as HTMLOptionElement).value, label: option.textContent ?? '' })),
        );
      const next = options.find((option) => option.value !== '' && option.value !== before.defaultPolicyId)!;
      await choice.selectOption(next.value);
      await page.getByRole('button', { name: 'Save the default policy' }).click();
      await page.getByText(`${next.label} is now the default policy.`).waitFor();
      expect((await slots()).defaultPolicyId).toBe(next.value);
      await page.locator(`tr[data-policy-id="${next.value}"]`).getByText('(default)').waitFor();
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it("chooses the chat desk's hours, then opens it at all hours again", async () => {
    const { page, consoleErrors } = await admins.openSection('Calendars');
    await withScreenshotOnFailure(page, 'desk-admin-chat-hours', async () => {
      const calendarRow = page.locator('tr[data-calendar-id]').first();
      await calendarRow.waitFor();
      const calendarId = (await calendarRow.getAttribute('data-calendar-id'))!;
      const name = (await calendarRow.locator('td').first().textContent())!;
      const choice = page.getByLabel('Opening hours of the chat desk');
      await choice.selectOption(calendarId);
      await page.getByRole('button', { name: 'Save the chat hours' }).click();
      await page.getByText(`Chats now follow the hours of ${name}.`).waitFor();
      expect((await slots()).chatHoursCalendarId).toBe(calendarId);
      await expectAccessible(page);

      await choice.selectOption({ label: 'Open at all hours' });
      await page.getByRole('button', { name: 'Save the chat hours' }).click();
      await page.getByText('Chats are now open at all hours.').waitFor();
      expect((await slots()).chatHoursCalendarId).toBeNull();
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('deletes a webhook endpoint after a confirmation', async () => {
    const url = 'http://127.0.0.1:9/hooks/deleted';
    const registered = await admins.api<{ registerWebhookEndpoint: { endpoint: { id: string } } }>(
      `mutation { registerWebhookEndpoint(input: { url: "${url}", eventTypes: ["ArticleApproved"] }) { endpoint { id } } }`,
    );
    const id = registered.registerWebhookEndpoint.endpoint.id;
    const listed = async () =>
      (await admins.api<{ webhookEndpoints: { id: string }[] }>('{ webhookEndpoints { id } }')).webhookEndpoints.map(
        (endpoint) => endpoint.id,
      );
    // The list is a read model: on a loaded machine it may hold the endpoint a moment after the answer.
    await expect.poll(listed, { timeout: 20_000 }).toContain(id);
    const { page, consoleErrors } = await admins.openSection('Webhooks');
    await withScreenshotOnFailure(page, 'desk-admin-webhook-delete', async () => {
      const row = page.locator(`tr[data-endpoint-id="${id}"]`);
      await row.getByRole('button', { name: `Delete the endpoint ${url}?` }).click();
      // Asked first: nothing is deleted until the admin says yes.
      await expectAccessible(page);
      expect(await listed()).toContain(id);
      await row.getByRole('button', { name: 'Yes, delete it' }).click();
      await page.getByText(`${url} deleted: nothing more is sent to it.`).waitFor();
      await row.waitFor({ state: 'detached' });
      expect(await listed()).not.toContain(id);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });

  it('reads again after a lost connection comes back, showing what another admin changed meanwhile', async () => {
    let routed: FlakySocket | undefined;
    const { page, consoleErrors } = await admins.openSection('Calendars', async (page) => {
      routed = await routeFlakySocket(page);
    });
    const socket = routed!;
    await withScreenshotOnFailure(page, 'desk-admin-resumed', async () => {
      await page.locator('tr[data-calendar-id]').first().waitFor();
      await expect.poll(() => socket.subscribed, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

      socket.blocked = true;
      await socket.open.at(-1)!.close({ code: 1012, reason: 'Service restart' });
      const lost = page.getByRole('status').getByText(LOST);
      await lost.waitFor({ timeout: 10_000 });
      // Meanwhile, another admin adds a calendar: no update can reach the page.
      await admins.change('createSlaCalendar', {
        calendarId: 'desk-while-lost',
        definition: { name: 'Made while offline', alwaysOpen: true },
      });
      expect(await page.getByRole('cell', { name: 'Made while offline', exact: true }).count()).toBe(0);

      socket.blocked = false;
      await lost.waitFor({ state: 'detached', timeout: 20_000 });
      await page.getByRole('cell', { name: 'Made while offline', exact: true }).waitFor({ timeout: 15_000 });
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
  });
});
