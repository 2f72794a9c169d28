import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Id, Role } from '@support-engine/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { mintToken } from '../auth/tokens.js';
import { type ApiConfig, type OidcConfig, roleClaimOf } from '../config.js';
import { refuseRequest } from '../errors/http.js';
import { limitAsStaticFiles } from '../rate-limit.js';
import { parseInput } from '../validation.js';
import { chooseEncoding, encodePage } from './encoded-page.js';

/** Where the desk (the staff's web app, packages/desk) is served. */
export const DESK_PATH = '/desk';

/** Where a development engine mints tokens for the desk's development sign-in. */
export const DEV_TOKEN_PATH = '/dev/token';

/**
 * Where the desk learns how staff sign in to this engine (public: its sign-in page asks before
 * anyone signs in): development sign-in or not, and the OpenID Connect provider if any.
 */
export const SIGN_IN_OPTIONS_PATH = '/auth/sign-in';

/** How long a development sign-in lasts. */
export const DEV_SIGN_IN_TTL_SECONDS = 8 * 3600;

/** The roles the desk serves; a development token is minted for these only. */
const DeskRole = Role.extract(['agent', 'supervisor', 'admin', 'auditor']);

const DevTokenRequest = z.object({ sub: Id, role: DeskRole }).strict();

// Files whose names carry their content's hash never change: kept a year. Everything else (the
// page itself, version.json) is checked each time, so a new build is picked up at once.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * The desk's routes: its built files under {@link DESK_PATH} (any other path there answers the
 * app's page, which routes in the browser) when `dir` holds a build, and, in development with an
 * HS256 secret only, {@link DEV_TOKEN_PATH}: `GET` says development sign-in is offered (204), `POST
 * { sub, role }` answers `{ token }` for that staff member. A production engine has neither dev
 * route (404, as any unknown path). {@link SIGN_IN_OPTIONS_PATH} tells the desk which ways are
 * offered; with an OpenID Connect provider, the page also lets the desk reach it.
 */
export function deskRoutes(dir: string | undefined, config: ApiConfig, logger: Logger) {
  return async (app: FastifyInstance) => {
    const development = config.environment === 'development' && config.auth.mode === 'hs256';
    if (development && config.auth.mode === 'hs256') devSignIn(app, config.auth.secret, logger);
    signInOptions(app, development, config);
    if (dir === undefined) return;
    if (!existsSync(join(dir, 'index.html'))) {
      logger.warn({ dir }, 'the desk is not built (npm run build): /desk is not served');
      return;
    }
    // The files (and the page under every name) in a context of their own: they spend the static
    // files' budget, not the API's.
    await app.register(async (files) => {
      limitAsStaticFiles(files, config.staticRateLimit);
      await files.register(fastifyStatic, {
        root: dir,
        prefix: `${DESK_PATH}/`,
        // One route per file found now, so a path that is no file falls through to the app's page.
        wildcard: false,
        index: false,
        // The page is answered below (its policy adapted to the configuration), under every name; the
        // build's .br/.gz copies are not files of their own but answers for their original's path.
        globIgnore: ['index.html', '**/*.br', '**/*.gz'],
        // The build compressed every file ahead of time: answered by Accept-Encoding, with Vary.
        preCompressed: true,
        cacheControl: false,
        setHeaders: (reply, path) => {
          reply.headers({
            ...PAGE_HEADERS,
            'cache-control': path.includes('/_app/immutable/') ? IMMUTABLE : REVALIDATE,
          });
        },
      });
      const html = encodePage(deskPage(readFileSync(join(dir, 'index.html'), 'utf8'), config.oidc));
      const page = (request: FastifyRequest, reply: FastifyReply) => {
        const encoding = chooseEncoding(request.headers['accept-encoding']);
        reply.headers({
          ...PAGE_HEADERS,
          'cache-control': REVALIDATE,
          'content-type': 'text/html; charset=utf-8',
          vary: 'accept-encoding',
        });
        if (encoding !== 'identity') reply.header('content-encoding', encoding);
        return reply.send(html[encoding]);
      };
      files.get(DESK_PATH, page);
      files.get(`${DESK_PATH}/*`, page);
    });
  };
}

/** What every desk answer carries: no sniffing of types, no framing by other sites, no referrer sent out. */
const PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
} as const;

function devSignIn(app: FastifyInstance, secret: string, logger: Logger) {
  app.get(DEV_TOKEN_PATH, async (_request, reply) => reply.status(204).send());
  app.post(DEV_TOKEN_PATH, async (request, reply) => {
    try {
      const claims = parseInput(DevTokenRequest, request.body);
      return { token: await mintToken(claims, secret, DEV_SIGN_IN_TTL_SECONDS) };
    } catch (error) {
      return refuseRequest(reply, error, logger, 'development sign-in');
    }
  });
}

/**
 * The desk's page as served: with an OpenID Connect provider, its Content-Security-Policy (a meta
 * tag the build wrote, allowing connections to the engine only) also lets the page reach the
 * provider's origin, where the sign-in library reads the discovery document and exchanges the code.
 */
export function deskPage(html: string, oidc: OidcConfig | undefined): string {
  if (oidc === undefined) return html;
  return html.replace("connect-src 'self'", `connect-src 'self' ${new URL(oidc.issuer).origin}`);
}

/**
 * The ways the desk may sign staff in: `development` (the demo's people, {@link DEV_TOKEN_PATH}),
 * and `oidc`, the provider (with the role claim the API reads), or null.
 */
function signInOptions(app: FastifyInstance, development: boolean, config: ApiConfig) {
  const oidc = config.oidc === undefined ? null : { ...config.oidc, roleClaim: roleClaimOf(config.auth) };
  const body = { development, oidc };
  app.get(SIGN_IN_OPTIONS_PATH, async (_request, reply) => {
    reply.header('cache-control', REVALIDATE);
    return body;
  });
}
