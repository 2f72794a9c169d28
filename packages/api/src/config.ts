import {
  AttachmentLimits,
  AttachmentQuota,
  DEFAULT_ALLOWED_FILE_TYPES,
  DEFAULT_ATTACHMENT_LIMITS,
  DEFAULT_ATTACHMENT_QUOTA,
} from '@support-engine/domain/attachment';
import { ChatsPerCustomer, DEFAULT_CHATS_PER_CUSTOMER } from '@support-engine/domain/customer';
import { z } from 'zod';

/**
 * How tokens are verified: an HS256 shared secret (development, tests, the `token` command) or
 * the identity provider's JWKS URL (production). Never both, so a deployment cannot silently
 * accept tokens signed with a leaked development secret.
 */
export const AuthConfig = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('hs256'),
      secret: z
        .string({ error: 'is not set (set it, of at least 32 characters, or SUPPORT_JWKS_URL)' })
        .min(32, 'use a secret of at least 32 characters'),
    })
    .strict(),
  z
    .object({
      mode: z.literal('jwks'),
      jwksUrl: z.url(),
      issuer: z.string().min(1).optional(),
      audience: z.string().min(1).optional(),
      /**
       * The claim that holds the caller's role: one of the engine's role names, or a list (the
       * provider's groups) whose strongest role is taken (`roleOfClaim` in the domain: admin,
       * supervisor, agent, auditor, customer; other groups ignored); `role` when unset.
       */
      roleClaim: z
        .string()
        .regex(/^[\w:/.-]{1,200}$/, 'expected a claim name')
        .optional(),
    })
    .strict(),
]);
export type AuthConfig = z.infer<typeof AuthConfig>;

/** The claim a token's role is read from: the configured one, else `role`. */
export function roleClaimOf(auth: AuthConfig): string {
  return (auth.mode === 'jwks' ? auth.roleClaim : undefined) ?? 'role';
}

/**
 * The identity provider the desk signs staff in with (OpenID Connect, authorization code with
 * PKCE): public, served to the desk by `GET /auth/oidc`. Its tokens are verified as any through
 * the JWKS settings, so it needs `SUPPORT_JWKS_URL`.
 */
export const OidcConfig = z
  .object({
    /** The provider's issuer URL (its discovery document is under it). */
    issuer: z.url({ protocol: /^https?$/ }),
    /** The desk's client id at the provider (a public client: no secret). */
    clientId: z.string().min(1).max(200),
    /** The scopes the desk asks for, `openid` among them. */
    scopes: z
      .string()
      .regex(/^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/, 'expected scopes separated by spaces')
      .refine((scopes) => scopes.split(' ').includes('openid'), 'must include openid'),
    /** The provider's name on the desk's sign-in button. */
    name: z.string().min(1).max(100),
  })
  .strict();
export type OidcConfig = z.infer<typeof OidcConfig>;

/**
 * Which peers may tell the API the client's address in `X-Forwarded-For`: none (`false`, the
 * default: the header is ignored), any (`true`: only when nothing but the proxy can reach the
 * API), the number of proxy hops in front of it, or the proxies' addresses and CIDR ranges
 * (fastify's `trustProxy`). The client address keys the rate limit of anonymous callers.
 */
export const TrustProxy = z.union(
  [z.boolean(), z.number().int().min(1).max(32), z.array(z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()])).min(1)],
  { error: 'expected false, true, a hop count (1 to 32), or comma-separated addresses and CIDR ranges (10.0.0.0/8)' },
);
export type TrustProxy = z.infer<typeof TrustProxy>;

/**
 * The chat widget's server side (docs/widget.md): `secret` is the deployment's widget secret,
 * which signs the widget's visitor credentials and customer tokens and from which each widget
 * key's identity secret is derived (never stored); `null` turns the widget's endpoints off
 * (`WIDGETS_NOT_CONFIGURED`). Customer tokens live `tokenTtlSeconds`, visitor credentials
 * `visitorTtlSeconds`; `sessions` bounds the new visitors one client address may start per key.
 */
export const WidgetConfig = z
  .object({
    secret: z.string().min(32, 'use a secret of at least 32 characters').nullable(),
    tokenTtlSeconds: z.number().int().min(60).max(3_600),
    visitorTtlSeconds: z
      .number()
      .int()
      .min(300)
      .max(30 * 24 * 3600),
    sessions: z.object({ max: z.number().int().min(1), windowMs: z.number().int().min(1_000) }).strict(),
  })
  .strict();
export type WidgetConfig = z.infer<typeof WidgetConfig>;

/** A host name (or an IPv4 address, or an IPv6 one in brackets) and an optional port, as `host[:port]`. */
const HOST_AND_PORT =
  /^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/** The SMTP ingress's public address: `host` or `host:port` (a port from 1 to 65535). */
