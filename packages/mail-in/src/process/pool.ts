import type { ClaimedMail } from './queue.js';

/** How a waiting caller is answered. */
type Settle<T> = { readonly resolve: (value: T) => void; readonly reject: (error: unknown) => void };

/** What a {@link MailPool} works with. */
export interface MailPoolOptions<Result> {
  /** Most messages in hand at once. */
  readonly concurrency: number;
  /** Most keys claimed by one statement. */
  readonly batchSize: number;
  /** Claims the given keys that are free to take (one statement); the others are not answered. */
  readonly claimKeys: (keys: readonly string[]) => Promise<ClaimedMail[]>;
  /** Works through one claimed message. */
  readonly process: (mail: ClaimedMail) => Promise<Result>;
}

/** Claimed messages worked through a bounded number at a time. */
export interface MailPool<Result> {
  /** Works through `mail` (already claimed) when a slot is free; resolves with how it went. */
  run(mail: ClaimedMail): Promise<Result>;
  /**
   * Claims and works through the message `key` when a slot is free, claimed together with every
   * other key waiting then (one statement); undefined when it was not free to take.
   */
  ask(key: string): Promise<Result | undefined>;
  /**
   * Resolves when a slot is free and nothing waits for one (no claimed message, no key asked
   * for, no claim under way): the moment to look for more pending messages.
   */
  hungry(): Promise<void>;
  /** Resolves once every message taken or asked for is done. */
  drain(): Promise<void>;
}

/**
 * A pool of at most `concurrency` messages in hand. A key asked for waits unclaimed until a slot
 * is free (nothing is leased while it waits), then is claimed with the other keys waiting, up to
 * `batchSize`; the claimed messages past the free slots wait in hand for the next ones (their
 * lease, a minute, is far longer than that wait).
 */
export function createMailPool<Result>(options: MailPoolOptions<Result>): MailPool<Result> {
  const { concurrency, batchSize } = options;
  const ready: { readonly mail: ClaimedMail; readonly settle: Settle<Result> }[] = [];
  const asked = new Map<string, Settle<Result | undefined>[]>();
  let active = 0;
  let claiming = false;
  let listeners: (() => void)[] = [];

  const busy = () => active > 0 || claiming || ready.length > 0 || asked.size > 0;
  const isHungry = () => active < concurrency && ready.length === 0;

  function notify(): void {
    const waiting = listeners;
    listeners = [];
    for (const listener of waiting) listener();
  }

  function pump(): void {
    while (active < concurrency && ready.length > 0) {
      const { mail, settle } = ready.shift()!;
      active++;
      options
        .process(mail)
        .then(settle.resolve, settle.reject)
        .finally(() => {
          active--;
          pump();
        });
    }
    if (isHungry() && asked.size > 0 && !claiming) claimAsked();
    notify();
  }

  function claimAsked(): void {
    claiming = true;
    const taken = [...asked].slice(0, batchSize);
    for (const [key] of taken) asked.delete(key);
    options
      .claimKeys(taken.map(([key]) => key))
      .then(
        (rows) => {
          const byKey = new Map(rows.map((mail) => [mail.message_key, mail]));
          for (const [key, waiting] of taken) {
            const mail = byKey.get(key);
            if (mail === undefined) for (const settle of waiting) settle.resolve(undefined);
            else
              ready.push({
                mail,
                settle: {
                  resolve: (result) => {
                    for (const settle of waiting) settle.resolve(result);
                  },
                  reject: (error) => {
                    for (const settle of waiting) settle.reject(error);
                  },
                },
              });
          }
        },
        (error: unknown) => {
          for (const [, waiting] of taken) for (const settle of waiting) settle.reject(error);
        },
      )
      .finally(() => {
        claiming = false;
        pump();
      });
  }

  const until = (condition: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => (condition() ? resolve() : listeners.push(check));
      check();
    });

  return {
    run(mail) {
      return new Promise<Result>((resolve, reject) => {
        ready.push({ mail, settle: { resolve, reject } });
        pump();
      });
    },
    ask(key) {
      return new Promise<Result | undefined>((resolve, reject) => {
        asked.set(key, [...(asked.get(key) ?? []), { resolve, reject }]);
        pump();
      });
    },
    hungry: () => until(() => isHungry() && asked.size === 0 && !claiming),
    drain: () => until(() => !busy()),
  };
}
