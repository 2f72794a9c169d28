import { promises as dns } from 'node:dns';
import { hostname } from 'node:os';
import type { Readable } from 'node:stream';
import type { AttachmentStorage, AttachmentsTable } from '@support-engine/api';
import type { CommandBus } from '@support-engine/application';
import { isDomainError } from '@support-engine/domain';
import { type AttachmentLimits, DEFAULT_ATTACHMENT_LIMITS } from '@support-engine/domain/attachment';
import type { FailedRecipient } from '@support-engine/domain/inbound-mail';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { rawDigest } from '../store/message-key.js';
import type { MailInTables } from '../store/schema.js';
import type { MailDnsResolver } from './authenticate.js';
import { decideMail, type MailboxSettings } from './decide-mail.js';
import { cachingResolver } from './dns-cache.js';
import type { BouncedMail, HeldMail, MailOutcome } from './outcome.js';
import { createMailPool } from './pool.js';
import { type ClaimedMail, claimPending, recordFailure, recordOutcome } from './queue.js';
import { type StaffByEmail, staffFromDirectory } from './staff.js';

/** Options of {@link createMailProcessor}. */
export interface MailProcessorOptions {
  /** The database holding `mail_in_messages`, the attachment catalog and the notifier's directory. */
  readonly db: Kysely<MailInTables>;
  /** The attachment storage the raw messages were recorded into; parts are stored there too. */
  readonly storage: AttachmentStorage;
  readonly bus: CommandBus;
  /** The key reply tokens and the engine's Message-IDs are signed with (delivery's). */
  readonly threadKey: Buffer;
  /** The engine's own addresses (its mailboxes and senders): mail from them is dropped. */
  readonly ownAddresses: readonly string[];
  /** A mailbox's settings for the tickets its mail opens; none: the defaults. */
  readonly findMailbox?: (address: string) => MailboxSettings | undefined;
  /**
   * The mailboxes configured as data as they are now (`createMailboxDirectory`'s snapshot), read
   * for each message: their settings come before `findMailbox`'s, their addresses join
   * `ownAddresses`, so an admin's change counts from the next message on.
   */
  readonly mailboxes?: () => Promise<{
    findMailbox(address: string): MailboxSettings | undefined;
    readonly ownAddresses: readonly string[];
  }>;
  /** Staff by address; the notifier's directory by default. */
  readonly findStaff?: StaffByEmail;
  /** DNS for SPF, DKIM and DMARC; node's resolver by default. Its answers are kept a while (`cachingResolver`). */
  readonly resolver?: MailDnsResolver;
  /** The host name authentication is reported by; this host's by default. */
  readonly mta?: string;
  /** What an attachment may be; the domain's defaults by default. */
  readonly limits?: AttachmentLimits;
  /** Called for each bounce (possibly again for one message after a crash); nothing by default. */
  readonly onBounce?: (failedRecipients: readonly string[], mail: BouncedMail) => Promise<void>;
  /**
   * Called for each bounce reporting soft bounces (temporary failures), with each recipient and
   * its status (possibly again for one message after a crash); nothing by default.
   */
  readonly onSoftBounce?: (delayed: readonly FailedRecipient[], mail: BouncedMail) => Promise<void>;
  /** Called for each held message (possibly again after a crash: `mail.mailKey` tells); nothing by default. */
  readonly onHold?: (held: HeldMail) => Promise<void>;
  /**
   * Called after a message's writes, before its outcome is recorded: where a crash leaves the
   * most to redo. Tests fail there to prove a message processed again writes nothing twice.
   */
  readonly afterWrites?: (mail: ClaimedMail, outcome: MailOutcome) => Promise<void>;
  readonly clock?: () => Date;
  readonly logger?: Logger;
  /** How long a processor holds a message it took; 60 s by default. */
  readonly leaseMs?: number;
  /** Attempts before a message is `failed`; 5 by default. */
  readonly maxAttempts?: number;
  /** The wait before the first retry, doubled for each next one (at most an hour); 5 s by default. */
  readonly retryMs?: number;
  /** Messages taken per claim; 10 by default. */
  readonly batchSize?: number;
  /**
   * Messages one processor works on at once (each still held by one processor only: the claim
   * and its lease); 32 by default. Their database work overlaps; their parsing shares one thread.
   */
  readonly concurrency?: number;
  /** How often pending messages are looked for while running; 1 s by default. */
  readonly pollMs?: number;
}

/** How one message went: its outcome, or the error of a failed attempt. */
export type Processed =
  | { readonly key: string; readonly outcome: MailOutcome }
  | { readonly key: string; readonly error: string };

/** Turns recorded messages into tickets and replies. */
export interface MailProcessor {
  /** Processes the pending messages free to take now (one claim of `batchSize`); answers how each went. */
  processPending(): Promise<Processed[]>;
  /**
   * Processes one message as soon as one of the `concurrency` slots is free (the ingress's fast
   * path after recording it; keys waiting together are claimed together); undefined when it is
   * not free to take. `raw`, the bytes the ingress just recorded, spares reading them back from
   * the storage; they are used only when their SHA-256 is the recorded message's.
   */
  processNow(key: string, raw?: Buffer): Promise<Processed | undefined>;
  /** Processes pending messages until {@link MailProcessor.stop}. */
  start(): void;
  /** Stops after the messages in hand. */
  stop(): Promise<void>;
}

const HOUR = 60 * 60 * 1000;

