import { createHash } from 'node:crypto';
import { helpCenterArticleAddress } from '@support-engine/domain/article';
import type { MessageAttachment } from '@support-engine/domain/attachment';
import { emailConfirmationParams, isEmailDeliverable } from '@support-engine/domain/customer';
import {
  conversationTemplate,
  customerWrittenPlaceholders,
  type Locale,
  localeFor,
  mailReferences,
  type NotificationKind,
  notificationId,
  renderTemplate,
  type StaffAlert,
  staffAlertParamsIn,
  staffAlertsFor,
  type TemplateKey,
  type TemplateOverrides,
  type TemplateParams,
} from '@support-engine/domain/notification';
import { type CustomerActivityEvent, suggestionNotifications } from '@support-engine/domain/proactive';
import {
  type ContactOnFile,
  customerNotifications,
  DEFAULT_DELIVERY_PREFERENCE,
  type LinkedArticle,
  reachablePreference,
  type TicketEvent,
} from '@support-engine/domain/ticket';
import { WEBHOOK_EVENT_TYPES } from '@support-engine/domain/webhook';
import type { NewStaffNotification } from '@support-engine/inbox';
import { inertText } from './channels/inert-text.js';
import type { CustomerEntry, Directory, PushTarget, TicketEntry } from './directory.js';
import { emailConfirmationLink, signEmailConfirmation } from './email-confirmation.js';
import { type PlannedEvent, staffEntry } from './fold.js';
import { mailLine } from './mail-line.js';
import { conversationMail, customerReplyTo, type MailThreadOptions, staffReplyTo } from './mail-thread.js';
import type { NewDelivery } from './outbox.js';
import { planChatTranscript } from './plan-transcript.js';

export type { PlannedEvent } from './fold.js';

/** A row of a staff member's in-app inbox, of the domain's kinds and templates. */
export interface StaffInboxRow extends NewStaffNotification {
  readonly kind: NotificationKind;
  readonly template: TemplateKey;
}

/** What one event asks to be sent. */
export interface Plan {
  readonly deliveries: NewDelivery[];
  readonly inbox: StaffInboxRow[];
}

/** What planning needs besides the event and the directory. */
export interface PlanOptions {
  /** Plan email (an SMTP server is configured). */
  readonly email: boolean;
  /** Plan push (VAPID keys are configured). */
  readonly push: boolean;
  readonly templates?: TemplateOverrides;
  /** Where the help center shows an article (`{articleId}`, `{locale}`); a reply's mail then links the articles it names. */
  readonly helpCenterArticleUrl?: string | null;
  /** How address confirmation links are signed and where they lead; none: no confirmation is mailed. */
  readonly emailConfirmation?: { readonly key: Buffer; readonly url: string } | null;
  /**
   * How mail joins conversations: the customer's mails about a ticket that came by email are its
   * next messages, and assignment alerts can be answered by mail. None: notifications only.
   */
  readonly mailThreads?: MailThreadOptions | null;
}

const WEBHOOK_TYPES = new Set<string>(WEBHOOK_EVENT_TYPES);

/**
 * Turns one event into deliveries, asking the domain who is told what: the ticket's customer
 * (their delivery preference picks among web, email and push; the web inbox is the projections'
 * job), staff alerts (each recipient's own channels; the web inbox is written here), and every
 * enabled webhook endpoint that subscribed to the event's type. Every id is derived from the
 * event's place in the log, so planning it again yields the same rows.
 */
