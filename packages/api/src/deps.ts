import type { DeliveryDb } from '@support-engine/delivery';
import type { ChatTimings } from '@support-engine/domain/chat';
import type { SlaPolicy } from '@support-engine/domain/sla';
import type { TicketSlaReport } from '@support-engine/domain/ticket';
import type { EventStore } from '@support-engine/eventstore';
import type { ChainVerifier, ReadModelTables } from '@support-engine/projections';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { AttachmentStorage } from './attachments/storage.js';
import type { ProjectionWaiter } from './consistency.js';
import type { HelpCenterHandler } from './help-center-mount/routes.js';
import type { ApiMetrics } from './metrics.js';
import type { WidgetOriginsOf } from './widget-files/routes.js';

/**
 * Live SLA clocks of a ticket, as its Temporal workflow reports them. The composition root
 * implements it with a Temporal client (`getHandle('ticket-<id>').query(slaStatusQuery)`), so
 * the API never loads Temporal itself.
 */
export interface SlaLookup {
  /**
   * The ticket's SLA status at `at` (now, by the API's clock), with the next reminder or
   * auto-close it schedules (`automation`), or `null` when it has no workflow (yet).
   */
  ticketSla(ticketId: string, at: Date): Promise<TicketSlaReport | null>;
}

/**
 * What the API needs of delivery: its tables (the outbox, the delivery log, the staff inbox and
 * the notifier's directory) and the few settings of the deployment's delivery configuration it
 * acts on. The composition root fills it from `loadDeliveryConfig`.
 */
export interface DeliveryAccess {
  /** The delivery tables (in the event store's database). */
  readonly db: DeliveryDb;
  /** The notifier whose directory lists the webhook endpoints. */
  readonly notifier: string;
  /** The deployment key endpoints' signing secrets derive from; `null`: webhooks are not configured. */
  readonly webhookSecretKey: Buffer | null;
  /** Whether webhook URLs may lead to private or loopback addresses. */
  readonly allowPrivateWebhooks: boolean;
  /** Whether push subscriptions' endpoints may lead to private or loopback addresses. */
  readonly allowPrivatePush: boolean;
  /** The VAPID public key browsers subscribe with; `null`: push is off. */
  readonly vapidPublicKey: string | null;
  /**
   * The key address confirmation links are signed with and how long they stay valid
   * (`EMAIL_CONFIRMATION_*`); `null`: none can be confirmed, an address a customer gives themself
   * stays pending.
   */
  readonly emailConfirmation: { readonly key: Buffer; readonly validityMs: number } | null;
}

/** Everything the API talks to; it creates none of it and holds no global state. */
export interface ApiDeps {
  /** The event log (commands, history, as-of reads, live subscriptions) with chain verification. */
  readonly store: EventStore & ChainVerifier;
  /** The read models. */
  readonly db: Kysely<ReadModelTables>;
  /**
   * The PostgreSQL database of `db`, for the one connection per process that LISTENs for live
   * chat signals (sent with `pg_notify` over `db`, so every API process on it receives them).
   */
  readonly connectionString: string;
  readonly waiter: ProjectionWaiter;
  readonly logger: Logger;
  /** The time commands happen at. */
  readonly clock: () => Date;
  /** SLA queries answer `null` without it. */
  readonly sla?: SlaLookup;
  /**
   * Delivery's tables and settings. Without it webhook operations answer
   * `WEBHOOKS_NOT_CONFIGURED`, the staff inbox is empty and `vapidPublicKey` is null.
   */
  readonly delivery?: DeliveryAccess;
  /** The deployment's SLA settings; the standard policy and the documented timings range by default. */
  readonly slaSettings?: SlaSettings;
  /** Where attachment bytes go. Without it uploads answer `ATTACHMENTS_NOT_CONFIGURED`. */
  readonly attachmentStorage?: AttachmentStorage;
  /**
   * The process's metrics (the caller may add its own to the registry, and serves them: never on
   * the API's port, where any client could scrape them); the API makes its own without.
   */
  readonly metrics?: ApiMetrics;
  /**
   * The desk's built files (packages/desk's `build` folder), served under `/desk`; without it, or
   * before the desk is built, `/desk` is not served.
   */
  readonly deskDir?: string;
  /**
   * The widget's built files (packages/widget's `build` folder: the loader and the frame), served
   * under `/widget`; without it, or before the widget is built, `/widget` serves no files.
   */
  readonly widgetDir?: string;
  /** The origins that may frame a widget key's frame page: the key's `allowedOrigins` (as the log holds them) by default. */
  readonly widgetOrigins?: WidgetOriginsOf;
  /**
   * The public help center's built request handler (packages/help-center's `build/handler.js`),
   * mounted under `/help` when the configuration runs a public help center.
   */
  readonly helpCenterHandler?: HelpCenterHandler;
}

/**
 * What the API needs of the deployment's SLA and chat settings (`SLA_POLICY`,
 * `TICKET_TIMINGS_ANY_DURATION`, `CHAT_INACTIVITY_TIMEOUT_MS`).
 */
export interface SlaSettings {
  /** The policy of tickets that recorded no SLA terms (the configuration set none). */
  readonly bootstrapPolicy: SlaPolicy;
  /** Whether `setAutomationTimings` accepts any resolved auto-close delay (and `setChatInactivityTimeout` any timeout). */
  readonly anyTimings: boolean;
  /** The chat timings of chats that recorded no timeout of their own; the documented ones without. */
  readonly chatTimings?: ChatTimings;
}
