import { Id, Instant, Role } from '@support-engine/domain';
import { ChatSignalKind, signalGroupOf } from '@support-engine/domain/chat';
import { getAgent } from '@support-engine/projections';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import { seesInternal } from '../auth/visibility.js';
import type { ApiConfig } from '../config.js';
import type { ApiDeps } from '../deps.js';
import { SignalChannel } from './channel.js';
import { SignalThrottle } from './throttle.js';

/** The PostgreSQL channel chat signals travel on between API processes. */
export const CHAT_SIGNAL_CHANNEL = 'chat_signals';

/** A signal as it travels between processes: the schema's `ChatActivity` and who may see it. */
export const RelayedSignal = z
  .object({
    chatId: Id,
    signal: ChatSignalKind,
    // The agent's name is at most 200 characters: the whole payload stays far below 8000 bytes.
    by: z.object({ role: Role, id: Id, name: z.string().max(200).nullable() }).strict(),
    at: Instant,
    lastReadMessageId: Id.nullable(),
    /** Staff typing an internal note, or a read of an internal message: never sent to customers. */
    staffOnly: z.boolean(),
  })
  .strict();
export type RelayedSignal = z.infer<typeof RelayedSignal>;

/** A permitted signal, before the rate limit and before its sender's name is looked up. */
export type GivenSignal = Omit<RelayedSignal, 'by'> & { readonly by: Principal };

/** What became of a signal: when it was given, and whether it went out at once. */
export interface SignalReceipt {
  readonly at: string;
  readonly relayed: boolean;
}

/**
 * Typing indicators and read receipts: transient, so never in the log. Each is rate limited per
 * sender, chat and group (`config.chatSignals`) in this process, then sent over PostgreSQL to
 * the subscribers of every API process.
 */
export class ChatSignals {
  readonly #channel: SignalChannel<RelayedSignal>;
  readonly #throttle: SignalThrottle<GivenSignal>;
  readonly #clock: () => Date;

  constructor(
    deps: Pick<ApiDeps, 'connectionString' | 'db' | 'logger' | 'clock'>,
    private readonly limits: ApiConfig['chatSignals'],
  ) {
    const { connectionString, db, logger } = deps;
    this.#clock = deps.clock;
    this.#channel = new SignalChannel(CHAT_SIGNAL_CHANNEL, RelayedSignal, connectionString, db, logger);
    // The staff member's name as the agents read model holds it, looked up only for what goes
    // out; customers are named by id only.
    const nameOf = async (by: Principal) =>
      by.role === 'customer' ? null : ((await getAgent(db, by.id))?.name ?? null);
    this.#throttle = new SignalThrottle(
      async ({ by, ...signal }) =>
        this.#channel.publish({ ...signal, by: { role: by.role, id: by.id, name: await nameOf(by) } }),
      (error) => logger.error({ err: error }, 'a held-back chat signal could not be sent'),
    );
  }

  /** Relays a permitted signal, given now, at once or holds it back under the rate limit. */
  async give(permitted: Omit<GivenSignal, 'at'>): Promise<SignalReceipt> {
    const signal = { ...permitted, at: this.#clock().toISOString() };
    const group = signalGroupOf(signal.signal);
    // Staff-only signals are limited apart: one held back never takes the place of a public one.
    const key = JSON.stringify([signal.by.role, signal.by.id, signal.chatId, group, signal.staffOnly]);
    const interval = group === 'read' ? this.limits.readIntervalMs : this.limits.typingIntervalMs;
    return { at: signal.at, relayed: await this.#throttle.offer(key, interval, signal) };
  }

  /** Signals of `chatId` from now on that `viewer` may see: not their own, no read of an internal message for a customer. */
  activity(chatId: string, viewer: Principal): Promise<AsyncIterableIterator<RelayedSignal>> {
    return this.#channel.values(
      (signal) =>
        signal.chatId === chatId &&
        !(signal.by.role === viewer.role && signal.by.id === viewer.id) &&
        !(signal.staffOnly && !seesInternal(viewer)),
    );
  }

  /** Drops held-back signals and stops listening (server shutdown). */
  async close(): Promise<void> {
    this.#throttle.close();
    await this.#channel.close();
  }
}