export function planDeliveries(event: PlannedEvent, directory: Directory, options: PlanOptions): Plan {
  const plan: Plan = { deliveries: [], inbox: [] };
  const position = { streamId: event.streamId, eventIndex: event.version };
  const ticket = typeof event.data.ticketId === 'string' ? directory.get('ticket', event.data.ticketId) : undefined;

  if (ticket !== undefined && event.type.startsWith('Ticket')) {
    const customer = directory.get('customer', ticket.customerId);
    const locale = localeFor(customer?.language ?? ticket.language ?? undefined);
    const preference = reachablePreference(
      customer?.preference ?? DEFAULT_DELIVERY_PREFERENCE,
      isEmailDeliverable(customer?.email, customer?.bounced),
    );
    for (const notification of customerNotifications(
      event as unknown as TicketEvent,
      ticket,
      preference,
      position,
      locale,
      undefined,
      customer?.timeZone ?? null,
      hasPhoneOnFile(customer),
    ))
      planCustomerMessage(
        plan,
        withArticleLinks(notification, event, options.helpCenterArticleUrl ?? null),
        { ticketId: ticket.ticketId, suggestionId: null },
        { customerId: ticket.customerId, locale },
        event,
        directory,
        options,
      );
  }
  if (event.type === 'CustomerEmailChangeRequested') planEmailConfirmation(plan, event, directory, options);
  if (event.type === 'ChatTranscriptRequested' && options.email) {
    const transcript = planChatTranscript(event, directory, options);
    if (transcript !== null) plan.deliveries.push(transcript);
  }
  if (event.type === 'ProactiveTicketSuggested') {
    const suggestion = event as unknown as CustomerActivityEvent & { type: 'ProactiveTicketSuggested' };
    const { customerId, suggestionId } = suggestion.data;
    const customer = directory.get('customer', customerId);
    const locale = localeFor(customer?.language ?? undefined);
    const preference = reachablePreference(
      customer?.preference ?? DEFAULT_DELIVERY_PREFERENCE,
      isEmailDeliverable(customer?.email, customer?.bounced),
    );
    for (const notification of suggestionNotifications(suggestion, preference, position, locale))
      planCustomerMessage(
        plan,
        notification,
        { ticketId: null, suggestionId },
        { customerId, locale },
        event,
        directory,
        options,
      );
  }

  const alerts = staffAlertsFor(
    event as unknown as Parameters<typeof staffAlertsFor>[0],
    {
      ticket: ticket ?? null,
      customer: contactOnFile(ticket === undefined ? undefined : directory.get('customer', ticket.customerId)),
      supervisors: inGroup(directory, 'supervisors'),
      onCall: inGroup(directory, 'on_call'),
      tierMembers: (tier) =>
        directory
          .all('agent')
          .filter((agent) => agent.tier === tier)
          .map((agent) => agent.agentId),
    },
    position,
  );
  for (const alert of alerts) planAlert(plan, alert, event, directory, options);

  if (WEBHOOK_TYPES.has(event.type)) {
    const messageId = `evt_${event.streamId}_${event.version}`;
    for (const endpoint of directory.all('endpoint')) {
      if (!endpoint.enabled) continue;
      if (!endpoint.eventTypes.includes('*') && !endpoint.eventTypes.includes(event.type)) continue;
      plan.deliveries.push({
        deliveryId: `${messageId}:webhook:${endpoint.endpointId}`,
        channel: 'webhook',
        recipient: endpoint.endpointId,
        person: null,
        messageId,
        // One line per endpoint and stream (a ticket, a chat): their events arrive in order.
        orderingKey: `${endpoint.endpointId}:${event.streamId}`,
        position: event.globalPosition,
        topic: event.type,
        payload: {
          type: event.type,
          timestamp: event.data.at,
          // `version` is the event's place in its stream unless the event has a version of its
          // own (an article's published version); `streamVersion` always is.
          data: { version: event.version, ...event.data, streamId: event.streamId, streamVersion: event.version },
        },
        createdAt: event.recordedAt,
      });
    }
  }
  return plan;
}

/**
 * A reply's notification whose `articles` (the linked articles' titles) give each one's address
 * in the help center, when the deployment says where that is: a customer who reads mail only can
 * open them. Other notifications, and replies without links, are unchanged.
 */
function withArticleLinks<N extends { readonly params: TemplateParams }>(
  notification: N,
  event: PlannedEvent,
  articleUrl: string | null,
): N {
  const links = event.type === 'TicketAgentReplied' ? (event.data.articles as LinkedArticle[] | undefined) : undefined;
  if (articleUrl === null || links === undefined || links.length === 0) return notification;
  const lines = links.map((link) => {
    const url = helpCenterArticleAddress(articleUrl, link);
    return link.title === undefined ? url : `${link.title}: ${url}`;
  });
  return { ...notification, params: { ...notification.params, articles: lines.join('\n') } };
}

/**
 * The email and push deliveries of one customer notification (the web inbox is the projections'
 * job), rendered again with the deployment's texts; `about` names the ticket or the suggestion.
 */
