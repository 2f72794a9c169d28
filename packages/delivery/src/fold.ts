import { standingBounce } from '@support-engine/domain/customer';
import { type DueCall, mailReferences, type NotificationChannel } from '@support-engine/domain/notification';
import { DEFAULT_DELIVERY_PREFERENCE, isSpamClose } from '@support-engine/domain/ticket';
import type { CustomerEntry, Directory, PushTarget, StaffEntry } from './directory.js';

/** An event as the notifier reads it: upcast to its current schema. */
export interface NotifierEvent {
  readonly type: string;
  // biome-ignore lint/suspicious/noExplicitAny: each case reads the fields its schema guarantees.
  readonly data: Record<string, any>;
}

/** An event with where it sits in the log. */
export interface PlannedEvent extends NotifierEvent {
  readonly streamId: string;
  readonly version: number;
  readonly globalPosition: bigint;
  readonly recordedAt: Date;
}

/** How staff without a profile are told: the in-app inbox only. */
export const DEFAULT_STAFF_CHANNELS: readonly NotificationChannel[] = ['web'];

const withoutCall = (calls: readonly DueCall[] | undefined, callbackId: string) =>
  (calls ?? []).filter((call) => call.callbackId !== callbackId);
const withPush = (push: readonly PushTarget[], target: PushTarget) =>
  push.some((p) => p.endpoint === target.endpoint) ? push : [...push, target];
const withoutPush = (push: readonly PushTarget[], endpoint: string) => push.filter((p) => p.endpoint !== endpoint);

/**
 * Folds one event into the directory: the facts the notifier needs to address notifications
 * (a ticket's subject, customer, priority, assignee, whether it stands closed as spam and, for one that came by mail, its mailbox and conversation; how to reach customers and staff, and whose address bounced; who is
 * a supervisor or on call; agents' tiers and names; webhook endpoints). Events it does not need are ignored.
 */
