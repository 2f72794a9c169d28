import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { MailSink, ReceivedMail, Recorded } from '../ingress.js';
import type { ImapAccount } from './config.js';

/** What one connection needs besides its account. */
export interface SessionDeps {
  readonly sink: MailSink;
  readonly logger: Logger;
  /** Awaited after each record and before the move: a throw leaves the message where it is. */
  readonly onRecorded?: (recorded: Recorded, mail: ReceivedMail) => Promise<void> | void;
  /** The receipt time of a message whose server gave none. */
  readonly now: () => Date;
  /** Largest message taken, in bytes; a larger one is left in the mailbox, logged. */
  readonly sizeLimit: number;
  /** How long IDLE lasts before it is ended and started again; below `socketTimeoutMs`. */
  readonly idleRestartMs: number;
  /** How long a connection may be quiet before it counts as dead. */
  readonly socketTimeoutMs: number;
}

/** A connection to one account: {@link ImapSession.run} until the connection ends. */
export interface ImapSession {
  /**
   * Connects, takes every message already in the mailbox, then waits in IDLE for new ones and
   * takes them too. Resolves when {@link ImapSession.close} was called; rejects when the
   * connection failed or dropped, or a message could not be recorded or moved (it stays in the
   * mailbox, taken again by the next session). `onPass` is called after each pass that took
   * every message there was.
   */
  run(onPass: () => void): Promise<void>;
  /**
   * Lets the message in hand be recorded and moved, then logs out (or drops the socket when that
   * fails); {@link ImapSession.run} then resolves.
   */
  close(): Promise<void>;
}

/** One IMAP connection for `account`; the ingress opens a new one after each drop. */
export function openImapSession(account: ImapAccount, deps: SessionDeps): ImapSession {
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.tls === 'implicit',
    // `starttls` insists on the upgrade: a server (or a man in the middle) not offering it gets no password.
    doSTARTTLS: account.tls !== 'none',
    ...(account.ca === undefined ? {} : { tls: { ca: account.ca } }),
    auth: { user: account.user, pass: account.password },
    // The session idles itself, right after each pass over the mailbox, rather than 15 s later.
    disableAutoIdle: true,
    // IDLE started again before the socket's inactivity timeout (and the 29 minutes RFC 2177
    // allows): a quiet connection is never taken for a dead one, nor is it dropped by the server.
    maxIdleTime: deps.idleRestartMs,
    socketTimeout: deps.socketTimeoutMs,
    logger: imapflowLogger(deps.logger),
  });
  let closing = false;
  // The message being taken, if any: close() lets it finish, so a stop never strands one recorded and unmoved.
  let inHand: Promise<void> = Promise.resolve();
  // Settled on close (clean or not): what wakes a session waiting for new mail when it ends.
  const ended = new Promise<Error | undefined>((resolve) => {
    client.once('close', () => resolve(closing ? undefined : new Error('the IMAP connection closed')));
  });
  let settle: () => void = () => {};
  const settled = new Promise<void>((resolve) => {
    settle = resolve;
  });
  // imapflow emits an 'error' for a broken socket; the 'close' after it is what ends the run.
  client.on('error', (error: Error) => deps.logger.warn({ err: error }, 'IMAP connection error'));

  async function takeOne(uid: number): Promise<void> {
    // Its size first: a message too large to take is never read into memory.
    const header = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
    // Gone meanwhile (another client moved it): nothing to take.
    if (header === false) return;
    if ((header.size ?? 0) > deps.sizeLimit) {
      // Left where it is, for a person to see to: IMAP has no way to refuse it to its sender.
      deps.logger.warn(
        { code: 'IMAP_MESSAGE_TOO_LARGE', uid, size: header.size, sizeLimit: deps.sizeLimit },
        'IMAP message over the size limit left in the mailbox',
      );
      return;
    }
    const message = await client.fetchOne(String(uid), { uid: true, source: true, internalDate: true }, { uid: true });
    if (message === false || !message.source) return;
    const mail: ReceivedMail = {
      raw: message.source,
      source: 'imap',
      mailbox: account.address,
      receivedAt: message.internalDate ? new Date(message.internalDate) : deps.now(),
    };
    const recorded = await deps.sink.record(mail);
    await deps.onRecorded?.(recorded, mail);
    // Only now is the engine the message's keeper; imapflow moves by UID MOVE, or by UID COPY,
    // \Deleted and EXPUNGE on a server without MOVE. A crash before this line: the next session
    // records it again, as a duplicate, and moves it.
    const moved = await client.messageMove(String(uid), account.processedFolder, { uid: true });
    if (!moved) throw new Error(`could not move message ${uid} to ${account.processedFolder}`);
    deps.logger.info({ key: recorded.key, duplicate: recorded.duplicate, uid }, 'IMAP message recorded and moved');
  }

  async function takeAll(): Promise<void> {
    // Not \Deleted: a message a COPY-fallback move copied but did not expunge is processed already.
    const uids = await client.search({ deleted: false }, { uid: true });
    for (const uid of uids || []) {
      if (closing) return;
      inHand = takeOne(uid);
      await inHand;
    }
  }

  async function ensureFolder(): Promise<void> {
    const folders = await client.list();
    if (!folders.some((folder) => folder.path === account.processedFolder))
      await client.mailboxCreate(account.processedFolder);
  }

  async function readMailbox(onPass: () => void): Promise<void> {
    await client.connect();
    await ensureFolder();
    await client.mailboxOpen(account.mailbox);
    deps.logger.info({ mailbox: account.mailbox }, 'IMAP mailbox open');
    let arrived: () => void = () => {};
    client.on('exists', () => arrived());
    for (;;) {
      // Set before the pass, so mail arriving during it is taken by the next one.
      const newMail = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      await takeAll();
      if (closing) break;
      onPass();
      // IDLE until the server says something; a command (the next pass's SEARCH) ends it.
      void client.idle().catch(() => {});
      const error = await Promise.race([newMail.then(() => undefined), ended]);
      if (error) throw error;
      if (closing) break;
    }
    const error = await ended;
    if (error) throw error;
  }

  return {
    async run(onPass) {
      try {
        await readMailbox(onPass);
      } catch (error) {
        // A session that failed is done with: its connection (maybe still up, after a failed
        // record) goes too, or each retry would leave one behind.
        client.close();
        throw error;
      } finally {
        settle();
      }
    },
    async close() {
      closing = true;
      await inHand.catch(() => {});
      await client.logout().catch(() => client.close());
      // A connection that never came up may never emit 'close': the run's end is enough then.
      await Promise.race([ended, settled]);
    },
  };
}

// imapflow logs every command at debug and info: only its warnings and errors reach the log.
function imapflowLogger(logger: Logger) {
  const quiet = () => {};
  return {
    debug: quiet,
    info: quiet,
    warn: (entry: object) => logger.warn(entry, 'imapflow'),
    error: (entry: object) => logger.error(entry, 'imapflow'),
  };
}