function planCustomerMessage(
  plan: Plan,
  notification: {
    readonly id: string;
    readonly kind: NotificationKind;
    readonly template: TemplateKey;
    readonly params: TemplateParams;
    readonly channels: readonly string[];
  },
  about: { readonly ticketId: string | null; readonly suggestionId: string | null },
  { customerId, locale }: { readonly customerId: string; readonly locale: Locale },
  event: PlannedEvent,
  directory: Directory,
  options: PlanOptions,
) {
  const customer = directory.get('customer', customerId);
  const messageWith = (params: TemplateParams) => ({
    ...renderTemplate(notification.template, locale, params, options.templates),
    kind: notification.kind,
    locale,
    ...about,
    template: notification.template,
  });
  const message = messageWith(notification.params);
  const base = {
    messageId: notification.id,
    person: { kind: 'customer' as const, id: customerId },
    position: event.globalPosition,
    createdAt: event.recordedAt,
  };
  // An address that bounced hard is mailed no more (the preference fell back to the inbox above).
  if (
    options.email &&
    notification.channels.includes('email') &&
    customer?.email &&
    isEmailDeliverable(customer.email, customer.bounced)
  ) {
    const deliveryId = `${notification.id}:email:customer:${customerId}`;
    const ticket = about.ticketId === null ? undefined : directory.get('ticket', about.ticketId);
    const mailThreads = options.mailThreads ?? null;
    const threads = ticket?.channel === 'email' ? mailThreads : null;
    // A ticket that came by email hears from the team as the next message of its conversation.
    const template = threads === null ? notification.template : conversationTemplate(notification.template);
    const reply = event.type === 'TicketAgentReplied' ? (event.data as { attachments?: MessageAttachment[] }) : null;
    const inert = mailParams(template, notification.params);
    // Files the mail carries are not also listed as to download from the ticket.
    const { files: _attached, ...withoutFiles } = inert;
    const params = threads?.attachFiles && reply?.attachments ? withoutFiles : inert;
    const mail = {
      ...renderTemplate(template, locale, params, options.templates),
      kind: notification.kind,
      locale,
      ...about,
      template,
    };
    const threading =
      ticket === undefined || mailThreads === null
        ? null
        : threads === null
          ? answerable(ticket, mailThreads)
          : conversationMail(
              ticket,
              deliveryId,
              template,
              reply,
              { locale, timeZone: customer.timeZone ?? null },
              threads,
            );
    const sent = threading?.messageId;
    if (sent !== undefined && ticket !== undefined)
      directory.update('ticket', ticket.ticketId, (t) => ({
        ...t,
        thread: mailReferences([...(t.thread ?? []), sent]),
      }));
    plan.deliveries.push({
      ...base,
      deliveryId,
      channel: 'email',
      recipient: customer.email,
      orderingKey: mailLine(customer.email, event.streamId),
      topic: notification.template,
      // The reply itself travels by mail only: a push message is a few kilobytes at most.
      payload: { ...mail, quote: quoteFor(mail.text, params), mail: threading },
    });
  }
  if (options.push && notification.channels.includes('push')) {
    for (const subscription of customer?.push ?? []) {
      plan.deliveries.push(pushDelivery(base, notification.id, subscription, notification.template, message));
    }
  }
}

/** A ticket's notification to its customer, answerable by mail (a ticket that did not come by mail keeps its alert's form). */
function answerable(
  ticket: TicketEntry,
  options: MailThreadOptions,
): { readonly replyTo?: string; readonly messageId?: string } | null {
  const replyTo = customerReplyTo(ticket, options);
  return replyTo === undefined ? null : { replyTo };
}

function planAlert(plan: Plan, alert: StaffAlert, event: PlannedEvent, directory: Directory, options: PlanOptions) {
  // Staff who share a mailbox (a team's address on several profiles) get one mail of each alert.
  const mailed = new Set<string>();
  for (const staffId of alert.recipients) {
    // An agent who left the team is told nothing more (the work they held was handed over).
    if (directory.get('agent', staffId)?.deactivated) continue;
    const staff = staffEntry(directory, staffId);
    const locale = localeFor(staff.language ?? undefined);
    const params = staffAlertParamsIn(alert, staff.timeZone);
    const rendered = renderTemplate(alert.template, locale, params, options.templates);
    const { ticketId, chatId } = alert;
    const messageWith = (text: { readonly title: string; readonly text: string }) => ({
      ...text,
      kind: alert.kind,
      locale,
      ticketId,
      chatId,
      template: alert.template,
    });
    const message = messageWith(rendered);
    const base = {
      messageId: alert.id,
      person: { kind: 'staff' as const, id: staffId },
      position: event.globalPosition,
      createdAt: event.recordedAt,
    };
    const byEmail = options.email && staff.channels.includes('email') && Boolean(staff.email);
    const byPush = options.push && staff.channels.includes('push') && staff.push.length > 0;
    // A profile no chosen channel reaches now (push before any device subscribed, mail without a
    // server) still gets the alert in the inbox: an alert never vanishes without trace.
    if (staff.channels.includes('web') || (!byEmail && !byPush)) {
      plan.inbox.push({
        notificationId: alert.id,
        staffId,
        ticketId,
        chatId,
        kind: alert.kind,
        template: alert.template,
        ...rendered,
        createdAt: event.recordedAt,
      });
    }
    if (byEmail && staff.email && !mailed.has(staff.email.toLowerCase())) {
      mailed.add(staff.email.toLowerCase());
      const inert = mailParams(alert.template, params);
      const mail = messageWith(renderTemplate(alert.template, locale, inert, options.templates));
      const replyTo = assignmentReplyTo(alert, staffId, directory, options);
      plan.deliveries.push({
        ...base,
        deliveryId: `${alert.id}:email:staff:${staffId}`,
        channel: 'email',
        recipient: staff.email,
        orderingKey: mailLine(staff.email, event.streamId),
        topic: alert.template,
        payload: { ...mail, quote: quoteFor(mail.text, inert), mail: replyTo === undefined ? null : { replyTo } },
      });
    }
    if (byPush) {
      for (const subscription of staff.push) {
        plan.deliveries.push(pushDelivery(base, `${alert.id}:${staffId}`, subscription, alert.template, message));
      }
    }
  }
}