export function foldIntoDirectory(directory: Directory, event: NotifierEvent): void {
  const d = event.data;
  switch (event.type) {
    case 'TicketOpened':
      directory.put('ticket', d.ticketId, {
        ticketId: d.ticketId,
        subject: d.subject,
        customerId: d.customerId,
        priority: d.priority,
        assigneeId: null,
        language: d.language ?? null,
        channel: d.channel,
        mailbox: d.mail?.mailbox ?? null,
        thread: d.mail?.messageId ? [d.mail.messageId] : [],
        said: saidOf(d.description, d.at),
      });
      return;
    case 'TicketAssigned':
      directory.update('ticket', d.ticketId, (t) => ({ ...t, assigneeId: d.agentId }));
      return;
    case 'TicketUnassigned':
      directory.update('ticket', d.ticketId, (t) => ({ ...t, assigneeId: null }));
      return;
    case 'TicketPriorityChanged':
      directory.update('ticket', d.ticketId, (t) => ({ ...t, priority: d.to }));
      return;
    case 'TicketCustomerReplied':
      directory.update('ticket', d.ticketId, (t) => ({
        ...t,
        ...(typeof d.body === 'string' && d.body.trim() !== ''
          ? { unanswered: d.body, said: saidOf(d.body, d.at) }
          : {}),
        ...(d.mail?.messageId ? { thread: mailReferences([...(t.thread ?? []), d.mail.messageId]) } : {}),
      }));
      return;
    case 'TicketAgentReplied':
      if (d.visibility === 'public') directory.update('ticket', d.ticketId, (t) => ({ ...t, unanswered: null }));
      return;
    case 'TicketCallbackDue':
      directory.update('ticket', d.ticketId, (t) => ({
        ...t,
        dueCalls: [
          ...withoutCall(t.dueCalls, d.callbackId),
          {
            callbackId: d.callbackId,
            callbackAt: d.callbackAt,
            phone: d.phone ?? null,
            timeZone: d.timeZone ?? null,
            actor: d.actor,
          },
        ],
      }));
      return;
    case 'TicketCallbackCompleted':
    case 'TicketCallbackCancelled':
    case 'TicketCallbackMissed':
      directory.update('ticket', d.ticketId, (t) => ({ ...t, dueCalls: withoutCall(t.dueCalls, d.callbackId) }));
      return;
    case 'TicketStatusChanged':
      directory.update('ticket', d.ticketId, (t) => ({
        ...t,
        closedAsSpam: d.to === 'closed' && isSpamClose(d.closeReason),
      }));
      return;
    case 'CustomerRegistered':
      directory.put('customer', d.customerId, {
        customerId: d.customerId,
        email: d.email ?? null,
        language: d.language ?? null,
        timeZone: d.timeZone ?? null,
        phone: d.phone ?? null,
        preference: d.deliveryPreference,
        push: directory.get('customer', d.customerId)?.push ?? [],
      });
      return;
    case 'CustomerProfileUpdated':
      // Mail goes to the address and in the language the profile holds now (null: none set).
      directory.put('customer', d.customerId, {
        ...customer(directory, d.customerId),
        email: d.email,
        bounced: standingBounce(customer(directory, d.customerId).bounced ?? null, d.email),
        language: d.language,
        ...(d.timeZone === undefined ? {} : { timeZone: d.timeZone }),
        ...(d.phone === undefined ? {} : { phone: d.phone }),
      });
      return;
    case 'CustomerEmailConfirmed':
      // Only a confirmed address is mailed: a pending one (`CustomerEmailChangeRequested`) gets
      // its confirmation link and nothing else.
      directory.put('customer', d.customerId, {
        ...customer(directory, d.customerId),
        email: d.email,
        bounced: standingBounce(customer(directory, d.customerId).bounced ?? null, d.email),
      });
      return;
    case 'CustomerEmailBounced':
      // Mailed no more at that address; told in-app instead (see `isEmailDeliverable`).
      directory.put('customer', d.customerId, { ...customer(directory, d.customerId), bounced: d.address });
      return;
    case 'CustomerDeliveryPreferenceChanged':
      directory.put('customer', d.customerId, { ...customer(directory, d.customerId), preference: d.preference });
      return;
    case 'CustomerPushSubscribed': {
      const entry = customer(directory, d.customerId);
      directory.put('customer', d.customerId, { ...entry, push: withPush(entry.push, d.subscription) });
      return;
    }
    case 'CustomerPushUnsubscribed': {
      const entry = customer(directory, d.customerId);
      directory.put('customer', d.customerId, { ...entry, push: withoutPush(entry.push, d.endpoint) });
      return;
    }
    case 'StaffProfileSet':
      directory.put('staff', d.staffId, {
        staffId: d.staffId,
        email: d.email ?? null,
        language: d.language ?? null,
        timeZone: d.timeZone ?? null,
        channels: d.channels,
        groups: d.groups,
        push: directory.get('staff', d.staffId)?.push ?? [],
      });
      return;
    case 'StaffPushSubscribed': {
      const entry = staffEntry(directory, d.staffId);
      directory.put('staff', d.staffId, { ...entry, push: withPush(entry.push, d.subscription) });
      return;
    }
    case 'StaffPushUnsubscribed': {
      const entry = staffEntry(directory, d.staffId);
      directory.put('staff', d.staffId, { ...entry, push: withoutPush(entry.push, d.endpoint) });
      return;
    }
    case 'AgentRegistered':
      directory.put('agent', d.agentId, { agentId: d.agentId, tier: d.tier, name: d.name });
      return;
    case 'AgentRenamed':
      directory.update('agent', d.agentId, (agent) => ({ ...agent, name: d.name }));
      return;
    case 'AgentTierChanged':
      directory.put('agent', d.agentId, { ...directory.get('agent', d.agentId), agentId: d.agentId, tier: d.tier });
      return;
    case 'AgentDeactivated':
      directory.update('agent', d.agentId, (agent) => ({ ...agent, deactivated: true }));
      return;
    case 'AgentReactivated':
      directory.update('agent', d.agentId, ({ deactivated: _, ...agent }) => agent);
      return;
    case 'WebhookEndpointRegistered':
      directory.put('endpoint', d.endpointId, {
        endpointId: d.endpointId,
        url: d.url,
        eventTypes: d.eventTypes,
        enabled: true,
        secretVersion: d.secretVersion,
      });
      return;
    case 'WebhookEndpointUpdated':
      directory.update('endpoint', d.endpointId, (e) => ({ ...e, url: d.url, eventTypes: d.eventTypes }));
      return;
    case 'WebhookEndpointDisabled':
      directory.update('endpoint', d.endpointId, (e) => ({ ...e, enabled: false }));
      return;
    case 'WebhookEndpointEnabled':
      directory.update('endpoint', d.endpointId, (e) => ({ ...e, enabled: true }));
      return;
    case 'WebhookEndpointDeleted':
      directory.update('endpoint', d.endpointId, (e) => ({ ...e, enabled: false, deleted: true }));
      return;
    case 'WebhookSecretRotated':
      directory.update('endpoint', d.endpointId, ({ previousSecretUntil: _until, ...e }) => ({
        ...e,
        secretVersion: d.secretVersion,
        ...(typeof d.previousValidUntil === 'string' ? { previousSecretUntil: d.previousValidUntil } : {}),
      }));
      return;
    default:
      return;
  }
}

/** What the customer wrote, to quote under the answer; none for an empty message (files only). */
function saidOf(words: unknown, at: string): { words: string; at: string } | null {
  return typeof words === 'string' && words.trim() !== '' ? { words, at } : null;
}

function customer(directory: Directory, customerId: string): CustomerEntry {
  return (
    directory.get('customer', customerId) ?? {
      customerId,
      email: null,
      language: null,
      preference: DEFAULT_DELIVERY_PREFERENCE,
      push: [],
    }
  );
}

/** A staff member as the directory knows them, or the default (in-app inbox only) for one without a profile. */
export function staffEntry(directory: Directory, staffId: string): StaffEntry {
  return (
    directory.get('staff', staffId) ?? {
      staffId,
      email: null,
      language: null,
      channels: DEFAULT_STAFF_CHANNELS,
      groups: [],
      push: [],
    }
  );
}
