import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { HOUR_MS } from '@support-engine/domain';
import { TemplateOverrides } from '@support-engine/domain/notification';
import { z } from 'zod';
import type { VapidKeys } from './channels/push.js';

const Flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const Ms = z.coerce.number().int().min(1).max(3_600_000);

/** A key of at least 32 bytes, given as hex or base64. */
const Key = z
  .string()
  .transform((value) => Buffer.from(value, /^[0-9a-f]+$/i.test(value) ? 'hex' : 'base64'))
  .refine((key) => key.length >= 32, 'expected at least 32 bytes, as hex or base64');

/**
 * The variables delivery reads. Email is on when `SMTP_URL` is set, push when the three
 * `VAPID_*` are, webhooks when `WEBHOOK_SECRET_KEY` is (their signing secrets derive from it).
 */
const DeliveryEnv = z
  .object({
    DELIVERY_ENABLED: Flag.default(true),
    NOTIFIER_NAME: z.string().min(1).max(100).default('notifier'),
    NOTIFIER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
    DELIVERY_POLL_INTERVAL_MS: Ms.default(250),
    DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(1_024).default(64),
    DELIVERY_PER_RECIPIENT: z.coerce.number().int().min(1).max(1_024).default(16),
    DELIVERY_LEASE_MS: Ms.default(60_000),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'expected smtp://host:port or smtps://user:password@host:port')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Support <support@localhost>'),
    SMTP_TIMEOUT_MS: Ms.default(10_000),
    SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(5),
    MAIL_THREAD_KEY: Key.optional(),
    SMTP_DKIM_DOMAIN: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'expected a domain name')
      .optional(),
    SMTP_DKIM_SELECTOR: z
      .string()
      .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i, 'expected a DNS label')
      .optional(),
    SMTP_DKIM_PRIVATE_KEY_FILE: z.string().min(1).optional(),
    WEBHOOK_SECRET_KEY: Key.optional(),
    WEBHOOK_TIMEOUT_MS: Ms.default(10_000),
    WEBHOOKS_ALLOW_PRIVATE: Flag.default(false),
    VAPID_SUBJECT: z
      .string()
      .regex(/^(mailto:|https:)/, 'expected mailto: or https:')
      .optional(),
    VAPID_PUBLIC_KEY: z.string().min(1).optional(),
    VAPID_PRIVATE_KEY: z.string().min(1).optional(),
    PUSH_TIMEOUT_MS: Ms.default(10_000),
    PUSH_TTL_SECONDS: z.coerce.number().int().min(0).max(2_419_200).default(86_400),
    PUSH_ALLOW_PRIVATE: Flag.default(false),
    NOTIFICATION_TEMPLATES_FILE: z.string().min(1).optional(),
    HELP_CENTER_ARTICLE_URL: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .refine(
        (url) => url.includes('{articleId}'),
        'expected {articleId} in it, e.g. https://help.example.com/{locale}/articles/{articleId}',
      )
      .optional(),
    EMAIL_CONFIRMATION_KEY: Key.optional(),
    EMAIL_CONFIRMATION_URL: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .refine(
        (url) => url.includes('{token}'),
        'expected {token} in it, e.g. https://support.example.com/confirm-email?token={token}',
      )
      .optional(),
    EMAIL_CONFIRMATION_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  })
  .superRefine((env, context) => {
    if ((env.EMAIL_CONFIRMATION_KEY === undefined) !== (env.EMAIL_CONFIRMATION_URL === undefined)) {
      context.addIssue({
        code: 'custom',
        path: ['EMAIL_CONFIRMATION_KEY'],
        message: 'set both EMAIL_CONFIRMATION_KEY and EMAIL_CONFIRMATION_URL or neither',
      });
    }
    const dkim = [env.SMTP_DKIM_DOMAIN, env.SMTP_DKIM_SELECTOR, env.SMTP_DKIM_PRIVATE_KEY_FILE];
    if (dkim.some((v) => v !== undefined) && dkim.some((v) => v === undefined)) {
      context.addIssue({ code: 'custom', path: ['SMTP_DKIM_DOMAIN'], message: 'set all three SMTP_DKIM_* or none' });
    }
    const vapid = [env.VAPID_SUBJECT, env.VAPID_PUBLIC_KEY, env.VAPID_PRIVATE_KEY].filter((v) => v !== undefined);
    if (vapid.length !== 0 && vapid.length !== 3) {
      context.addIssue({ code: 'custom', path: ['VAPID_SUBJECT'], message: 'set all three VAPID_* or none' });
    }
    // Only the channels that are on can hold a send open.
    const longest = Math.max(
      0,
      ...(env.SMTP_URL === undefined ? [] : [env.SMTP_TIMEOUT_MS]),
      ...(env.WEBHOOK_SECRET_KEY === undefined ? [] : [env.WEBHOOK_TIMEOUT_MS]),
      ...(vapid.length === 0 ? [] : [env.PUSH_TIMEOUT_MS]),
    );
    if (env.DELIVERY_LEASE_MS <= longest) {
      context.addIssue({
        code: 'custom',
        path: ['DELIVERY_LEASE_MS'],
        message: `must exceed the longest send timeout (${longest} ms), or a slow send would be sent twice`,
      });
    }
  });