export const MailInAddress = z
  .string()
  .trim()
  .max(260)
  .refine((value) => {
    const match = HOST_AND_PORT.exec(value);
    const port = match?.[1];
    return match !== null && (port === undefined || (Number(port) >= 1 && Number(port) <= 65_535));
  }, 'expected a host and an optional port, e.g. mx.example.com or 127.0.0.1:2525');

/**
 * The customers' sign-in to "my requests" (docs/help-center.md#signing-in-to-my-requests):
 * `secret` is the deployment's sign-in secret, from which the keys of sign-in links and of the
 * help center's customer tokens derive (never stored); `null` leaves the sign-in endpoints out
 * (404). `links` bounds the links asked per address and per client address in `windowMs`.
 */
export const SignInConfig = z
  .object({
    secret: z.string().min(32, 'use a secret of at least 32 characters').nullable(),
    links: z
      .object({
        perAddress: z.number().int().min(1).max(1_000),
        perClient: z.number().int().min(1).max(100_000),
        windowMs: z
          .number()
          .int()
          .min(1_000)
          .max(24 * 3600 * 1000),
      })
      .strict(),
  })
  .strict();
export type SignInConfig = z.infer<typeof SignInConfig>;

/** Everything an API deployment may tune; {@link defaultApiConfig} documents the defaults. */
export const ApiConfig = z
  .object({
    /** `development` turns GraphiQL on and adds error details to logs. */
    environment: z.enum(['development', 'production']),
    auth: AuthConfig,
    /** The desk's OpenID Connect sign-in; unset: none (development sign-in, or tokens made elsewhere). */
    oidc: OidcConfig.optional(),
    /** Largest request body, in bytes. */
    bodyLimit: z.number().int().min(1_024).max(10_000_000),
    /**
     * Budget per client per window: a request spends one, an operation one per root field. A
     * client is a verified token's subject, else (anonymous or unverifiable token) its address.
     */
    rateLimit: z.object({ max: z.number().int().min(1), windowMs: z.number().int().min(1) }).strict(),
    /**
     * Budget per client address per window for the desk's files (its page and scripts): a bucket
     * of their own, so loading the desk spends none of `rateLimit`, which GraphQL needs.
     */
    staticRateLimit: z.object({ max: z.number().int().min(1), windowMs: z.number().int().min(1) }).strict(),
    /** Proxies trusted to forward the client address; see {@link TrustProxy}. */
    trustProxy: TrustProxy,
    /** Deepest selection a query may have (introspection fields excluded). */
    maxDepth: z.number().int().min(2).max(50),
    /** Highest estimated cost a query may have (fields weighted by list sizes). */
    maxComplexity: z.number().int().min(10),
    /**
     * Most root fields one operation may select (aliases of one field count apart): each runs
     * on its own, and a mutation's each appends events.
     */
    maxRootFields: z
      .object({ query: z.number().int().min(1).max(1_000), mutation: z.number().int().min(1).max(1_000) })
      .strict(),
    /** Most aliases a document may use (`__typename` excepted). */
    maxAliases: z.number().int().min(1),
    /** Most lexical tokens a document may have: bounds the parser's work before anything else. */
    maxTokens: z.number().int().min(100),
    /** Most directives a document may use. */
    maxDirectives: z.number().int().min(1),
    /** Most events one request may replay for past views (`ticket(asOf:)`, `chat(asOf:)`): beyond, REPLAY_BUDGET_EXCEEDED. */
    maxReplayEvents: z.number().int().min(1),
    /**
     * Most tickets, and most of their events, one `slaWhatIf` may replay: beyond, WHAT_IF_TOO_LARGE
     * (the tickets are counted before any is read).
     */
    whatIf: z
      .object({ maxTickets: z.number().int().min(1).max(1_000_000), maxEvents: z.number().int().min(1) })
      .strict(),
    /** Longest a query waits for the read models to reach a consistency token. */
    consistencyWaitMs: z.number().int().min(0).max(60_000),
    /**
     * How long a caller's own last write is waited for by their queries given no consistency token
     * (read your own writes, per API process); 0 turns it off.
     */
    ownWritesMs: z.number().int().min(0).max(3_600_000),
    /** Origins allowed by CORS; none by default (same-origin only). */
    corsOrigins: z.array(z.string().min(1)),
    /**
     * A public help center: callers without a token may read, search and record views of
     * published articles (the operations the policy table marks public). Off by default.
     */
    publicHelpCenter: z.boolean(),
    /**
     * What one client address may add to the help center's figures per UTC hour without an
     * account: views counted and searches that found nothing kept as gaps. Past it, the request
     * is answered but nothing is counted.
     */
    helpCenterVisitors: z
      .object({
        viewsPerHour: z.number().int().min(0).max(1_000_000),
        searchGapsPerHour: z.number().int().min(0).max(1_000_000),
      })
      .strict(),
    /**
     * Most knowledge-base search results the process keeps (kept until an article changes);
     * 0 turns the cache off.
     */
    kbSearchCacheEntries: z.number().int().min(0).max(1_000_000),
    /**
     * Where the help center shows an article (`{articleId}`, `{locale}`), the worker's same
     * setting: the desk's composer links articles there. Unset: no address is offered.
     */
    helpCenterArticleUrl: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .refine(
        (url) => url.includes('{articleId}'),
        'expected {articleId} in it, e.g. https://help.example.com/{locale}/articles/{articleId}',
      )
      .nullable(),
    /**
     * The help center's pages (served under /help with `publicHelpCenter`): the public origin of
     * their canonical links and sitemap (the request's when unset), the widget key its "Contact
     * us" page loads the widget with, else the address it gives.
     */
    helpCenter: z
      .object({
        origin: z
          .url({ protocol: /^https?$/, error: 'expected an http(s) origin, e.g. https://help.example.com' })
          .refine((url) => new URL(url).origin === url, 'expected an origin only: scheme, host and port')
          .nullable(),
        widgetKey: z
          .string()
          .regex(/^[\w-]{1,100}$/, 'expected a widget key: letters, digits, - or _')
          .nullable(),
        contactEmail: z.email({ error: 'expected an email address' }).nullable(),
      })
      .strict(),
    /**
     * Where senders reach the SMTP ingress (`support-engine mail-in`): the host the domain's MX
     * record names, and its port unless 25. The mailboxes screen shows it; unset, it says only
     * where to point the MX record. The API never connects to it.
     */
    mailInAddress: MailInAddress.nullable(),
    /** Largest attachment and the types accepted (read from the bytes). */
    attachments: AttachmentLimits,
    /**
     * Bytes of uploads no message or article names yet that one caller, and the deployment, may
     * hold: an upload past either is refused with ATTACHMENT_QUOTA_EXCEEDED before a byte is stored.
     */
    attachmentQuota: AttachmentQuota,
    /**
     * The rate limits of live chat signals (`signalChat`), per caller, chat and API process: at
     * most one typing or stopped_typing per `typingIntervalMs` and one read per `readIntervalMs`
     * goes out; the latest one held back goes out when the interval ends. 0 relays every signal.
     */
    chatSignals: z
      .object({
        typingIntervalMs: z.number().int().min(0).max(60_000),
        readIntervalMs: z.number().int().min(0).max(60_000),
      })
      .strict(),
    /**
     * How many chats a customer may have open at once when they start one themself (0: no
     * limit); enforced on the customer's stream. Staff and the system may always open one.
     */
    chatsPerCustomer: ChatsPerCustomer,
    /**
     * Most live subscriptions (WebSocket or SSE) one socket and one caller may hold at once; one
     * more is refused with `TOO_MANY_SUBSCRIPTIONS`. Each watches the live feed and may read the
     * read models on every change, so a client may not multiply that work without bound.
     */
    subscriptions: z
      .object({
        perSocket: z.number().int().min(1).max(10_000),
        perCaller: z.number().int().min(1).max(10_000),
      })
      .strict(),
    /** The chat widget's sessions and tokens; see {@link WidgetConfig}. */
    widget: WidgetConfig,
    /** The customers' sign-in to "my requests"; see {@link SignInConfig}. */
    signIn: SignInConfig,
    /** How long an upload URL from `createAttachmentUpload` works, in seconds. */
    uploadUrlTtlSeconds: z
      .number()
      .int()
      .min(10)
      .max(7 * 24 * 3600),
  })
  .strict();
