import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { ApiConfig } from '../config.js';
import { chooseEncoding, type EncodedPage, encodePage } from '../desk/encoded-page.js';
import { limitAsStaticFiles } from '../rate-limit.js';

/** Where the widget (packages/widget's build: the loader and the frame) is served. */
export const WIDGET_PATH = '/widget';

/** The script sites embed. */
export const LOADER_PATH = `${WIDGET_PATH}/loader.js`;

/**
 * The origins allowed to embed a widget key (its `allowedOrigins`); `undefined` for a key that
 * does not exist. The frame page may be framed by these only.
 */
export type WidgetOriginsOf = (widgetKey: string) => Promise<readonly string[] | undefined>;

// Hashed names never change: kept a year. The loader keeps its name across releases: sites
// embed it by that name, so it is kept a few minutes only (a release reaches them soon).
const IMMUTABLE = 'public, max-age=31536000, immutable';
const LOADER_CACHE = 'public, max-age=300';
const REVALIDATE = 'no-cache';

/** A widget key as the frame's address carries it; anything else frames nowhere. */
const WIDGET_KEY = /^[A-Za-z0-9_-]{1,100}$/;

const FILE_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' } as const;

/**
 * The Content-Security-Policy header of the frame page for these origins: `frame-ancestors` lists
 * them (none: `'none'`, the page may be framed nowhere). The page's own policy (scripts, styles,
 * connections) is the meta tag of its build; frame-ancestors is only read from a header.
 */
export function frameAncestors(origins: readonly string[] | undefined): string {
  const allowed = (origins ?? []).filter((origin) => /^https?:\/\/[^\s;,']+$/.test(origin));
  return `frame-ancestors ${allowed.length === 0 ? "'none'" : allowed.join(' ')}`;
}

/**
 * The widget's files when `dir` holds a build: the frame page at {@link WIDGET_PATH} (any key's
 * page, framed only by that key's origins: `originsOf`), its hashed scripts kept a year, and the
 * loader at {@link LOADER_PATH} with a short cache, any site's pages may load it.
 */
export function widgetFileRoutes(
  dir: string | undefined,
  originsOf: WidgetOriginsOf,
  config: ApiConfig,
  logger: Logger,
) {
  return async (app: FastifyInstance) => {
    if (dir === undefined) return;
    if (!existsSync(join(dir, 'index.html')) || !existsSync(join(dir, 'loader.js'))) {
      logger.warn({ dir }, 'the widget is not built (npm run build): /widget is not served');
      return;
    }
    await app.register(async (files) => {
      limitAsStaticFiles(files, config.staticRateLimit);
      await files.register(fastifyStatic, {
        root: dir,
        prefix: `${WIDGET_PATH}/`,
        wildcard: false,
        index: false,
        globIgnore: ['index.html', 'loader.js', '**/*.br', '**/*.gz'],
        preCompressed: true,
        cacheControl: false,
        setHeaders: (reply, path) => {
          reply.headers({
            ...FILE_HEADERS,
            'cache-control': path.includes('/_app/immutable/') ? IMMUTABLE : REVALIDATE,
          });
        },
      });
      const page = encodePage(readFileSync(join(dir, 'index.html'), 'utf8'));
      const loader = encodePage(readFileSync(join(dir, 'loader.js'), 'utf8'));
      const framePage = async (request: FastifyRequest<{ Querystring: { key?: unknown } }>, reply: FastifyReply) => {
        const key = request.query.key;
        const origins = typeof key === 'string' && WIDGET_KEY.test(key) ? await originsOf(key) : undefined;
        reply.header('content-security-policy', frameAncestors(origins));
        return send(request, reply, page, 'text/html; charset=utf-8', REVALIDATE);
      };
      files.get(WIDGET_PATH, framePage);
      files.get(`${WIDGET_PATH}/`, framePage);
      files.get(LOADER_PATH, (request, reply) => {
        // Loaded by other sites' pages (a script tag), including those isolating themselves (COEP).
        reply.header('cross-origin-resource-policy', 'cross-origin');
        return send(request, reply, loader, 'text/javascript; charset=utf-8', LOADER_CACHE);
      });
    });
  };
}

/** A text compressed ahead of time, in the encoding the client accepts. */
function send(request: FastifyRequest, reply: FastifyReply, text: EncodedPage, type: string, cache: string) {
  const encoding = chooseEncoding(request.headers['accept-encoding']);
  reply.headers({ ...FILE_HEADERS, 'cache-control': cache, 'content-type': type, vary: 'accept-encoding' });
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(text[encoding]);
}
