import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { mailAddressKey } from '@support-engine/domain/inbound-mail';
import { z } from 'zod';
import { WebhookMailboxSecret } from './webhook/secrets.js';

const Whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `expected at least ${min}`).max(max, `expected at most ${max}`));

/** An address as mail systems write it: a local part, one @, a domain with a dot or `localhost`. */
const Address = z
  .string()
  .trim()
  .regex(/^[^\s@<>(),;:"]+@([a-z0-9-]+\.)*[a-z0-9-]+$/i, 'expected an address such as support@example.com')
  .transform(mailAddressKey);

const Addresses = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(z.array(Address));

/** A key of at least 32 bytes, given as hex or base64 (the form delivery's keys take). */
const Key = z
  .string()
  .transform((value) => Buffer.from(value, /^[0-9a-f]+$/i.test(value) ? 'hex' : 'base64'))
  .refine((key) => key.length >= 32, 'expected at least 32 bytes, as hex or base64');

/** 25 MiB: what the large providers accept, so whatever they relay fits. */
export const DEFAULT_MAIL_SIZE_LIMIT = 25 * 1024 * 1024;

/**
 * The variables mail-in reads, by the names an operator sets (so each refusal names its variable).
 * A variable set to nothing counts as unset.
 */
const MailInEnv = z
  .object({
    MAIL_IN_HOST: z.string().min(1).default('0.0.0.0'),
    MAIL_IN_PORT: Whole(0, 65_535).default(25),
    /** The name the ingress greets with and answers EHLO as. */
    MAIL_IN_HOSTNAME: z
      .string()
      .regex(/^[a-z0-9.-]+$/i, 'expected a host name')
      .optional(),
    MAIL_IN_SIZE_LIMIT: Whole(1_024, 1_073_741_824).default(DEFAULT_MAIL_SIZE_LIMIT),
    MAIL_IN_MAX_RECIPIENTS: Whole(1, 1_000).default(50),
    MAIL_IN_MAX_CLIENTS: Whole(1, 100_000).default(200),
    MAIL_IN_TLS_CERT_FILE: z.string().min(1).optional(),
    MAIL_IN_TLS_KEY_FILE: z.string().min(1).optional(),
    MAIL_IN_MAILBOXES: Addresses.default([]),
    MAIL_OWN_ADDRESSES: Addresses.default([]),
    MAIL_THREAD_KEY: Key.optional(),
    /** How long a processor holds a message before another may take it over (its holder died). */
    MAIL_IN_PROCESSING_LEASE_SECONDS: Whole(1, 3_600).default(60),
    /** How many messages one processor works on at once. */
    MAIL_IN_PROCESSING_CONCURRENCY: Whole(1, 256).default(32),
    /** The port providers' inbound webhooks post to; unset: no webhook ingress. */
    MAIL_IN_WEBHOOK_PORT: Whole(0, 65_535).optional(),
    /** A JSON file: the webhook secrets per mailbox (`[{ mailbox, pathSecret?, signingSecret? }]`). */
    MAIL_IN_WEBHOOK_SECRETS_FILE: z.string().min(1).optional(),
  })
  .superRefine((env, context) => {
    if ((env.MAIL_IN_WEBHOOK_PORT === undefined) !== (env.MAIL_IN_WEBHOOK_SECRETS_FILE === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['MAIL_IN_WEBHOOK_PORT'],
        message: 'set both MAIL_IN_WEBHOOK_PORT and MAIL_IN_WEBHOOK_SECRETS_FILE, or neither (no webhook ingress)',
      });
    }
    if ((env.MAIL_IN_TLS_CERT_FILE === undefined) !== (env.MAIL_IN_TLS_KEY_FILE === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['MAIL_IN_TLS_CERT_FILE'],
        message: 'set both MAIL_IN_TLS_CERT_FILE and MAIL_IN_TLS_KEY_FILE (PEM files) or neither',
      });
    }
  });