export type ApiConfig = z.infer<typeof ApiConfig>;

/** The defaults: generous enough for dashboards, tight enough to refuse abuse. */
export const API_CONFIG_DEFAULTS: Omit<ApiConfig, 'auth' | 'environment'> = {
  bodyLimit: 100_000,
  // The desk is a heavy client (each root field a unit, measured): its inbox reads its counts
  // again (10 root fields) at most every 2 s on a busy team, up to 300 a minute; opening a ticket
  // spends about 20 and each change the ticket page follows about 10. 600 a minute refused an
  // agent with the inbox and a few tickets open ("Too many requests").
  rateLimit: { max: 1_500, windowMs: 60_000 },
  // A cold load of the desk is about twenty files: 300 of them a minute from one address (an
  // office behind one NAT), a few a minute once the browser caches the immutable ones.
  staticRateLimit: { max: 6_000, windowMs: 60_000 },
  trustProxy: false,
  maxDepth: 10,
  maxComplexity: 10_000,
  maxRootFields: { query: 30, mutation: 5 },
  maxAliases: 30,
  maxTokens: 1_000,
  maxDirectives: 50,
  // A cold 10,000-event ticket (no snapshot yet) still answers; snapshots keep later reads small.
  maxReplayEvents: 20_000,
  // A busy month (about 10,000 tickets of 20 events): replayed in seconds, held in memory easily.
  whatIf: { maxTickets: 10_000, maxEvents: 250_000 },
  consistencyWaitMs: 5_000,
  // Long enough for a client's next screen or script step after a write; the map stays small.
  ownWritesMs: 30_000,
  corsOrigins: [],
  publicHelpCenter: false,
  // A reader opens a few articles an hour; an office behind one address, some dozens.
  helpCenterVisitors: { viewsPerHour: 120, searchGapsPerHour: 30 },
  kbSearchCacheEntries: 1_000,
  helpCenterArticleUrl: null,
  helpCenter: { origin: null, widgetKey: null, contactEmail: null },
  mailInAddress: null,
  attachments: DEFAULT_ATTACHMENT_LIMITS,
  attachmentQuota: DEFAULT_ATTACHMENT_QUOTA,
  uploadUrlTtlSeconds: 3_600,
  chatSignals: { typingIntervalMs: 2_000, readIntervalMs: 2_000 },
  chatsPerCustomer: DEFAULT_CHATS_PER_CUSTOMER,
  // A client needs a handful (its tickets, chats, the queue, its assignments); a caller's 16
  // sockets together may hold twice what one does.
  subscriptions: { perSocket: 50, perCaller: 100 },
  // Tokens short enough that a leaked one soon stops working (the widget renews before expiry);
  // a visitor credential lasting a day of visits; 20 new visitors per address and key every 10 minutes.
  widget: {
    secret: null,
    tokenTtlSeconds: 900,
    visitorTtlSeconds: 24 * 3600,
    sessions: { max: 20, windowMs: 600_000 },
  },
  // A customer asks a link or two; an office behind one address, some dozens an hour.
  signIn: { secret: null, links: { perAddress: 5, perClient: 50, windowMs: 3_600_000 } },
};

