import {
  CUSTOMER_PROFILE_EVENT_TYPES,
  type CustomerProfileEvent,
  isEmailDeliverable,
  standingBounce,
} from '@support-engine/domain/customer';
import type { TemplateOverrides } from '@support-engine/domain/notification';
import { type SlaPolicy, STANDARD_POLICY } from '@support-engine/domain/sla';
import { TICKET_EVENT_TYPES } from '@support-engine/domain/ticket';
import { type CustomerNotificationRow, saveCustomerNotifications } from '@support-engine/inbox';
import type { ProjectedEvent } from '../../events.js';
import type { Projection } from '../../projection.js';
import { foldProjection } from '../fold.js';
import {
  type CustomerProfileColumns,
  type CustomerSettings,
  DEFAULT_CUSTOMER_SETTINGS,
  inboxRowFor,
  loadCustomerSettings,
  type ProjectedSuggestion,
  saveCustomerProfiles,
  saveCustomerSettings,
  saveCustomers,
  suggestionInboxRow,
} from './inbox.js';
import { RollupDelta, saveRollupDelta } from './report-rollup.js';
import { applyTicketEvent, type ProjectedTicketEvent, type TicketMessageRow, type TicketRow } from './row.js';
import { withSla } from './sla.js';
import { addStatusCounts, loadTicketRows, saveTicketMessages, saveTicketRows } from './store.js';

/** Options of {@link createTicketsProjection}. */
export interface TicketsProjectionOptions {
  /** Checkpoint and lock name; `tickets` by default. */
  readonly name?: string;
  /**
   * The SLA policy the ticket's clocks are computed with; the documented standard policy by
   * default. No event records a ticket's policy, so it is deployment configuration.
   */
  readonly slaPolicy?: SlaPolicy;
  /**
   * The deployment's own notification texts (`NOTIFICATION_TEMPLATES_FILE`), so the in-app inbox
   * says what the email and push say. Like the policy, deployment configuration.
   */
  readonly templates?: TemplateOverrides;
}

/**
 * The ticket read models: `tickets` (state, SLA standing, metric facts), `ticket_messages`,
 * `ticket_status_counts`, `ticket_report_rollup` (the reports' figures per hour and day),
 * `customers` and `customer_notifications` (the in-app inbox, saved through the inbox package).
 * Customer-profile events ride along because the inbox honours each customer's delivery
 * preference and language at the moment a notification is due (push subscriptions, on the same
 * stream, do not); so do proactive suggestions, which the customer's inbox tells them of.
 *
 * A batch is folded in memory: every touched ticket is read once, its events applied in order,
 * and written back once, with multi-row statements. That keeps a rebuild close to the cost of
 * writing the final rows.
 */
export function createTicketsProjection(options: TicketsProjectionOptions = {}): Projection {
  const policy = options.slaPolicy ?? STANDARD_POLICY;
  return foldProjection<TicketsProjectionEvent, TicketBatch>({
    name: options.name ?? 'tickets',
    eventTypes: [...TICKET_EVENT_TYPES, ...CUSTOMER_PROFILE_EVENT_TYPES, 'ProactiveTicketSuggested'],
    tables: [
      'tickets',
      'ticket_messages',
      'ticket_status_counts',
      'ticket_report_rollup',
      'customers',
      'customer_notifications',
    ],
    async load(trx, events) {
      const ticketIds = events.flatMap((e) => ('ticketId' in e.data ? [e.data.ticketId] : []));
      const rows = await loadTicketRows(trx, [...new Set(ticketIds)]);
      const customers = await loadCustomerSettings(trx, customersOf(rows, events));
      return new TicketBatch(rows, customers, options.templates);
    },
    apply: (batch, event) => batch.apply(event),
    async save(trx, batch) {
      const changed = batch.changedRows().map((row) => withSla(row, policy));
      await saveTicketRows(trx, changed);
      const rollup = new RollupDelta();
      for (const row of changed) {
        const old = batch.loaded.get(row.ticket_id);
        if (old) rollup.add(old, -1);
        rollup.add(row, 1);
      }
      await saveRollupDelta(trx, rollup);
      await saveTicketMessages(trx, batch.messages);
      await saveCustomers(trx, batch.newCustomers);
      await saveCustomerSettings(trx, batch.customerChanges);
      await saveCustomerProfiles(trx, batch.profileChanges);
      await saveCustomerNotifications(trx, batch.inbox);
      await addStatusCounts(trx, batch.statusDelta);
    },
  });
}

type TicketsProjectionEvent = ProjectedTicketEvent | ProjectedEvent<CustomerProfileEvent> | ProjectedSuggestion;

function isSuggestion(event: TicketsProjectionEvent): event is ProjectedSuggestion {
  return event.type === 'ProactiveTicketSuggested';
}

function isCustomerEvent(event: TicketsProjectionEvent): event is ProjectedEvent<CustomerProfileEvent> {
  return (CUSTOMER_PROFILE_EVENT_TYPES as readonly string[]).includes(event.type);
}

function customersOf(rows: ReadonlyMap<string, TicketRow>, events: readonly TicketsProjectionEvent[]): string[] {
  const ids = new Set([...rows.values()].map((row) => row.customer_id));
  for (const event of events) {
    if (event.type === 'TicketOpened' || isCustomerEvent(event) || isSuggestion(event)) ids.add(event.data.customerId);
    // A ticket moved to the customer a visitor was merged into is told with that customer's settings.
    if (event.type === 'TicketCustomerChanged') ids.add(event.data.to);
  }
  return [...ids];
}