/** The certificate and key STARTTLS offers, read from their PEM files at start. */
export interface MailInTls {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Everything the mail ingress may be told; {@link loadMailInConfig} documents the variables. */
export interface MailInConfig {
  readonly host: string;
  /** 0: any free port (tests). */
  readonly port: number;
  /** The name announced in the greeting and EHLO answer. */
  readonly hostname: string;
  /** Largest message accepted, in bytes: announced by EHLO (SIZE), refused beyond with 552. */
  readonly sizeLimit: number;
  /** Most recipients one message may name; each one past it gets 452 (the sender sends again for them). */
  readonly maxRecipients: number;
  /** Most connections at once. */
  readonly maxClients: number;
  /** `null`: no STARTTLS (mail arrives in clear, as from any server that does not offer it). */
  readonly tls: MailInTls | null;
  /**
   * Mailboxes accepted whatever the mailboxes configured as data say (keys of their addresses):
   * the static fallback, which needs no store to answer.
   */
  readonly mailboxes: readonly string[];
  /** The engine's own sending addresses: mail from them is dropped, so no loop can start. */
  readonly ownAddresses: readonly string[];
  /**
   * The HMAC key reply tokens and ticket Message-IDs are signed with, the one delivery signs its
   * mail with; `null` when unset (nothing threads by token or Message-ID).
   */
  readonly threadKey: Buffer | null;
  /** How long a processor holds a message it took, in ms: after a crash, another takes it over then. */
  readonly processingLeaseMs: number;
  /** How many messages the process works on at once (their database work overlaps). */
  readonly processingConcurrency: number;
  /** Providers' inbound webhooks: where they post, and each mailbox's secrets; `null`: none taken. */
  readonly webhook: { readonly port: number; readonly secrets: readonly WebhookMailboxSecret[] } | null;
}

/** The environment does not describe a valid mail-in configuration; `problems` name the variables. */
export class MailInConfigError extends Error {
  override readonly name = 'MailInConfigError';

  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid mail-in configuration:\n${problems.map((p) => `✖ ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Reads the mail ingress's settings: `MAIL_IN_HOST` (0.0.0.0), `MAIL_IN_PORT` (25),
 * `MAIL_IN_HOSTNAME` (the machine's name), `MAIL_IN_SIZE_LIMIT` (bytes, 25 MiB),
 * `MAIL_IN_MAX_RECIPIENTS` (50), `MAIL_IN_MAX_CLIENTS` (200), `MAIL_IN_TLS_CERT_FILE` and
 * `MAIL_IN_TLS_KEY_FILE` (PEM; STARTTLS is offered when set), `MAIL_IN_MAILBOXES`
 * (comma-separated addresses), `MAIL_OWN_ADDRESSES` (comma-separated) and `MAIL_THREAD_KEY`
 * (hex or base64, at least 32 bytes; the key delivery signs reply tokens with),
 * `MAIL_IN_PROCESSING_LEASE_SECONDS` (60; how long a message stays with a processor that may have
 * died), `MAIL_IN_PROCESSING_CONCURRENCY` (32; messages worked on at once), `MAIL_IN_WEBHOOK_PORT` with `MAIL_IN_WEBHOOK_SECRETS_FILE` (providers' inbound webhooks; a
 * JSON array of `{ mailbox, pathSecret?, signingSecret? }`). Throws a {@link MailInConfigError}
 * naming each offending variable.
 */
export function loadMailInConfig(env: NodeJS.ProcessEnv = process.env): MailInConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = MailInEnv.safeParse(set);
  if (!parsed.success) {
    throw new MailInConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path.find((key) => typeof key === 'string') ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  return {
    host: e.MAIL_IN_HOST,
    port: e.MAIL_IN_PORT,
    hostname: e.MAIL_IN_HOSTNAME ?? hostname(),
    sizeLimit: e.MAIL_IN_SIZE_LIMIT,
    maxRecipients: e.MAIL_IN_MAX_RECIPIENTS,
    maxClients: e.MAIL_IN_MAX_CLIENTS,
    tls:
      e.MAIL_IN_TLS_CERT_FILE === undefined || e.MAIL_IN_TLS_KEY_FILE === undefined
        ? null
        : readTls(e.MAIL_IN_TLS_CERT_FILE, e.MAIL_IN_TLS_KEY_FILE),
    mailboxes: e.MAIL_IN_MAILBOXES,
    ownAddresses: e.MAIL_OWN_ADDRESSES,
    threadKey: e.MAIL_THREAD_KEY ?? null,
    processingLeaseMs: e.MAIL_IN_PROCESSING_LEASE_SECONDS * 1000,
    processingConcurrency: e.MAIL_IN_PROCESSING_CONCURRENCY,
    webhook:
      e.MAIL_IN_WEBHOOK_PORT === undefined || e.MAIL_IN_WEBHOOK_SECRETS_FILE === undefined
        ? null
        : { port: e.MAIL_IN_WEBHOOK_PORT, secrets: readWebhookSecrets(e.MAIL_IN_WEBHOOK_SECRETS_FILE) },
  };
}

/** The webhook secrets file, read and checked now: a bad file fails the start, naming it. */
function readWebhookSecrets(file: string): WebhookMailboxSecret[] {
  const variable = 'MAIL_IN_WEBHOOK_SECRETS_FILE';
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MailInConfigError([{ variable, message: `cannot read ${file}: ${(error as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MailInConfigError([{ variable, message: `${file} is not JSON` }]);
  }
  const secrets = z.array(WebhookMailboxSecret).min(1).safeParse(json);
  if (!secrets.success) throw new MailInConfigError([{ variable, message: z.prettifyError(secrets.error) }]);
  return secrets.data;
}

/** The PEM files, read now: a path that does not lead to a PEM file fails the start, naming it. */
function readTls(certFile: string, keyFile: string): MailInTls {
  const read = (variable: string, file: string, what: string, label: RegExp): Buffer => {
    let pem: Buffer;
    try {
      pem = readFileSync(file);
    } catch (error) {
      throw new MailInConfigError([{ variable, message: `cannot read ${file}: ${(error as Error).message}` }]);
    }
    if (!label.test(pem.toString('latin1')))
      throw new MailInConfigError([{ variable, message: `${file} holds no PEM ${what}` }]);
    return pem;
  };
  return {
    cert: read('MAIL_IN_TLS_CERT_FILE', certFile, 'certificate', /-----BEGIN CERTIFICATE-----/),
    key: read('MAIL_IN_TLS_KEY_FILE', keyFile, 'private key', /-----BEGIN (RSA |EC )?PRIVATE KEY-----/),
  };
}