/**
 * The processor of recorded mail: takes pending messages under a lease (one processor per
 * message, however many run), decides each ({@link decideMail}) and records its outcome; a failed
 * attempt is retried after a growing wait, and a message is `failed` (kept, with its error) after
 * the last attempt, or at once when the domain refused what it would write. Every command is sent
 * under an id derived from the message's key, so a message processed again (its processor died
 * between writing and recording the outcome) writes nothing twice.
 */
export function createMailProcessor(options: MailProcessorOptions): MailProcessor {
  const clock = options.clock ?? (() => new Date());
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryMs = options.retryMs ?? 5_000;
  const batchSize = options.batchSize ?? 10;
  const concurrency = options.concurrency ?? 32;
  const pollMs = options.pollMs ?? 1_000;
  const { db, logger } = options;
  const deciding = {
    db,
    // The API's catalog table lives in the same database.
    catalog: db as unknown as Kysely<{ attachments: AttachmentsTable }>,
    storage: options.storage,
    bus: options.bus,
    limits: options.limits ?? DEFAULT_ATTACHMENT_LIMITS,
    threadKey: options.threadKey,
    ownAddresses: options.ownAddresses,
    findMailbox: options.findMailbox ?? (() => undefined),
    findStaff: options.findStaff ?? staffFromDirectory(db as unknown as Kysely<unknown>),
    resolver: cachingResolver(
      options.resolver ?? ((domain: string, rrtype: string) => dns.resolve(domain, rrtype) as Promise<string[][]>),
    ),
    mta: options.mta ?? hostname(),
    onBounce: options.onBounce ?? (async () => {}),
    onSoftBounce: options.onSoftBounce ?? (async () => {}),
    onHold: options.onHold ?? (async () => {}),
    clock,
  };

  // Messages starting while the mailboxes are being read share that read: one query, not one each.
  let reading: ReturnType<NonNullable<MailProcessorOptions['mailboxes']>> | undefined;
  const mailboxesNow = (read: NonNullable<MailProcessorOptions['mailboxes']>) => {
    reading ??= read().finally(() => {
      reading = undefined;
    });
    return reading;
  };

  async function withMailboxes(base: typeof deciding): Promise<typeof deciding> {
    if (options.mailboxes === undefined) return base;
    const now = await mailboxesNow(options.mailboxes);
    return {
      ...base,
      ownAddresses: [...base.ownAddresses, ...now.ownAddresses],
      findMailbox: (address) => now.findMailbox(address) ?? base.findMailbox(address),
    };
  }

  // The bytes the ingress handed over with `processNow`, until their message is claimed or given up.
  const handed = new Map<string, Buffer>();

  /** The message's raw bytes: those handed over when they are the recorded ones, else read from the storage. */
  async function rawOf(mail: ClaimedMail): Promise<Buffer> {
    const given = handed.get(mail.message_key);
    handed.delete(mail.message_key);
    if (given !== undefined && rawDigest(given) === mail.sha256) return given;
    return readAll(mail.storage_key, options.storage);
  }

  async function process(mail: ClaimedMail): Promise<Processed> {
    const key = mail.message_key;
    try {
      const raw = await rawOf(mail);
      const outcome = await decideMail(mail, raw, await withMailboxes(deciding));
      await options.afterWrites?.(mail, outcome);
      await recordOutcome(db, key, outcome, clock());
      logger?.info({ mailKey: key, outcome: outcome.kind }, 'mail processed');
      return { key, outcome };
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const wait = Math.min(retryMs * 2 ** Math.max(0, mail.attempts - 1), HOUR);
      await recordFailure(db, mail, {
        error: isDomainError(error) ? `${error.code}: ${text}` : text,
        // The domain's refusal is the same on every attempt.
        permanent: isDomainError(error),
        retryAt: new Date(clock().getTime() + wait),
        maxAttempts,
      });
      logger?.warn({ mailKey: key, attempt: mail.attempts, err: error }, 'mail processing failed');
      return { key, error: text };
    }
  }

  const claim = (keys?: readonly string[]) =>
    claimPending(db, {
      now: clock(),
      leaseMs,
      limit: keys?.length ?? batchSize,
      ...(keys === undefined ? {} : { keys }),
    });
  const pool = createMailPool({ concurrency, batchSize, claimKeys: claim, process });

  let running: Promise<void> | undefined;
  let stopping = false;
  let wake: (() => void) | undefined;

  async function loop(): Promise<void> {
    while (!stopping) {
      let taken = 0;
      try {
        await pool.hungry();
        if (stopping) break;
        const claimed = await claim();
        taken = claimed.length;
        // Worked through in the pool; the loop claims again once it has a free slot.
        for (const mail of claimed)
          pool
            .run(mail)
            .catch((error: unknown) =>
              logger?.error({ err: error, mailKey: mail.message_key }, 'mail processing could not record an attempt'),
            );
      } catch (error) {
        logger?.error({ err: error }, 'mail processing could not claim messages');
      }
      if (taken === 0 && !stopping)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
    }
  }

  return {
    async processPending() {
      return Promise.all((await claim()).map((mail) => pool.run(mail)));
    },
    async processNow(key, raw) {
      if (raw === undefined) return pool.ask(key);
      handed.set(key, raw);
      try {
        return await pool.ask(key);
      } finally {
        // Not claimed (another processor holds it, or it is done): the bytes are not kept.
        handed.delete(key);
      }
    },
    start() {
      if (running !== undefined) return;
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      wake?.();
      await running;
      await pool.drain();
      running = undefined;
    },
  };
}

async function readAll(key: string, storage: AttachmentStorage): Promise<Buffer> {
  const file = await storage.read(key);
  if (file === null) throw new Error(`The raw message ${key} is missing from the attachment storage`);
  const chunks: Buffer[] = [];
  for await (const chunk of file.body as Readable) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
