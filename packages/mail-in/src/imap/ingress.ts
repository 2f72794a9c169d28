import type { Logger } from 'pino';
import type { MailSink, ReceivedMail, Recorded } from '../ingress.js';
import type { ImapAccount } from './config.js';
import { type ImapSession, openImapSession } from './session.js';

/** Options of {@link createImapIngress}. */
export interface ImapIngressOptions {
  readonly sink: MailSink;
  readonly accounts: readonly ImapAccount[];
  readonly logger: Logger;
  /**
   * Called once a message is recorded and before it is moved out of the mailbox (e.g. to wake the
   * processor). Awaited: when it throws, the message stays in the mailbox and is taken again (a
   * duplicate by then) after a reconnection.
   */
  readonly onRecorded?: (recorded: Recorded, mail: ReceivedMail) => Promise<void> | void;
  /** Waits between reconnections: from `initialMs`, doubled after each failure up to `maxMs`. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** The clock for a message whose server gave no receipt time. */
  readonly now?: () => Date;
  /**
   * Largest message taken, in bytes (default 25 MiB, as the SMTP ingress's); a larger one stays
   * in the mailbox and is logged (`IMAP_MESSAGE_TOO_LARGE`) at each pass.
   */
  readonly sizeLimit?: number;
  /** How long IDLE lasts before it is started again (default 4 minutes, below `socketTimeoutMs`). */
  readonly idleRestartMs?: number;
  /** How long a connection may stay quiet before it counts as dead (default 5 minutes). */
  readonly socketTimeoutMs?: number;
}

/** The IMAP ingress: one connection per account, each reconnecting on its own. */
export interface ImapIngress {
  /** Starts every account's connection; resolves at once (connections come up in the background). */
  start(): void;
  /** Logs every connection out, waits for the message in hand to be moved, and stops reconnecting. */
  stop(): Promise<void>;
}

/** 25 MiB: what the large providers accept. */
const DEFAULT_SIZE_LIMIT = 25 * 1024 * 1024;

/** IDLE is ended and started again every 4 minutes: traffic before the 5 minutes' socket timeout. */
const DEFAULT_IDLE_RESTART_MS = 4 * 60_000;
const DEFAULT_SOCKET_TIMEOUT_MS = 5 * 60_000;

/** 1 s, doubled after each failure, at most a minute: a mail server restarting is back within it. */
const DEFAULT_BACKOFF = { initialMs: 1_000, maxMs: 60_000 };

/**
 * Reads each configured account's mailbox: every message already there at start, then each new
 * one as IDLE announces it, recorded through `sink` (source `imap`, for the account's engine
 * address) and only then moved to the account's processed folder. A connection that drops or
 * fails comes back after a backoff; what was not moved is taken again, recorded as a duplicate
 * if it had been recorded, so no message is lost and none counts twice.
 */
export function createImapIngress(options: ImapIngressOptions): ImapIngress {
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const now = options.now ?? (() => new Date());
  const sizeLimit = options.sizeLimit ?? DEFAULT_SIZE_LIMIT;
  let stopping = false;
  const sessions = new Set<ImapSession>();
  const wakes = new Set<() => void>();
  let loops: Promise<void>[] = [];

  async function keepReading(account: ImapAccount): Promise<void> {
    const logger = options.logger.child({ imapAccount: account.name });
    let delay = backoff.initialMs;
    while (!stopping) {
      const session = openImapSession(account, {
        sink: options.sink,
        logger,
        onRecorded: options.onRecorded,
        now,
        sizeLimit,
        idleRestartMs: options.idleRestartMs ?? DEFAULT_IDLE_RESTART_MS,
        socketTimeoutMs: options.socketTimeoutMs ?? DEFAULT_SOCKET_TIMEOUT_MS,
      });
      sessions.add(session);
      try {
        await session.run(() => {
          delay = backoff.initialMs;
        });
      } catch (error) {
        if (!stopping) logger.warn({ err: error, retryInMs: delay }, 'IMAP session ended; reconnecting');
      } finally {
        sessions.delete(session);
      }
      if (stopping) break;
      await pause(delay);
      delay = Math.min(delay * 2, backoff.maxMs);
    }
  }

  // A wait that stop() cuts short.
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakes.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakes.add(done);
    });
  }

  return {
    start() {
      if (loops.length > 0 || stopping) return;
      loops = options.accounts.map((account) => keepReading(account));
    },
    async stop() {
      stopping = true;
      for (const wake of [...wakes]) wake();
      await Promise.all([...sessions].map((session) => session.close()));
      await Promise.all(loops);
    },
  };
}