/** How notifications are planned and delivered. */
export interface DeliveryConfig {
  /** Run the notifier and the dispatchers in this process. */
  readonly enabled: boolean;
  /** Names the notifier's checkpoint, directory and lock. */
  readonly name: string;
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  /** Sends in flight per channel. */
  readonly concurrency: number;
  /** Sends in flight to one recipient (an endpoint, an address). */
  readonly perRecipient: number;
  readonly leaseMs: number;
  /** `null`: no email. */
  readonly email: {
    readonly smtpUrl: string;
    readonly from: string;
    readonly messageIdDomain: string;
    readonly timeoutMs: number;
    readonly maxConnections: number;
    /** How outgoing mail is DKIM-signed (`SMTP_DKIM_*`); `null`: it is not (the relay may sign it). */
    readonly dkim: MailDkim | null;
  } | null;
  /**
   * The key (`MAIL_THREAD_KEY`, shared with the mail ingress) that signs the reply tokens of
   * `Reply-To` addresses and the Message-IDs of ticket mail, so an answer finds its ticket again.
   * `null`: mail on email tickets goes out as notifications, without reply tokens.
   */
  readonly mailThreadKey: Buffer | null;
  /** `null`: webhooks cannot be delivered (nor their secrets shown). */
  readonly webhooks: { readonly secretKey: Buffer; readonly timeoutMs: number; readonly allowPrivate: boolean } | null;
  /** Whether webhook URLs may lead to private or loopback addresses. */
  readonly allowPrivateWebhooks: boolean;
  /** Whether push subscriptions' endpoints may lead to private or loopback addresses. */
  readonly allowPrivatePush: boolean;
  /** `null`: no push. */
  readonly push: {
    readonly vapid: VapidKeys;
    readonly timeoutMs: number;
    readonly ttlSeconds: number;
    /** Extra CA certificates (PEM) for a push service on a private network. */
    readonly ca?: string;
    readonly allowPrivate: boolean;
  } | null;
  /** The deployment's own texts, replacing the shipped templates where given. */
  readonly templates: TemplateOverrides | undefined;
  /**
   * Where the help center shows an article (`{articleId}` and `{locale}` filled in), so a reply's
   * mail links each article it names; `null`: titles only.
   */
  readonly helpCenterArticleUrl: string | null;
  /**
   * How an address a customer gives themself is confirmed: the key its links are signed with
   * (HMAC-SHA256), the page they open (`{token}` filled in) and how long they stay valid.
   * `null`: such addresses stay pending (no link is mailed, none can be confirmed).
   */
  readonly emailConfirmation: EmailConfirmationConfig | null;
}

/** A DKIM signing key: the domain it signs for, the selector its public key is published under, the PEM key. */
export interface MailDkim {
  readonly domainName: string;
  readonly keySelector: string;
  readonly privateKey: string;
}

/** The settings of address confirmation links (`EMAIL_CONFIRMATION_*`). */
export interface EmailConfirmationConfig {
  readonly key: Buffer;
  readonly url: string;
  readonly validityMs: number;
}

