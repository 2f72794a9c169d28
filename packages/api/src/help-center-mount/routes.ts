import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { mintToken } from '../auth/tokens.js';
import type { ApiConfig } from '../config.js';
import { limitAsStaticFiles } from '../rate-limit.js';
import type { VisitorRelay } from './visitor-relay.js';

/** Where the public help center (packages/help-center) is served. */
export const HELP_CENTER_PATH = '/help';

/** The help center's built request handler (adapter-node's `handler.js`): Node's request and response, and what runs when it has no answer. */
export type HelpCenterHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => unknown;

/**
 * What the help center learns of the engine, set on each Node request under
 * {@link HELP_CENTER_CONTEXT} (the help center's `src/lib/server/context.ts` reads it): where it
 * reaches the GraphQL API, the system token it records a visitor's views and votes with, and its
 * settings.
 */
export interface HelpCenterContext {
  readonly graphqlUrl: string;
  readonly systemToken: string | null;
  readonly publicOrigin: string | null;
  readonly widgetKey: string | null;
  readonly contactEmail: string | null;
  /** Headers to send with each request to the API: they name the visitor's address (`VisitorRelay`). */
  readonly visitorHeaders: Readonly<Record<string, string>>;
}

/**
 * The headers the mount tells the help center's handler the request's scheme and host in (its
 * pages' address, which form posts are checked against): what the API trusts (the peer, or a
 * trusted proxy's forwarding), never what the client sent in them. The handler is loaded reading
 * them (adapter-node's PROTOCOL_HEADER and HOST_HEADER, under the build's prefix).
 */
export const FORWARDED_HEADERS = { protocol: 'x-forwarded-proto', host: 'x-forwarded-host' } as const;

/** A registered symbol: the help center's build and the API share no module. */
export const HELP_CENTER_CONTEXT = Symbol.for('support-engine.help-center.context');

/** Who the help center's system token names (the actor of nothing: views and votes are the visitor's). */
export const HELP_CENTER_SUBJECT = 'help-center';
const TOKEN_TTL_SECONDS = 3600;
/** A token is replaced when half its life is gone, well before it expires. */
const TOKEN_RENEW_MS = (TOKEN_TTL_SECONDS / 2) * 1000;

// Files whose names carry their content's hash never change: kept a year; pages are checked each time.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * What every help-center answer carries: never framed (clickjacking: X-Frame-Options and CSP
 * frame-ancestors), no type sniffing, no referrer beyond the origin. Pages replace this policy
 * with their own, fuller one (SvelteKit's, with frame-ancestors 'none' too).
 */
const HEADERS = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'content-security-policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
} as const;

/**
 * The help center's routes when the deployment runs a public one (`publicHelpCenter`) and its
 * caller gave the built handler: every method the pages take under {@link HELP_CENTER_PATH} (GET
 * pages and files, POST form actions such as a vote), and `/robots.txt` (the help center's). The
 * requests spend the static files' rate-limit budget, not the API's; the body is left unread for
 * the handler (a form post). Otherwise nothing is registered: /help answers 404 as any unknown path.
 */
export function helpCenterRoutes(
  handler: HelpCenterHandler | undefined,
  config: ApiConfig,
  logger: Logger,
  relay: VisitorRelay,
) {
  return async (app: FastifyInstance) => {
    if (!config.publicHelpCenter) return;
    if (handler === undefined) {
      logger.warn('the help center is not built (npm run build -w @support-engine/help-center): /help is not served');
      return;
    }
    const token = systemTokens(config);
    await app.register(async (pages) => {
      limitAsStaticFiles(pages, config.staticRateLimit);
      // Bodies (a vote's form) go to the help center's handler unread.
      pages.removeAllContentTypeParsers();
      pages.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
      const serve = async (request: FastifyRequest, reply: FastifyReply, url = request.raw.url) => {
        const context: HelpCenterContext = {
          graphqlUrl: graphqlUrlOf(request),
          systemToken: await token(),
          publicOrigin: config.helpCenter.origin,
          widgetKey: config.helpCenter.widgetKey,
          contactEmail: config.helpCenter.contactEmail,
          visitorHeaders: relay.headersFor(request.ip),
        };
        reply.hijack();
        const res = reply.raw;
        for (const [name, value] of Object.entries(HEADERS)) res.setHeader(name, value);
        res.setHeader('cache-control', url?.startsWith(`${HELP_CENTER_PATH}/_app/immutable/`) ? IMMUTABLE : REVALIDATE);
        const req = Object.assign(request.raw, { [HELP_CENTER_CONTEXT]: context });
        req.headers[FORWARDED_HEADERS.protocol] = request.protocol;
        req.headers[FORWARDED_HEADERS.host] = request.host;
        if (url !== undefined) req.url = url;
        try {
          await handler(req, res, () => notFound(res));
        } catch (error) {
          logger.error({ err: error, url }, 'the help center failed to answer');
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('The help center could not answer');
        }
      };
      const methods = ['GET', 'HEAD', 'POST'] as const;
      pages.route({ method: [...methods], url: HELP_CENTER_PATH, handler: (request, reply) => serve(request, reply) });
      pages.route({
        method: [...methods],
        url: `${HELP_CENTER_PATH}/*`,
        handler: (request, reply) => serve(request, reply),
      });
      pages.get('/robots.txt', (request, reply) => serve(request, reply, `${HELP_CENTER_PATH}/robots.txt`));
    });
  };
}

function notFound(res: ServerResponse) {
  if (!res.headersSent) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('Not found');
}

/** The engine's GraphQL endpoint as this process reaches it: at the address and port the request came in on. */
function graphqlUrlOf(request: FastifyRequest): string {
  const { localAddress, localPort } = request.raw.socket;
  const host = localAddress === undefined ? '127.0.0.1' : localAddress.replace(/^::ffff:/, '');
  return `http://${host.includes(':') ? `[${host}]` : host}:${localPort ?? 80}/graphql`;
}

/**
 * The help center's system token, minted with the deployment's HS256 secret and renewed before it
 * expires; `null` with tokens from an identity provider (the engine cannot mint those): the help
 * center then records no views and offers no vote.
 */
function systemTokens(config: ApiConfig): () => Promise<string | null> {
  if (config.auth.mode !== 'hs256') return async () => null;
  const { secret } = config.auth;
  let current: { token: Promise<string>; mintedAt: number } | null = null;
  return () => {
    const now = Date.now();
    if (current === null || now - current.mintedAt > TOKEN_RENEW_MS)
      current = {
        token: mintToken({ sub: HELP_CENTER_SUBJECT, role: 'system' }, secret, TOKEN_TTL_SECONDS),
        mintedAt: now,
      };
    return current.token;
  };
}