/** A complete, validated configuration from the given parts and the defaults. */
export function defaultApiConfig(overrides: Partial<ApiConfig> & Pick<ApiConfig, 'auth' | 'environment'>): ApiConfig {
  return ApiConfig.parse({ ...API_CONFIG_DEFAULTS, ...overrides });
}

/** Which environment variable feeds each setting, so errors name what the operator sets. */
const VARIABLE_OF: Readonly<Record<string, string>> = {
  environment: 'SUPPORT_API_ENV',
  'auth.secret': 'SUPPORT_JWT_SECRET',
  'auth.jwksUrl': 'SUPPORT_JWKS_URL',
  'auth.issuer': 'SUPPORT_JWT_ISSUER',
  'auth.audience': 'SUPPORT_JWT_AUDIENCE',
  'auth.roleClaim': 'SUPPORT_JWT_ROLE_CLAIM',
  'oidc.issuer': 'SUPPORT_OIDC_ISSUER',
  'oidc.clientId': 'SUPPORT_OIDC_CLIENT_ID',
  'oidc.scopes': 'SUPPORT_OIDC_SCOPES',
  'oidc.name': 'SUPPORT_OIDC_NAME',
  bodyLimit: 'SUPPORT_API_BODY_LIMIT',
  'rateLimit.max': 'SUPPORT_API_RATE_MAX',
  'rateLimit.windowMs': 'SUPPORT_API_RATE_WINDOW_MS',
  'staticRateLimit.max': 'SUPPORT_API_STATIC_RATE_MAX',
  'staticRateLimit.windowMs': 'SUPPORT_API_STATIC_RATE_WINDOW_MS',
  trustProxy: 'SUPPORT_API_TRUST_PROXY',
  maxDepth: 'SUPPORT_API_MAX_DEPTH',
  maxComplexity: 'SUPPORT_API_MAX_COMPLEXITY',
  'maxRootFields.query': 'SUPPORT_API_MAX_QUERY_FIELDS',
  'maxRootFields.mutation': 'SUPPORT_API_MAX_MUTATION_FIELDS',
  maxAliases: 'SUPPORT_API_MAX_ALIASES',
  maxTokens: 'SUPPORT_API_MAX_TOKENS',
  maxDirectives: 'SUPPORT_API_MAX_DIRECTIVES',
  maxReplayEvents: 'SUPPORT_API_MAX_REPLAY_EVENTS',
  'whatIf.maxTickets': 'SUPPORT_WHAT_IF_MAX_TICKETS',
  'whatIf.maxEvents': 'SUPPORT_WHAT_IF_MAX_EVENTS',
  consistencyWaitMs: 'SUPPORT_API_CONSISTENCY_WAIT_MS',
  ownWritesMs: 'SUPPORT_API_OWN_WRITES_MS',
  corsOrigins: 'SUPPORT_API_CORS_ORIGINS',
  publicHelpCenter: 'SUPPORT_PUBLIC_HELP_CENTER',
  'helpCenterVisitors.viewsPerHour': 'SUPPORT_HELP_CENTER_VIEWS_PER_ADDRESS_HOUR',
  'helpCenterVisitors.searchGapsPerHour': 'SUPPORT_HELP_CENTER_SEARCH_GAPS_PER_ADDRESS_HOUR',
  kbSearchCacheEntries: 'SUPPORT_KB_SEARCH_CACHE_ENTRIES',
  helpCenterArticleUrl: 'HELP_CENTER_ARTICLE_URL',
  'helpCenter.origin': 'SUPPORT_HELP_CENTER_ORIGIN',
  'helpCenter.widgetKey': 'HELP_CENTER_WIDGET_KEY',
  'helpCenter.contactEmail': 'SUPPORT_HELP_CENTER_CONTACT_EMAIL',
  mailInAddress: 'MAIL_IN_PUBLIC_ADDRESS',
  'attachments.maxBytes': 'SUPPORT_ATTACHMENT_MAX_BYTES',
  'attachments.allowedTypes': 'SUPPORT_ATTACHMENT_TYPES',
  'attachmentQuota.perCallerBytes': 'SUPPORT_ATTACHMENT_QUOTA_PER_CALLER_BYTES',
  'attachmentQuota.perDeploymentBytes': 'SUPPORT_ATTACHMENT_QUOTA_BYTES',
  uploadUrlTtlSeconds: 'SUPPORT_UPLOAD_URL_TTL_SECONDS',
  'chatSignals.typingIntervalMs': 'SUPPORT_CHAT_TYPING_INTERVAL_MS',
  'chatSignals.readIntervalMs': 'SUPPORT_CHAT_READ_INTERVAL_MS',
  chatsPerCustomer: 'SUPPORT_CHATS_PER_CUSTOMER',
  'subscriptions.perSocket': 'SUPPORT_API_SUBSCRIPTIONS_PER_SOCKET',
  'subscriptions.perCaller': 'SUPPORT_API_SUBSCRIPTIONS_PER_CALLER',
  'widget.secret': 'SUPPORT_WIDGET_SECRET',
  'widget.tokenTtlSeconds': 'SUPPORT_WIDGET_TOKEN_TTL_SECONDS',
  'widget.visitorTtlSeconds': 'SUPPORT_WIDGET_VISITOR_TTL_SECONDS',
  'widget.sessions.max': 'SUPPORT_WIDGET_SESSIONS_MAX',
  'widget.sessions.windowMs': 'SUPPORT_WIDGET_SESSIONS_WINDOW_MS',
  'signIn.secret': 'SUPPORT_SIGN_IN_SECRET',
  'signIn.links.perAddress': 'SUPPORT_SIGN_IN_LINKS_PER_ADDRESS',
  'signIn.links.perClient': 'SUPPORT_SIGN_IN_LINKS_PER_CLIENT',
  'signIn.links.windowMs': 'SUPPORT_SIGN_IN_LINKS_WINDOW_MS',
};

