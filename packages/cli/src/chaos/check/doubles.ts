import type { ChaosRecords, LoggedEvent } from './records.js';
import { type CheckResult, manyValued, repeated } from './result.js';

/** A notification planned twice on one channel for one recipient. */
export function checkDoubledDeliveries(records: Pick<ChaosRecords, 'deliveries'>): CheckResult {
  const doubled = repeated(records.deliveries.map((d) => `${d.channel} ${d.recipient} ${d.messageId}`));
  return {
    check: 'notifications doubled (per channel)',
    violations: [...doubled].map(([key, n]) => `${key} planned ${n} times`),
    figure: `${records.deliveries.length} planned`,
  };
}

/** One webhook body accepted (2xx) at one endpoint under more than one `webhook-id`: the receiver's dedupe cannot catch it. */
export function checkDoubledWebhooks(records: Pick<ChaosRecords, 'webhooks'>): CheckResult {
  const accepted = records.webhooks.filter((w) => w.status >= 200 && w.status < 300);
  const doubled = manyValued(accepted.map((w) => [`${w.path} ${w.bodySha256}`, w.webhookId ?? '(none)'] as const));
  return {
    check: 'webhooks doubled (by webhook-id)',
    violations: [...doubled].map(([key, ids]) => `${key} under ${[...ids].join(', ')}`),
    figure: `${accepted.length} accepted of ${records.webhooks.length} requests`,
  };
}

/** One notification mailed to one recipient under more than one `Message-ID`. */
export function checkDoubledMails(records: Pick<ChaosRecords, 'mails'>): CheckResult {
  const pairs = records.mails.flatMap((mail) =>
    mail.notification === null
      ? []
      : [[`${mail.to.join(',')} ${mail.notification}`, mail.messageId ?? '(none)'] as const],
  );
  const doubled = manyValued(pairs);
  return {
    check: 'mails doubled (by Message-ID)',
    violations: [...doubled].map(([key, ids]) => `${key} under ${[...ids].join(', ')}`),
    figure: `${records.mails.length} kept`,
  };
}

/** What makes an automation's event unique: the same key twice is the same timer fired twice. */
function automationKey(event: LoggedEvent): string | null {
  const d = event.data;
  switch (event.type) {
    case 'TicketReminderSent':
      return `${event.streamId} reminder ${String(d.n)} of ${String(d.waitingSince)}`;
    case 'TicketAutoClosed':
      return `${event.streamId} auto-closed`;
    case 'TicketSlaWarning':
    case 'TicketSlaBreached':
      return `${event.streamId} ${event.type} ${String(d.metric)} due ${String(d.dueAt)}`;
    case 'TicketFollowUpRequested':
    case 'ChatFollowUpRequested':
      return `${event.streamId} ${event.type}`;
    default:
      return null;
  }
}

/** Reminders, auto-closes, SLA warnings and breaches, follow-ups: each at most once. */
export function checkDoubledAutomations(records: Pick<ChaosRecords, 'events'>): CheckResult {
  const keys = records.events.flatMap((event) => {
    const key = automationKey(event);
    return key === null ? [] : [key];
  });
  const doubled = repeated(keys);
  return {
    check: 'reminders, auto-closes, SLA alerts, follow-ups doubled',
    violations: [...doubled].map(([key, n]) => `${key} recorded ${n} times`),
    figure: `${keys.length} recorded`,
  };
}