/**
 * Where a staff member's answer to their assignment alert goes: the ticket's mailbox tagged with
 * their reply token, so answering the alert by mail replies on the ticket. None for other alerts,
 * or without mail threads configured.
 */
function assignmentReplyTo(
  alert: StaffAlert,
  staffId: string,
  directory: Directory,
  options: PlanOptions,
): string | undefined {
  if (!options.mailThreads || alert.template !== 'staff.assigned' || alert.ticketId === null) return undefined;
  const ticket = directory.get('ticket', alert.ticketId);
  return ticket === undefined ? undefined : staffReplyTo(ticket, staffId, options.mailThreads);
}

/**
 * The one mail a pending address receives: the link that confirms it, to that address only (the
 * profile's confirmed address, if any, is told nothing). The link's token is signed with the
 * deployment's key; the mail is planned only when email and confirmation links are configured.
 */
function planEmailConfirmation(plan: Plan, event: PlannedEvent, directory: Directory, options: PlanOptions) {
  const confirmation = options.emailConfirmation;
  if (!options.email || !confirmation) return;
  const { customerId, email, expiresAt } = event.data as { customerId: string; email: string; expiresAt: string };
  const customer = directory.get('customer', customerId);
  const locale = localeFor(customer?.language ?? undefined);
  const token = signEmailConfirmation({ customerId, email, expiresAt }, confirmation.key);
  const template = 'customer.email.confirm';
  const link = emailConfirmationLink(confirmation.url, token);
  const params = emailConfirmationParams(link, expiresAt, customer?.timeZone ?? null);
  const messageId = notificationId({ streamId: event.streamId, eventIndex: event.version });
  plan.deliveries.push({
    deliveryId: `${messageId}:email:customer:${customerId}`,
    channel: 'email',
    recipient: email,
    person: { kind: 'customer', id: customerId },
    messageId,
    orderingKey: mailLine(email, event.streamId),
    position: event.globalPosition,
    topic: template,
    payload: {
      ...renderTemplate(template, locale, params, options.templates),
      kind: 'info',
      locale,
      ticketId: null,
      suggestionId: null,
      template,
      quote: null,
    },
    createdAt: event.recordedAt,
  });
}

/** `params` as a mail shows them: what someone outside the team wrote made inert (`inertText`). */
function mailParams(template: TemplateKey, params: TemplateParams): TemplateParams {
  const inert: Record<string, string> = { ...params };
  for (const name of customerWrittenPlaceholders(template)) {
    const value = params[name];
    if (value !== undefined) inert[name] = inertText(value);
  }
  return inert;
}

function pushDelivery(
  base: Pick<NewDelivery, 'messageId' | 'person' | 'position' | 'createdAt'>,
  notificationId: string,
  subscription: PushTarget,
  topic: string,
  message: object,
): NewDelivery {
  const endpointKey = createHash('sha256').update(subscription.endpoint).digest('base64url').slice(0, 22);
  return {
    ...base,
    deliveryId: `${notificationId}:push:${endpointKey}`,
    channel: 'push',
    recipient: subscription.endpoint,
    orderingKey: null,
    topic,
    payload: { ...message, subscription },
  };
}

/** Whether a number is on file; a row folded before profiles held numbers is given the benefit of the doubt. */
function hasPhoneOnFile(customer: CustomerEntry | undefined): boolean {
  return customer !== undefined && (customer.phone === undefined || Boolean(customer.phone));
}

/** What a customer's profile holds for their calls, as far as the directory knows it. */
function contactOnFile(customer: CustomerEntry | undefined): ContactOnFile | null {
  return customer === undefined ? null : { phone: customer.phone ?? null, timeZone: customer.timeZone ?? null };
}

function inGroup(directory: Directory, group: string): string[] {
  return directory
    .all('staff')
    .filter((staff) => staff.groups.includes(group))
    .map((staff) => staff.staffId);
}

/**
 * What a mail shows under its text: the reply (unless the text already holds it, as a deployment's
 * own template may), then the titles of the articles it links and the files it sent; none when
 * none of them.
 */
function quoteFor(text: string, params: TemplateParams): string | null {
  const parts = [params.message, params.articles, params.files].filter(
    (part): part is string => part !== undefined && part !== '' && !text.includes(part),
  );
  return parts.length === 0 ? null : parts.join('\n\n');
}
