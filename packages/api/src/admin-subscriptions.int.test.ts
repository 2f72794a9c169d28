import { Role } from '@support-engine/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAllows } from './auth/policy.js';
import { type ApiHarness, createApiHarness } from './testing/harness.fixture.js';
import { PUBLIC_HOOK_URL } from './testing/operations.fixture.js';
import { listen, type SseSubscription, subscribe } from './testing/sse.fixture.js';

// The admins' live updates: the SLA configuration, the team and the webhook endpoints, each
// sent after another admin's change, and to admins only.

const SLA_CONFIGURATION = 'subscription { slaConfigurationUpdated { calendars { id name } policies { id } } }';
const AGENT = 'subscription { agentUpdated { id name tier deactivatedAt } }';
const WEBHOOK_ENDPOINT = 'subscription { webhookEndpointUpdated { endpointId endpoint { url enabled } } }';

let h: ApiHarness;
let baseUrl: string;
let admin: string;
let serial = 0;

async function mutate(query: string) {
  const response = await h.gql(query, {}, admin);
  expect(response.errors).toBeUndefined();
  return Object.values(response.data ?? {})[0] as Record<string, unknown>;
}

const createCalendar = (calendarId: string) =>
  mutate(
    `mutation { createSlaCalendar(input: { calendarId: "${calendarId}", definition: { name: "Live ${calendarId}", alwaysOpen: true } }) { id } }`,
  );
const registerAgent = (agentId: string) =>
  mutate(`mutation { registerAgent(input: { agentId: "${agentId}", name: "Agent ${agentId}" }) { id } }`);
const registerEndpoint = async () =>
  (
    (await mutate(
      `mutation { registerWebhookEndpoint(input: { url: "${PUBLIC_HOOK_URL}", eventTypes: ["TicketOpened"] }) { endpoint { id } } }`,
    )) as { endpoint: { id: string } }
  ).endpoint.id;

/** The next payload's field, skipping others' changes still in flight until `matches` holds. */
async function nextMatching<T>(sub: SseSubscription, field: string, matches: (value: T) => boolean): Promise<T> {
  for (;;) {
    const payload = await sub.next();
    expect(payload.errors).toBeUndefined();
    const value = payload.data?.[field] as T;
    if (matches(value)) return value;
  }
}

beforeAll(async () => {
  h = await createApiHarness({ notifier: true });
  baseUrl = await listen(h.app);
  admin = await h.token('admin', 'admin-1');
});
afterAll(async () => h?.close());

describe('slaConfigurationUpdated', () => {
  it('sends the configuration with another admin’s new calendar, and again once it is deleted', async () => {
    const sub = await subscribe(baseUrl, SLA_CONFIGURATION, {}, admin);
    try {
      await createCalendar('cal-live');
      const created = await nextMatching<{ calendars: { id: string; name: string }[] }>(
        sub,
        'slaConfigurationUpdated',
        (config) => config.calendars.some((calendar) => calendar.id === 'cal-live'),
      );
      expect(created.calendars.find((calendar) => calendar.id === 'cal-live')?.name).toBe('Live cal-live');
      await mutate('mutation { deleteSlaCalendar(input: { calendarId: "cal-live" }) { id } }');
      const deleted = await nextMatching<{ calendars: { id: string }[] }>(sub, 'slaConfigurationUpdated', () => true);
      expect(deleted.calendars.map((calendar) => calendar.id)).not.toContain('cal-live');
    } finally {
      sub.close();
    }
  });
});

describe('agentUpdated', () => {
  it('sends an agent once registered, then deactivated, as the read model holds them', async () => {
    const sub = await subscribe(baseUrl, AGENT, {}, admin);
    try {
      await registerAgent('agent-live');
      const registered = await nextMatching<{ id: string; name: string; deactivatedAt: string | null }>(
        sub,
        'agentUpdated',
        (agent) => agent.id === 'agent-live',
      );
      expect(registered).toMatchObject({ name: 'Agent agent-live', deactivatedAt: null });
      await mutate('mutation { deactivateAgent(input: { agentId: "agent-live" }) { id } }');
      const deactivated = await nextMatching<{ id: string; deactivatedAt: string | null }>(
        sub,
        'agentUpdated',
        (agent) => agent.id === 'agent-live' && agent.deactivatedAt !== null,
      );
      expect(Date.parse(deactivated.deactivatedAt!)).not.toBeNaN();
    } finally {
      sub.close();
    }
  });
});

describe('webhookEndpointUpdated', () => {
  it('sends an endpoint registered, disabled, then deleted (null)', async () => {
    const sub = await subscribe(baseUrl, WEBHOOK_ENDPOINT, {}, admin);
    type Update = { endpointId: string; endpoint: { url: string; enabled: boolean } | null };
    try {
      const id = await registerEndpoint();
      const registered = await nextMatching<Update>(
        sub,
        'webhookEndpointUpdated',
        (update) => update.endpointId === id,
      );
      expect(registered.endpoint).toEqual({ url: PUBLIC_HOOK_URL, enabled: true });
      await mutate(`mutation { disableWebhookEndpoint(input: { endpointId: "${id}" }) { id } }`);
      const disabled = await nextMatching<Update>(sub, 'webhookEndpointUpdated', (update) => update.endpointId === id);
      expect(disabled.endpoint?.enabled).toBe(false);
      await mutate(`mutation { deleteWebhookEndpoint(input: { endpointId: "${id}" }) { id } }`);
      const deleted = await nextMatching<Update>(sub, 'webhookEndpointUpdated', (update) => update.endpointId === id);
      expect(deleted.endpoint).toBeNull();
    } finally {
      sub.close();
    }
  });
});

// The subscriptions' rows of the authorization table: admins only.
describe.each(Role.options)('as %s', (role) => {
  it.each([
    ['slaConfigurationUpdated', SLA_CONFIGURATION, () => createCalendar(`cal-${role}-${++serial}`)],
    ['agentUpdated', AGENT, () => registerAgent(`agent-${role}-${++serial}`)],
    ['webhookEndpointUpdated', WEBHOOK_ENDPOINT, registerEndpoint],
  ] as const)('%s follows the policy table', async (operation, query, change) => {
    const sub = await subscribe(baseUrl, query, {}, await h.token(role, `${role}-1`));
    try {
      if (!roleAllows(operation, role)) {
        expect((await sub.next()).errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', policy: 'role' });
        return;
      }
      await change();
      const payload = await sub.next();
      expect(payload.errors).toBeUndefined();
      expect(payload.data?.[operation]).toBeDefined();
    } finally {
      sub.close();
    }
  });
});
