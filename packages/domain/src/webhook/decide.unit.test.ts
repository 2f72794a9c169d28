import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { codeOf } from '../shared/shared.fixture.js';
import { deciderSpec } from '../testing/decider-spec.js';
import { type WebhookCommand, type WebhookEvent, webhookDecider } from './index.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const admin: Actor = { id: 'adm', role: 'admin' };
const endpointId = 'wh-1';
const register: WebhookCommand = {
  type: 'RegisterWebhookEndpoint',
  data: { endpointId, url: 'https://crm.example/hooks', eventTypes: ['TicketOpened'], description: ' CRM ' },
};

function when(history: readonly WebhookEvent[], command: WebhookCommand, actor: Actor = admin) {
  return deciderSpec(webhookDecider).given(history).when(command, { now, actor }).events();
}

describe('webhook endpoints', () => {
  const registered = when([], register);
  const state = (history: readonly WebhookEvent[]) => fold(webhookDecider, history);

  it('registers with secret version 1 and records no secret', () => {
    expect(registered).toEqual([
      {
        type: 'WebhookEndpointRegistered',
        data: {
          endpointId,
          url: 'https://crm.example/hooks',
          eventTypes: ['TicketOpened'],
          description: 'CRM',
          secretVersion: 1,
          at: now.toISOString(),
          actor: admin,
        },
      },
    ]);
    expect(state(registered)).toMatchObject({ enabled: true, secretVersion: 1 });
    expect(codeOf(() => when(registered, register))).toBe('ALREADY_EXISTS');
  });

  it('refuses bad URLs and event types with their own codes, writing nothing', () => {
    const bad = (data: Partial<typeof register.data>) => ({ ...register, data: { ...register.data, ...data } });
    expect(codeOf(() => when([], bad({ url: 'https://u:p@crm.example/' })))).toBe('WEBHOOK_URL_INVALID');
    expect(codeOf(() => when([], bad({ eventTypes: ['TicketTeleported'] })))).toBe('WEBHOOK_EVENT_TYPE_UNKNOWN');
    expect(codeOf(() => when([], bad({ eventTypes: [] })))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => when([], bad({ eventTypes: Array(101).fill('*') })))).toBe('VALIDATION_FAILED');
    const update: WebhookCommand = { type: 'UpdateWebhookEndpoint', data: { endpointId, url: 'gopher://x' } };
    expect(codeOf(() => when(registered, update))).toBe('WEBHOOK_URL_INVALID');
  });

  it('updates the fields given, records all settings, and an update to the same settings yields nothing', () => {
    const update: WebhookCommand = {
      type: 'UpdateWebhookEndpoint',
      data: { endpointId, eventTypes: ['TicketOpened', 'ChatStarted'], description: null },
    };
    const updated = when(registered, update);
    expect(updated).toEqual([
      expect.objectContaining({
        type: 'WebhookEndpointUpdated',
        data: expect.objectContaining({
          url: 'https://crm.example/hooks',
          eventTypes: ['ChatStarted', 'TicketOpened'],
          description: null,
        }),
      }),
    ]);
    expect(when([...registered, ...updated], update)).toEqual([]);
    expect(when(registered, { type: 'UpdateWebhookEndpoint', data: { endpointId } })).toEqual([]);
    expect(codeOf(() => when([], update))).toBe('NOT_FOUND');
  });

  it('disables and enables, each a no-op when already so; the reason is recorded', () => {
    const disable: WebhookCommand = { type: 'DisableWebhookEndpoint', data: { endpointId, reason: 'maintenance' } };
    const disabled = when(registered, disable);
    expect(disabled).toEqual([
      expect.objectContaining({
        type: 'WebhookEndpointDisabled',
        data: expect.objectContaining({ reason: 'maintenance' }),
      }),
    ]);
    const history = [...registered, ...disabled];
    expect(state(history)?.enabled).toBe(false);
    expect(when(history, disable)).toEqual([]);
    const enable: WebhookCommand = { type: 'EnableWebhookEndpoint', data: { endpointId } };
    expect(when(registered, enable)).toEqual([]);
    const enabled = when(history, enable);
    expect(state([...history, ...enabled])?.enabled).toBe(true);
  });

  it('rotates the secret to the next version each time', () => {
    const rotate: WebhookCommand = { type: 'RotateWebhookSecret', data: { endpointId } };
    const once = when(registered, rotate);
    const twice = when([...registered, ...once], rotate);
    expect(twice).toEqual([
      expect.objectContaining({ type: 'WebhookSecretRotated', data: expect.objectContaining({ secretVersion: 3 }) }),
    ]);
    expect(state([...registered, ...once, ...twice])?.secretVersion).toBe(3);
  });

  it('keeps the previous secret signing for the hours asked, and not past a week', () => {
    const rotate = (previousSecretHours?: number): WebhookCommand => ({
      type: 'RotateWebhookSecret',
      data: { endpointId, ...(previousSecretHours === undefined ? {} : { previousSecretHours }) },
    });
    const [overlapping] = when(registered, rotate(24));
    const data = overlapping!.data as { at: string; secretVersion: number; previousValidUntil?: string };
    expect(data.secretVersion).toBe(2);
    const rotatedAt = Date.parse(data.at);
    const until = data.previousValidUntil;
    expect(Date.parse(until!) - rotatedAt).toBe(24 * 3_600_000);
    for (const immediate of [undefined, 0])
      expect(when(registered, rotate(immediate))[0]?.data).not.toHaveProperty('previousValidUntil');
    expect(codeOf(() => when(registered, rotate(169)))).toBe('VALIDATION_FAILED');
  });

  it('deletes for good: no command reaches it, and its id is not registered again', () => {
    const deleted = [...registered, ...when(registered, { type: 'DeleteWebhookEndpoint', data: { endpointId } })];
    expect(deleted.at(-1)?.type).toBe('WebhookEndpointDeleted');
    expect(state(deleted)).toMatchObject({ enabled: false, deleted: true });
    for (const command of [
      { type: 'EnableWebhookEndpoint', data: { endpointId } },
      { type: 'RotateWebhookSecret', data: { endpointId } },
      { type: 'DeleteWebhookEndpoint', data: { endpointId } },
    ] as WebhookCommand[])
      expect(codeOf(() => when(deleted, command))).toBe('NOT_FOUND');
    expect(codeOf(() => when(deleted, register))).toBe('ALREADY_EXISTS');
  });

  it('is managed by admins and the system only', () => {
    for (const role of ['supervisor', 'agent', 'customer', 'auditor'] as const) {
      expect(codeOf(() => when([], register, { id: 'x', role }))).toBe('FORBIDDEN');
    }
    expect(when([], register, { id: 'sys', role: 'system' })).toHaveLength(1);
  });
});
