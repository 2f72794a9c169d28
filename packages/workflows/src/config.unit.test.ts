import { DAY_MS } from '@support-engine/domain';
import { CATEGORY_POLICY, STANDARD_POLICY } from '@support-engine/domain/sla';
import { DEFAULT_TICKET_TIMINGS } from '@support-engine/domain/ticket';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const DATABASE_URL = 'postgres://localhost/support';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({ DATABASE_URL });
    expect(config.temporal).toEqual({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'support-engine' });
    expect(config.ticket.timings).toEqual(DEFAULT_TICKET_TIMINGS);
    expect(config.ticket.slaPolicy).toEqual(STANDARD_POLICY);
    expect(config.chat.timings.inactivityTimeoutMs).toBe(30 * 60_000);
    expect(config.ticket.upsertSearchAttributes).toBe(true);
    expect(config.reactor.enabled).toBe(true);
    expect(config.workflowBundleFile).toBeNull();
  });

  it('reads a prebuilt workflow bundle to load, and refuses a blank one', () => {
    const file = '/var/lib/support-engine/workflow-bundle.js';
    expect(loadConfig({ DATABASE_URL, WORKFLOW_BUNDLE_FILE: file }).workflowBundleFile).toBe(file);
    expect(() => loadConfig({ DATABASE_URL, WORKFLOW_BUNDLE_FILE: ' ' })).toThrow(/WORKFLOW_BUNDLE_FILE/);
  });

  it('reads delays, flags and a named or JSON SLA policy', () => {
    const config = loadConfig({
      DATABASE_URL,
      TICKET_FIRST_REMINDER_MS: String(2 * DAY_MS),
      UPSERT_SEARCH_ATTRIBUTES: 'false',
      SLA_POLICY: 'category',
    });
    expect(config.ticket.timings.firstReminderAfterMs).toBe(2 * DAY_MS);
    expect(config.chat.upsertSearchAttributes).toBe(false);
    expect(config.ticket.slaPolicy).toEqual(CATEGORY_POLICY);
    const custom = { ...STANDARD_POLICY, id: 'custom' };
    expect(loadConfig({ DATABASE_URL, SLA_POLICY: JSON.stringify(custom) }).ticket.slaPolicy.id).toBe('custom');
  });

  it('refuses a missing database, unordered reminder delays and an unknown policy', () => {
    expect(() => loadConfig({})).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL, TICKET_FIRST_REMINDER_MS: String(6 * DAY_MS) })).toThrow(/increase/);
    expect(() => loadConfig({ DATABASE_URL, SLA_POLICY: 'gold' })).toThrow(/standard, premium, category/);
    // Every problem in one message: the delays' order with the other variables' own refusals.
    let refusal: unknown;
    try {
      loadConfig({ SLA_POLICY: 'gold', TICKET_FIRST_REMINDER_MS: '5000', TICKET_SECOND_REMINDER_MS: '1000' });
    } catch (error) {
      refusal = error;
    }
    const paths = (refusal as { issues: { path: PropertyKey[] }[] }).issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'SLA_POLICY',
        'TICKET_FIRST_REMINDER_MS, TICKET_SECOND_REMINDER_MS, TICKET_WAITING_AUTO_CLOSE_MS',
      ]),
    );
  });

  it('keeps the resolved auto-close within 24-48 h unless the deployment allows any duration', () => {
    const quick = { DATABASE_URL, TICKET_RESOLVED_AUTO_CLOSE_MS: '5000' };
    expect(() => loadConfig(quick)).toThrow(/24-48 h/);
    expect(loadConfig({ ...quick, TICKET_TIMINGS_ANY_DURATION: 'true' }).ticket.timings.resolvedAutoCloseAfterMs).toBe(
      5_000,
    );
    expect(() =>
      loadConfig({ ...quick, TICKET_TIMINGS_ANY_DURATION: 'true', TICKET_FIRST_REMINDER_MS: String(6 * DAY_MS) }),
    ).toThrow(/increase/);
  });
});