/** The environment does not describe a valid API configuration; `problems` name the variables. */
export class ApiConfigError extends Error {
  override readonly name = 'ApiConfigError';

  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(`Invalid API configuration:\n${problems.map((p) => `✖ ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Reads the configuration from environment variables: `SUPPORT_API_ENV`, `SUPPORT_JWT_SECRET`
 * or `SUPPORT_JWKS_URL` (+ `SUPPORT_JWT_ISSUER`, `SUPPORT_JWT_AUDIENCE`, `SUPPORT_JWT_ROLE_CLAIM`), the desk's
 * OpenID Connect sign-in (`SUPPORT_OIDC_ISSUER`, `SUPPORT_OIDC_CLIENT_ID`, `SUPPORT_OIDC_SCOPES`,
 * `SUPPORT_OIDC_NAME`; it needs `SUPPORT_JWKS_URL`), `SUPPORT_API_BODY_LIMIT`,
 * `SUPPORT_API_RATE_MAX`, `SUPPORT_API_RATE_WINDOW_MS`, `SUPPORT_API_STATIC_RATE_MAX`,
 * `SUPPORT_API_STATIC_RATE_WINDOW_MS` (the desk's files), `SUPPORT_API_TRUST_PROXY` (`true`,
 * `false`, a hop count or comma-separated addresses and CIDR ranges), `SUPPORT_API_MAX_DEPTH`,
 * `SUPPORT_API_MAX_COMPLEXITY`, `SUPPORT_API_MAX_REPLAY_EVENTS`, `SUPPORT_WHAT_IF_MAX_TICKETS`, `SUPPORT_WHAT_IF_MAX_EVENTS`, `SUPPORT_API_MAX_QUERY_FIELDS`, `SUPPORT_API_MAX_MUTATION_FIELDS`,
 * `SUPPORT_API_MAX_ALIASES`, `SUPPORT_API_MAX_TOKENS`, `SUPPORT_API_MAX_DIRECTIVES`,
 * `SUPPORT_API_CONSISTENCY_WAIT_MS`, `SUPPORT_PUBLIC_HELP_CENTER` (`true` or `false`), `SUPPORT_HELP_CENTER_VIEWS_PER_ADDRESS_HOUR`, `SUPPORT_HELP_CENTER_SEARCH_GAPS_PER_ADDRESS_HOUR`, `SUPPORT_HELP_CENTER_ORIGIN`, `HELP_CENTER_WIDGET_KEY`, `SUPPORT_HELP_CENTER_CONTACT_EMAIL`, `SUPPORT_API_CORS_ORIGINS`
 * (comma-separated), `MAIL_IN_PUBLIC_ADDRESS` (the SMTP ingress's `host[:port]`), `SUPPORT_KB_SEARCH_CACHE_ENTRIES`, `SUPPORT_ATTACHMENT_MAX_BYTES`, `SUPPORT_ATTACHMENT_TYPES`
 * (comma-separated media types), `SUPPORT_ATTACHMENT_QUOTA_PER_CALLER_BYTES`, `SUPPORT_ATTACHMENT_QUOTA_BYTES`, `SUPPORT_UPLOAD_URL_TTL_SECONDS`, `SUPPORT_CHAT_TYPING_INTERVAL_MS`,
 * `SUPPORT_CHAT_READ_INTERVAL_MS`, `SUPPORT_CHATS_PER_CUSTOMER` (0: no limit),
 * `SUPPORT_API_SUBSCRIPTIONS_PER_SOCKET`, `SUPPORT_API_SUBSCRIPTIONS_PER_CALLER`, the chat widget's
 * `SUPPORT_WIDGET_SECRET`, `SUPPORT_WIDGET_TOKEN_TTL_SECONDS`, `SUPPORT_WIDGET_VISITOR_TTL_SECONDS`,
 * `SUPPORT_WIDGET_SESSIONS_MAX`, `SUPPORT_WIDGET_SESSIONS_WINDOW_MS`, the customers' sign-in's
 * `SUPPORT_SIGN_IN_SECRET`, `SUPPORT_SIGN_IN_LINKS_PER_ADDRESS`, `SUPPORT_SIGN_IN_LINKS_PER_CLIENT`,
 * `SUPPORT_SIGN_IN_LINKS_WINDOW_MS`. Throws an {@link ApiConfigError} naming each offending variable.
 */
export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const number = (name: string) => (env[name] === undefined ? undefined : Number(env[name]));
  const auth = env.SUPPORT_JWKS_URL
    ? {
        mode: 'jwks',
        jwksUrl: env.SUPPORT_JWKS_URL,
        issuer: env.SUPPORT_JWT_ISSUER,
        audience: env.SUPPORT_JWT_AUDIENCE,
        roleClaim: env.SUPPORT_JWT_ROLE_CLAIM,
      }
    : { mode: 'hs256', secret: env.SUPPORT_JWT_SECRET };
  const candidate = {
    environment: env.SUPPORT_API_ENV ?? 'production',
    auth,
    oidc: oidcOf(env),
    bodyLimit: number('SUPPORT_API_BODY_LIMIT') ?? API_CONFIG_DEFAULTS.bodyLimit,
    rateLimit: {
      max: number('SUPPORT_API_RATE_MAX') ?? API_CONFIG_DEFAULTS.rateLimit.max,
      windowMs: number('SUPPORT_API_RATE_WINDOW_MS') ?? API_CONFIG_DEFAULTS.rateLimit.windowMs,
    },
    staticRateLimit: {
      max: number('SUPPORT_API_STATIC_RATE_MAX') ?? API_CONFIG_DEFAULTS.staticRateLimit.max,
      windowMs: number('SUPPORT_API_STATIC_RATE_WINDOW_MS') ?? API_CONFIG_DEFAULTS.staticRateLimit.windowMs,
    },
    trustProxy: trustProxyOf(env.SUPPORT_API_TRUST_PROXY) ?? API_CONFIG_DEFAULTS.trustProxy,
    maxDepth: number('SUPPORT_API_MAX_DEPTH') ?? API_CONFIG_DEFAULTS.maxDepth,
    maxComplexity: number('SUPPORT_API_MAX_COMPLEXITY') ?? API_CONFIG_DEFAULTS.maxComplexity,
    maxRootFields: {
      query: number('SUPPORT_API_MAX_QUERY_FIELDS') ?? API_CONFIG_DEFAULTS.maxRootFields.query,
      mutation: number('SUPPORT_API_MAX_MUTATION_FIELDS') ?? API_CONFIG_DEFAULTS.maxRootFields.mutation,
    },
    maxAliases: number('SUPPORT_API_MAX_ALIASES') ?? API_CONFIG_DEFAULTS.maxAliases,
    maxTokens: number('SUPPORT_API_MAX_TOKENS') ?? API_CONFIG_DEFAULTS.maxTokens,
    maxDirectives: number('SUPPORT_API_MAX_DIRECTIVES') ?? API_CONFIG_DEFAULTS.maxDirectives,
    maxReplayEvents: number('SUPPORT_API_MAX_REPLAY_EVENTS') ?? API_CONFIG_DEFAULTS.maxReplayEvents,
    whatIf: {
      maxTickets: number('SUPPORT_WHAT_IF_MAX_TICKETS') ?? API_CONFIG_DEFAULTS.whatIf.maxTickets,
      maxEvents: number('SUPPORT_WHAT_IF_MAX_EVENTS') ?? API_CONFIG_DEFAULTS.whatIf.maxEvents,
    },
    consistencyWaitMs: number('SUPPORT_API_CONSISTENCY_WAIT_MS') ?? API_CONFIG_DEFAULTS.consistencyWaitMs,
    ownWritesMs: number('SUPPORT_API_OWN_WRITES_MS') ?? API_CONFIG_DEFAULTS.ownWritesMs,
    corsOrigins: env.SUPPORT_API_CORS_ORIGINS?.split(',').filter(Boolean) ?? API_CONFIG_DEFAULTS.corsOrigins,
    publicHelpCenter: booleanOf(env.SUPPORT_PUBLIC_HELP_CENTER) ?? API_CONFIG_DEFAULTS.publicHelpCenter,
    helpCenterVisitors: {
      viewsPerHour:
        number('SUPPORT_HELP_CENTER_VIEWS_PER_ADDRESS_HOUR') ?? API_CONFIG_DEFAULTS.helpCenterVisitors.viewsPerHour,
      searchGapsPerHour:
        number('SUPPORT_HELP_CENTER_SEARCH_GAPS_PER_ADDRESS_HOUR') ??
        API_CONFIG_DEFAULTS.helpCenterVisitors.searchGapsPerHour,
    },
    kbSearchCacheEntries: number('SUPPORT_KB_SEARCH_CACHE_ENTRIES') ?? API_CONFIG_DEFAULTS.kbSearchCacheEntries,
    helpCenterArticleUrl: env.HELP_CENTER_ARTICLE_URL || API_CONFIG_DEFAULTS.helpCenterArticleUrl,
    helpCenter: {
      origin: env.SUPPORT_HELP_CENTER_ORIGIN || API_CONFIG_DEFAULTS.helpCenter.origin,
      widgetKey: env.HELP_CENTER_WIDGET_KEY || API_CONFIG_DEFAULTS.helpCenter.widgetKey,
      contactEmail: env.SUPPORT_HELP_CENTER_CONTACT_EMAIL || API_CONFIG_DEFAULTS.helpCenter.contactEmail,
    },
    mailInAddress: env.MAIL_IN_PUBLIC_ADDRESS || API_CONFIG_DEFAULTS.mailInAddress,
    attachments: {
      maxBytes: number('SUPPORT_ATTACHMENT_MAX_BYTES') ?? DEFAULT_ATTACHMENT_LIMITS.maxBytes,
      allowedTypes:
        env.SUPPORT_ATTACHMENT_TYPES?.split(',')
          .map((type) => type.trim())
          .filter(Boolean) ?? DEFAULT_ALLOWED_FILE_TYPES,
    },
    attachmentQuota: {
      perCallerBytes: number('SUPPORT_ATTACHMENT_QUOTA_PER_CALLER_BYTES') ?? DEFAULT_ATTACHMENT_QUOTA.perCallerBytes,
      perDeploymentBytes: number('SUPPORT_ATTACHMENT_QUOTA_BYTES') ?? DEFAULT_ATTACHMENT_QUOTA.perDeploymentBytes,
    },
    uploadUrlTtlSeconds: number('SUPPORT_UPLOAD_URL_TTL_SECONDS') ?? API_CONFIG_DEFAULTS.uploadUrlTtlSeconds,
    chatSignals: {
      typingIntervalMs: number('SUPPORT_CHAT_TYPING_INTERVAL_MS') ?? API_CONFIG_DEFAULTS.chatSignals.typingIntervalMs,
      readIntervalMs: number('SUPPORT_CHAT_READ_INTERVAL_MS') ?? API_CONFIG_DEFAULTS.chatSignals.readIntervalMs,
    },
    chatsPerCustomer: number('SUPPORT_CHATS_PER_CUSTOMER') ?? API_CONFIG_DEFAULTS.chatsPerCustomer,
    subscriptions: {
      perSocket: number('SUPPORT_API_SUBSCRIPTIONS_PER_SOCKET') ?? API_CONFIG_DEFAULTS.subscriptions.perSocket,
      perCaller: number('SUPPORT_API_SUBSCRIPTIONS_PER_CALLER') ?? API_CONFIG_DEFAULTS.subscriptions.perCaller,
    },
    widget: {
      secret: env.SUPPORT_WIDGET_SECRET || null,
      tokenTtlSeconds: number('SUPPORT_WIDGET_TOKEN_TTL_SECONDS') ?? API_CONFIG_DEFAULTS.widget.tokenTtlSeconds,
      visitorTtlSeconds: number('SUPPORT_WIDGET_VISITOR_TTL_SECONDS') ?? API_CONFIG_DEFAULTS.widget.visitorTtlSeconds,
      sessions: {
        max: number('SUPPORT_WIDGET_SESSIONS_MAX') ?? API_CONFIG_DEFAULTS.widget.sessions.max,
        windowMs: number('SUPPORT_WIDGET_SESSIONS_WINDOW_MS') ?? API_CONFIG_DEFAULTS.widget.sessions.windowMs,
      },
    },
    signIn: {
      secret: env.SUPPORT_SIGN_IN_SECRET || null,
      links: {
        perAddress: number('SUPPORT_SIGN_IN_LINKS_PER_ADDRESS') ?? API_CONFIG_DEFAULTS.signIn.links.perAddress,
        perClient: number('SUPPORT_SIGN_IN_LINKS_PER_CLIENT') ?? API_CONFIG_DEFAULTS.signIn.links.perClient,
        windowMs: number('SUPPORT_SIGN_IN_LINKS_WINDOW_MS') ?? API_CONFIG_DEFAULTS.signIn.links.windowMs,
      },
    },
  };
  const parsed = ApiConfig.safeParse(candidate);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        // A bad entry of a list (`attachments.allowedTypes.0`) is the list's variable's fault.
        const setting = issue.path.filter((key) => typeof key !== 'number').join('.');
        return { variable: VARIABLE_OF[setting] ?? setting, message: issue.message };
      });
  // Two ways to check tokens would leave one silently unused: tokens signed the other way fail.
  if (env.SUPPORT_JWKS_URL && env.SUPPORT_JWT_SECRET)
    problems.push({ variable: 'SUPPORT_JWKS_URL', message: 'set SUPPORT_JWT_SECRET or SUPPORT_JWKS_URL, not both' });
  if (env.SUPPORT_OIDC_ISSUER && !env.SUPPORT_JWKS_URL)
    problems.push({
      variable: 'SUPPORT_OIDC_ISSUER',
      message: "needs SUPPORT_JWKS_URL (the provider's keys, which verify the tokens it issues)",
    });
  if (Boolean(env.SUPPORT_OIDC_ISSUER) !== Boolean(env.SUPPORT_OIDC_CLIENT_ID))
    problems.push({
      variable: 'SUPPORT_OIDC_CLIENT_ID',
      message: 'set both SUPPORT_OIDC_ISSUER and SUPPORT_OIDC_CLIENT_ID, or neither',
    });
  if (!parsed.success || problems.length > 0) throw new ApiConfigError(problems);
  return parsed.data;
}

/** The desk's OpenID Connect settings from the environment, when an issuer and a client are set. */
function oidcOf(env: NodeJS.ProcessEnv): unknown {
  if (!env.SUPPORT_OIDC_ISSUER || !env.SUPPORT_OIDC_CLIENT_ID) return undefined;
  const issuer = env.SUPPORT_OIDC_ISSUER;
  return {
    issuer,
    clientId: env.SUPPORT_OIDC_CLIENT_ID,
    scopes: env.SUPPORT_OIDC_SCOPES ?? 'openid profile',
    // The provider's host unless named: what the sign-in button says.
    name: env.SUPPORT_OIDC_NAME ?? (URL.canParse(issuer) ? new URL(issuer).host : issuer),
  };
}

/** `true` and `false` as booleans; anything else is left for the schema to refuse. */
function booleanOf(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  return value === 'true' ? true : value === 'false' ? false : value;
}

function trustProxyOf(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}