/** Delivery's configuration from the environment; throws a ZodError naming every invalid variable. */
export function loadDeliveryConfig(env: NodeJS.ProcessEnv = process.env): DeliveryConfig {
  const e = DeliveryEnv.parse(env);
  const fromDomain = /@([^>\s]+)>?\s*$/.exec(e.MAIL_FROM)?.[1] ?? 'localhost';
  return {
    enabled: e.DELIVERY_ENABLED,
    name: e.NOTIFIER_NAME,
    batchSize: e.NOTIFIER_BATCH_SIZE,
    pollIntervalMs: e.DELIVERY_POLL_INTERVAL_MS,
    concurrency: e.DELIVERY_CONCURRENCY,
    perRecipient: e.DELIVERY_PER_RECIPIENT,
    leaseMs: e.DELIVERY_LEASE_MS,
    email:
      e.SMTP_URL === undefined
        ? null
        : {
            smtpUrl: e.SMTP_URL,
            from: e.MAIL_FROM,
            messageIdDomain: fromDomain,
            timeoutMs: e.SMTP_TIMEOUT_MS,
            maxConnections: e.SMTP_MAX_CONNECTIONS,
            dkim:
              e.SMTP_DKIM_DOMAIN && e.SMTP_DKIM_SELECTOR && e.SMTP_DKIM_PRIVATE_KEY_FILE
                ? {
                    domainName: e.SMTP_DKIM_DOMAIN.toLowerCase(),
                    keySelector: e.SMTP_DKIM_SELECTOR,
                    privateKey: readDkimKey(e.SMTP_DKIM_PRIVATE_KEY_FILE),
                  }
                : null,
          },
    mailThreadKey: e.MAIL_THREAD_KEY ?? null,
    webhooks:
      e.WEBHOOK_SECRET_KEY === undefined
        ? null
        : { secretKey: e.WEBHOOK_SECRET_KEY, timeoutMs: e.WEBHOOK_TIMEOUT_MS, allowPrivate: e.WEBHOOKS_ALLOW_PRIVATE },
    allowPrivateWebhooks: e.WEBHOOKS_ALLOW_PRIVATE,
    allowPrivatePush: e.PUSH_ALLOW_PRIVATE,
    push:
      e.VAPID_SUBJECT && e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY
        ? {
            vapid: { subject: e.VAPID_SUBJECT, publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY },
            timeoutMs: e.PUSH_TIMEOUT_MS,
            ttlSeconds: e.PUSH_TTL_SECONDS,
            allowPrivate: e.PUSH_ALLOW_PRIVATE,
          }
        : null,
    templates: e.NOTIFICATION_TEMPLATES_FILE === undefined ? undefined : readTemplates(e.NOTIFICATION_TEMPLATES_FILE),
    helpCenterArticleUrl: e.HELP_CENTER_ARTICLE_URL ?? null,
    emailConfirmation:
      e.EMAIL_CONFIRMATION_KEY === undefined || e.EMAIL_CONFIRMATION_URL === undefined
        ? null
        : {
            key: e.EMAIL_CONFIRMATION_KEY,
            url: e.EMAIL_CONFIRMATION_URL,
            validityMs: e.EMAIL_CONFIRMATION_HOURS * HOUR_MS,
          },
  };
}

/** The PEM private key in `file`, checked to be one (RSA or Ed25519, as DKIM signs with). */
function readDkimKey(file: string): string {
  const problem = (message: string) =>
    new z.ZodError([{ code: 'custom', message, path: ['SMTP_DKIM_PRIVATE_KEY_FILE'], input: file }]);
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw problem(`cannot read ${file}: ${(error as Error).message}`);
  }
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw problem(`${file} holds no PEM private key`);
  }
  if (type !== 'rsa' && type !== 'ed25519') throw problem(`expected an RSA or Ed25519 key, not ${type}`);
  return pem;
}

function readTemplates(file: string): TemplateOverrides {
  const problem = (message: string, path: PropertyKey[] = []) =>
    new z.ZodError([{ code: 'custom', message, path: ['NOTIFICATION_TEMPLATES_FILE', ...path], input: file }]);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw problem(`cannot read ${file}: ${(error as Error).message}`);
  }
  const parsed = TemplateOverrides.safeParse(json);
  if (!parsed.success) {
    throw new z.ZodError(
      parsed.error.issues.map((issue) => ({ ...issue, path: ['NOTIFICATION_TEMPLATES_FILE', ...issue.path] })),
    );
  }
  return parsed.data;
}
