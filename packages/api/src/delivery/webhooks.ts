import {
  AddressNotAllowedError,
  assertDeliverableUrl,
  currentEndpointIds,
  webhookSecret,
} from '@support-engine/delivery';
import { createDomainEventRegistry, streamId } from '@support-engine/domain';
import { evolveWebhook, type WebhookEvent, type WebhookState, webhookUrl } from '@support-engine/domain/webhook';
import type { EventStore } from '@support-engine/eventstore';
import type { DeliveryAccess } from '../deps.js';
import { ApiError } from '../errors/codes.js';

/** A webhook endpoint as the API shows it: its settings, and when it was registered and last changed. */
export interface EndpointView {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly description: string | null;
  readonly enabled: boolean;
  readonly secretVersion: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The webhook side of delivery, as the API's resolvers use it. */
export interface Webhooks {
  /** The delivery access, or `WEBHOOKS_NOT_CONFIGURED` when the deployment has no webhook secret key. */
  configured(): DeliveryAccess & { readonly webhookSecretKey: Buffer };
  /**
   * The URL an endpoint may be registered with, normalised: the domain's rule first
   * (`WEBHOOK_URL_INVALID`), then where it leads (`WEBHOOK_URL_NOT_ALLOWED` for private or
   * loopback addresses unless the deployment allows them, and for a host that does not resolve).
   */
  deliverableUrl(url: string): Promise<string>;
  /**
   * The endpoint folded from its stream (current, or as it stood at stream version `atVersion`:
   * what a command that left it there answered), or `null` when there is none.
   */
  endpoint(id: string, atVersion?: number): Promise<EndpointView | null>;
  /** Whether the endpoint was ever registered (deleted ones too). */
  registered(id: string): Promise<boolean>;
  /**
   * Every endpoint: those the notifier's directory lists, and those registered in the log since
   * the checkpoint it stands at (a directory behind the log still lists a new endpoint), by id.
   */
  endpoints(): Promise<EndpointView[]>;
  /** The endpoint's current signing secret, derived from the deployment key. */
  secret(endpoint: Pick<EndpointView, 'id' | 'secretVersion'>): string;
}

/** The webhook service over the event store (endpoint streams) and the delivery tables. */
export function createWebhooks(
  store: Pick<EventStore, 'readStream' | 'readAll'>,
  access: DeliveryAccess | undefined,
): Webhooks {
  const registry = createDomainEventRegistry();
  const configured = () => {
    const key = access?.webhookSecretKey;
    if (access === undefined || key === null || key === undefined) {
      throw new ApiError('WEBHOOKS_NOT_CONFIGURED', 'Webhooks are not configured: set WEBHOOK_SECRET_KEY');
    }
    return { ...access, webhookSecretKey: key };
  };
  const endpoint = async (id: string, atVersion?: number): Promise<EndpointView | null> => {
    const stream = await store.readStream(streamId('webhook', id));
    const events = atVersion === undefined ? stream : stream.filter((event) => event.streamVersion <= atVersion);
    const first = events[0];
    const last = events.at(-1);
    if (first === undefined || last === undefined) return null;
    const state = events.reduce<WebhookState>(
      (folded, event) => evolveWebhook(folded, registry.upcast(event) as WebhookEvent),
      null,
    );
    if (state === null || state.deleted) return null;
    const { endpointId, deleted: _deleted, ...settings } = state;
    return { id: endpointId, ...settings, createdAt: first.recordedAt, updatedAt: last.recordedAt };
  };
  return {
    configured,
    async deliverableUrl(url) {
      const { allowPrivateWebhooks } = configured();
      const href = webhookUrl(url);
      try {
        await assertDeliverableUrl(href, allowPrivateWebhooks);
      } catch (error) {
        if (error instanceof AddressNotAllowedError) throw error;
        const host = new URL(href).hostname;
        const message = `${host} does not resolve to an address`;
        throw new ApiError('WEBHOOK_URL_NOT_ALLOWED', message, { host, issues: [{ path: 'input.url', message }] });
      }
      return href;
    },
    endpoint,
    registered: async (id) => (await store.readStream(streamId('webhook', id), { toVersion: 1 })).length > 0,
    async endpoints() {
      const { db, notifier } = configured();
      const ids = await currentEndpointIds(db, store, notifier);
      const found = await Promise.all(ids.map((id) => endpoint(id)));
      return found.filter((view) => view !== null);
    },
    secret: (view) => webhookSecret(configured().webhookSecretKey, view.id, view.secretVersion),
  };
}
