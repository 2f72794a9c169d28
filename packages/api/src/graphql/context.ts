import type { CommandBus } from '@support-engine/application';
import type { ArticleSearchCache } from '@support-engine/projections';
import type { Attachments } from '../attachments/service.js';
import type { OwnerLookup } from '../auth/owners.js';
import type { Principal } from '../auth/tokens.js';
import type { ApiConfig } from '../config.js';
import type { Inboxes } from '../delivery/inboxes.js';
import type { Webhooks } from '../delivery/webhooks.js';
import type { ApiDeps } from '../deps.js';
import type { OwnWrites } from '../own-writes.js';
import type { ChatSignals } from '../signals/chat-signals.js';
import type { StaffAlertSignals } from '../signals/staff-alerts.js';
import type { LiveFeed } from '../subscriptions/live-feed.js';
import type { SubscriptionSlots } from '../subscriptions/slots.js';
import type { VisitorTraffic } from '../visitor-traffic.js';
import type { ReplayBudget } from './replay-budget.js';

/** What resolvers share for the server's lifetime. */
export interface ApiServices {
  readonly deps: ApiDeps;
  readonly config: ApiConfig;
  readonly bus: CommandBus;
  readonly owners: OwnerLookup;
  readonly feed: LiveFeed;
  /** The live subscriptions each connection and caller hold, within `config.subscriptions`. */
  readonly subscriptionSlots: SubscriptionSlots;
  /** Typing indicators and read receipts, shared with the other API processes. */
  readonly signals: ChatSignals;
  /** Changes of staff members' in-app alerts, across API processes. */
  readonly alerts: StaffAlertSignals;
  readonly webhooks: Webhooks;
  /** Knowledge-base search results, unless `config.kbSearchCacheEntries` is 0. */
  readonly articleSearchCache: ArticleSearchCache | undefined;
  /** Uploads, downloads and the files of messages; `undefined` without `deps.attachmentStorage`. */
  readonly attachments: Attachments | undefined;
  /** The in-app inboxes' unread counts and read marks. */
  readonly inboxes: Inboxes;
  /** Each caller's last write, waited for by their queries given no consistency token. */
  readonly ownWrites: OwnWrites;
  /** A public help center's visitors' views and search gaps, counted outside the log. */
  readonly visitors: VisitorTraffic;
}

/** The GraphQL context of one request. */
export interface ApiContext {
  /** The request's id (its `x-request-id`): the correlation id of the events its commands write. */
  readonly requestId: string;
  /** The client's address, as the rate limit keys anonymous callers by (the forwarded one behind a trusted proxy). */
  readonly address: string;
  /** The authenticated caller, or `null` for an anonymous request. */
  readonly principal: Principal | null;
  readonly services: ApiServices;
  /**
   * What the operation arrived over: its WebSocket (shared by every operation of the socket) or
   * its HTTP request. Subscriptions are counted per connection.
   */
  readonly connection: object;
  /** What this request may still replay for past views (`config.maxReplayEvents` at its start). */
  readonly replay: ReplayBudget;
}