/** The in-memory unit of work of one batch: rows as they evolve and everything to insert. */
class TicketBatch {
  readonly messages: TicketMessageRow[] = [];
  readonly inbox: CustomerNotificationRow[] = [];
  readonly newCustomers = new Map<string, string>();
  /** Latest settings set in this batch, per customer. */
  readonly customerChanges = new Map<string, CustomerSettings>();
  /** Latest profile set in this batch, per customer. */
  readonly profileChanges = new Map<string, CustomerProfileColumns>();
  readonly statusDelta = new Map<string, number>();
  /** The rows as loaded, before the batch: the rollup takes them out and puts the new ones in. */
  readonly loaded: ReadonlyMap<string, TicketRow>;
  readonly #changed = new Set<string>();

  constructor(
    private readonly rows: Map<string, TicketRow>,
    private readonly customers: Map<string, CustomerSettings>,
    private readonly templates: TemplateOverrides | undefined,
  ) {
    this.loaded = new Map(rows);
  }

  apply(event: TicketsProjectionEvent): void {
    if (isCustomerEvent(event)) {
      this.#customer(event);
      return;
    }
    if (isSuggestion(event)) {
      const customer = this.customers.get(event.data.customerId) ?? DEFAULT_CUSTOMER_SETTINGS;
      const notification = suggestionInboxRow(event, customer, this.templates);
      if (notification) this.inbox.push(notification);
      return;
    }
    const before = this.rows.get(event.data.ticketId);
    const { row, messages } = applyTicketEvent(before, event);
    this.rows.set(row.ticket_id, row);
    this.#changed.add(row.ticket_id);
    this.messages.push(...messages);
    if (before?.status !== row.status) {
      if (before) this.#count(before.status, -1);
      this.#count(row.status, 1);
    }
    if (!before && !this.newCustomers.has(row.customer_id)) this.newCustomers.set(row.customer_id, row.opened_at);
    const customer = this.customers.get(row.customer_id) ?? DEFAULT_CUSTOMER_SETTINGS;
    const ticket = {
      ticketId: row.ticket_id,
      subject: row.subject,
      customerId: row.customer_id,
      language: row.language,
    };
    const notification = inboxRowFor(event, ticket, customer, this.templates);
    if (notification) this.inbox.push(notification);
  }

  #customer(event: ProjectedEvent<CustomerProfileEvent>): void {
    const { data } = event;
    const current = this.customers.get(data.customerId) ?? DEFAULT_CUSTOMER_SETTINGS;
    // Registration and profile updates set the language and time zone (an update recorded before
    // profiles held a zone leaves it); a preference change keeps them. A pending address is not
    // the profile's: only its confirmation gives the customer an address mail can go to.
    let settings = current;
    let profile: CustomerProfileColumns | null = null;
    switch (event.type) {
      case 'CustomerDeliveryPreferenceChanged':
        settings = { ...current, preference: event.data.preference };
        break;
      case 'CustomerRegistered': {
        const d = event.data;
        settings = {
          preference: d.deliveryPreference,
          language: d.language ?? null,
          timeZone: d.timeZone ?? null,
          hasEmail: Boolean(d.email),
          bouncedEmail: null,
          hasPhone: Boolean(d.phone),
        };
        profile = {
          name: d.name,
          email: d.email ?? null,
          company: d.company ?? null,
          plan: d.plan ?? null,
          registered_at: d.customerSince ?? d.at,
          phone: d.phone ?? null,
        };
        break;
      }
      case 'CustomerProfileUpdated': {
        const d = event.data;
        const bounced = standingBounce(current.bouncedEmail, d.email);
        settings = {
          ...current,
          language: d.language,
          ...(d.timeZone === undefined ? {} : { timeZone: d.timeZone }),
          hasEmail: isEmailDeliverable(d.email, bounced),
          bouncedEmail: bounced,
          ...(d.phone === undefined ? {} : { hasPhone: Boolean(d.phone) }),
        };
        profile = {
          name: d.name,
          email: d.email,
          email_bounced: bounced,
          company: d.company,
          plan: d.plan,
          ...(d.phone === undefined ? {} : { phone: d.phone }),
        };
        break;
      }
      case 'CustomerEmailChangeRequested':
        profile = { pending_email: event.data.email, pending_email_expires_at: event.data.expiresAt };
        break;
      case 'CustomerEmailConfirmed': {
        const bounced = standingBounce(current.bouncedEmail, event.data.email);
        settings = { ...current, hasEmail: isEmailDeliverable(event.data.email, bounced), bouncedEmail: bounced };
        profile = {
          email: event.data.email,
          email_bounced: bounced,
          pending_email: null,
          pending_email_expires_at: null,
        };
        break;
      }
      case 'CustomerEmailBounced':
        // Told in-app from now on, as a customer without an address is.
        settings = { ...current, hasEmail: false, bouncedEmail: event.data.address };
        profile = { email_bounced: event.data.address };
        break;
      case 'CustomerEmailSoftBounced':
        // Still mailed; the query shows it while the profile holds the same mailbox (`standingBounce`).
        profile = { email_soft_bounced: event.data.address, email_soft_bounced_at: event.data.at };
        break;
      case 'CustomerMerged':
        profile = { merged_into: event.data.into };
        break;
    }
    if (profile !== null)
      this.profileChanges.set(data.customerId, { ...this.profileChanges.get(data.customerId), ...profile });
    this.customers.set(data.customerId, settings);
    this.customerChanges.set(data.customerId, settings);
    if (!this.newCustomers.has(data.customerId)) this.newCustomers.set(data.customerId, data.at);
  }

  changedRows(): TicketRow[] {
    return [...this.#changed].map((id) => this.rows.get(id)!);
  }

  #count(status: string, delta: number): void {
    this.statusDelta.set(status, (this.statusDelta.get(status) ?? 0) + delta);
  }
}
