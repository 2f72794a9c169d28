import { useGraphQlJit } from '@envelop/graphql-jit';
import cors from '@fastify/cors';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createCommandBus } from '@support-engine/application';
import { ArticleSearchCache } from '@support-engine/projections';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { createYoga } from 'graphql-yoga';
import { type AttachmentsTable, migrateAttachments } from './attachments/catalog.js';
import { attachmentRoutes } from './attachments/routes.js';
import { type Attachments, createAttachments } from './attachments/service.js';
import { MAX_UPLOAD_GRANT_LENGTH } from './attachments/upload-grant.js';
import { customerTokenIssuers } from './auth/customer-issuers.js';
import { createOwnerLookup } from './auth/owners.js';
import { requestPrincipal } from './auth/request.js';
import { createAuthenticator } from './auth/tokens.js';
import type { ApiConfig } from './config.js';
import { awaitTokenIn, wakingWaiter } from './consistency.js';
import { createInboxes } from './delivery/inboxes.js';
import { createWebhooks } from './delivery/webhooks.js';
import type { ApiDeps } from './deps.js';
import { deskRoutes } from './desk/routes.js';
import { errorBody, httpErrorHandler, notFoundHandler } from './errors/http.js';
import { toPublicError } from './errors/map.js';
import { useStableErrorCodes } from './errors/plugin.js';
import type { ApiContext, ApiServices } from './graphql/context.js';
import { getOperationAST } from './graphql/engine.js';
import { documentLimits } from './graphql/limits.js';
import { ReplayBudget } from './graphql/replay-budget.js';
import { createApiSchema } from './graphql/schema.js';
import { schemaPrivacy } from './graphql/schema-privacy.js';
import { createApiMetrics } from './metrics.js';
import { OwnWrites } from './own-writes.js';
import { ProjectionProgress } from './projection-progress.js';
import { ATTACHMENT_READS } from './queries/attachments.js';
import { registerRateLimit, trustProxyOption, useRootFieldCharge } from './rate-limit.js';
import { reportRoutes } from './reports/routes.js';
import { REQUEST_ID_HEADER, requestIdOf, requestLogger } from './request-id.js';
import { requestForLog } from './request-log.js';
import { ChatSignals } from './signals/chat-signals.js';
import { StaffAlertSignals } from './signals/staff-alerts.js';
import { LiveFeed } from './subscriptions/live-feed.js';
import { SubscriptionSlots } from './subscriptions/slots.js';
import { graphqlOverWebSocket, registerWebSockets } from './subscriptions/websocket.js';
import { inApiSpan, useOperationSpanName } from './tracing.js';
import { createVisitorTraffic } from './visitor-traffic.js';
import { widgetFileRoutes } from './widget-files/routes.js';
import { currentWidget } from './widget-identity/directory.js';
import { widgetIdentityRoutes } from './widget-identity/routes.js';

/**
 * The path GraphQL (queries, mutations, SSE subscriptions and, in development, GraphiQL) is served
 * on; a WebSocket upgrade of it speaks graphql-ws's `graphql-transport-ws`.
 */
export const GRAPHQL_PATH = '/graphql';

import type { ApiServer } from './api-server.js';
import { customerSignInRoutes } from './customer-sign-in/routes.js';
import { helpCenterRoutes } from './help-center-mount/routes.js';
import { createVisitorRelay } from './help-center-mount/visitor-relay.js';

export type { ApiServer } from './api-server.js';

interface ServerContext {
  readonly req: FastifyRequest;
  readonly reply: FastifyReply;
  /** The WebSocket an operation came over (graphql-ws passes it); none over HTTP. */
  readonly socket?: object;
}

/**
 * The API as a fastify instance, ready to `listen` (or `inject` in tests). Everything it talks to
 * comes in `deps`; closing the instance ends its live event feed and its chat signal connection
 * (the deps stay open: the caller owns them).
 */
export async function createApiServer(given: ApiDeps, config: ApiConfig): Promise<ApiServer> {
  const { logger } = given;
  const progress = new ProjectionProgress(given.connectionString, logger);
  const deps: ApiDeps = { ...given, waiter: wakingWaiter(given.waiter, progress.waker) };
  const feed = new LiveFeed(deps.store, () => earliestReadModel(deps), logger);
  const metrics = deps.metrics ?? createApiMetrics();
  const signals = new ChatSignals(deps, config.chatSignals);
  const alerts = new StaffAlertSignals(deps);
  const attachments = await attachmentsOf(deps, config);
  const services: ApiServices = {
    deps,
    config,
    bus: createCommandBus(deps.store, deps.clock, {
      slaConfig: { anyTimings: deps.slaSettings?.anyTimings ?? false },
      chatsPerCustomer: config.chatsPerCustomer,
      // Each command in its own span (its append nests in it), measured.
      observe: (category, type, stream, run) =>
        inApiSpan(`command ${type}`, { 'command.category': category, 'command.type': type, 'stream.id': stream }, () =>
          metrics.observeCommand(category, type, run),
        ),
    }),
    owners: createOwnerLookup(deps.store, deps.db),
    feed,
    subscriptionSlots: new SubscriptionSlots(config.subscriptions),
    signals,
    alerts,
    webhooks: createWebhooks(deps.store, deps.delivery),
    articleSearchCache:
      config.kbSearchCacheEntries > 0 ? new ArticleSearchCache(config.kbSearchCacheEntries) : undefined,
    attachments,
    inboxes: createInboxes(deps, (staffId) => alerts.touched(staffId)),
    ownWrites: new OwnWrites(config.ownWritesMs),
    visitors: createVisitorTraffic(deps.db, config.helpCenterVisitors, deps.clock),
  };
  const principalOf = requestPrincipal(createAuthenticator(config.auth, customerTokenIssuers(config)));
  const relay = createVisitorRelay();
  const app = Fastify({
    loggerInstance: logger.child({}, { serializers: { req: requestForLog } }),
    bodyLimit: config.bodyLimit,
    trustProxy: trustProxyOption(config.trustProxy),
    genReqId: requestIdOf,
    // Upload URLs carry their signed grant as a path parameter.
    routerOptions: { maxParamLength: MAX_UPLOAD_GRANT_LENGTH },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.setErrorHandler(httpErrorHandler(logger));
  app.setNotFoundHandler(notFoundHandler);
  // GraphQL is posted as JSON: a text body is refused by fastify, in the GraphQL error shape, as
  // any other type is (yoga would answer it with an empty 415).
  app.removeContentTypeParser('text/plain');
  await app.register(cors, { origin: config.corsOrigins.length > 0 ? config.corsOrigins : false });
  const charge = await registerRateLimit(app, config, principalOf, relay.relayedAddressOf);
  await registerWebSockets(app, config.bodyLimit);
  // Queries run compiled (graphql-jit): a page of tickets is hundreds of fields, which graphql-js
  // resolves one generic step at a time on every request. A document is compiled once, after it
  // passed validation (so within the depth and cost limits), and cached with yoga's parsed
  // document. Mutations and subscriptions (a handful of root fields at most) stay on graphql-js.
  const compiledQueries = useGraphQlJit(
    {},
    {
      enableIf: (args) => getOperationAST(args.document, args.operationName)?.operation === 'query',
      onError: (result) => logger.error({ errors: result.errors }, 'graphql-jit could not compile a query'),
    },
  );

  const yoga = createYoga<ServerContext, ApiContext>({
    schema: createApiSchema(),
    graphqlEndpoint: GRAPHQL_PATH,
    graphiql: config.environment === 'development',
    // yoga's default page loads GraphiQL from a public CDN (blank offline); this one carries it inline.
    renderGraphiQL,
    landingPage: false,
    // CORS is @fastify/cors's job (`config.corsOrigins`); yoga's own default would answer every
    // origin, credentials included, and override it.
    cors: false,
    logging: false,
    plugins: [
      ...documentLimits(config),
      ...schemaPrivacy(config.environment),
      useRootFieldCharge(charge),
      compiledQueries,
      useStableErrorCodes(),
      useOperationSpanName(),
    ],
    maskedErrors: {
      maskError(error) {
        const mapped = toPublicError(error);
        if (mapped.unexpected) (requestLogger.getStore() ?? logger).error({ err: error }, 'unexpected GraphQL error');
        return mapped.error;
      },
    },
    context: async ({ req, socket }) => ({
      requestId: req.id,
      address: relay.addressOf(req),
      principal: await principalOf(req),
      services,
      connection: socket ?? req,
      replay: new ReplayBudget(config.maxReplayEvents),
    }),
  });

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    // A JSON body without a document (`{}`): yoga would call it invalid JSON, which it is not.
    if (req.method === 'POST' && lacksDocument(req.body))
      return reply.status(400).send(errorBody('BAD_USER_INPUT', 'Must provide query string.'));
    // Refused before it runs: a mutation answered 406 after it ran would be written, and sent again.
    if (req.method === 'POST' && !acceptsAnAnswer(req.headers.accept))
      return reply
        .status(406)
        .send(
          errorBody(
            'BAD_USER_INPUT',
            'Not Acceptable: the Accept header rules out every answer this API gives. Accept application/json or application/graphql-response+json (a subscription: text/event-stream); nothing was run',
          ),
        );
    // One span per request, renamed after its operation once parsed; its commands nest in it.
    const response = await requestLogger.run(req.log, () =>
      inApiSpan(`graphql ${req.method}`, { 'http.request.id': req.id }, async () =>
        yoga.handleNodeRequestAndResponse(req, reply, { req, reply }),
      ),
    );
    response.headers.forEach((value, key) => {
      reply.header(key, value);
    });
    reply.status(response.status);
    // yoga answers a subscription whose client does not take a stream (or a GET whose client takes
    // no JSON) with a bare 406.
    if (response.status === 406)
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .send(
          errorBody(
            'BAD_USER_INPUT',
            'Not Acceptable: a subscription answers a stream: send it with "Accept: text/event-stream" (server-sent events), or over a WebSocket; a query or a mutation answers application/json (or application/graphql-response+json)',
          ),
        );
    // Queries and mutations answer one JSON document, already a string inside the response:
    // send it as is rather than through a stream. Subscriptions (SSE) and anything else stream.
    if (isJson(response.headers.get('content-type'))) return reply.send(await response.text());
    return reply.send(response.body);
  };
  // No OPTIONS: a preflight is @fastify/cors's to answer, and without an allowed origin it is a
  // method the route does not take (404 NOT_FOUND, as any other).
  app.route({ url: GRAPHQL_PATH, method: 'POST', handler });
  // A GET that asks to upgrade becomes a socket; the plugin allows a `wsHandler` on GET routes only.
  app.route({
    url: GRAPHQL_PATH,
    method: 'GET',
    handler,
    wsHandler: graphqlOverWebSocket({ yoga, principalOf, charge, environment: config.environment, logger }),
  });
  const awaitWrite = (token: string | null) =>
    awaitTokenIn(deps.waiter, deps.store, ATTACHMENT_READS, token, config.consistencyWaitMs);
  await app.register(attachmentRoutes(attachments, principalOf, config.publicHelpCenter, awaitWrite, logger));
  await app.register(reportRoutes(deps.db, services.bus.configuration, principalOf, deps.clock, logger));
  await app.register(deskRoutes(deps.deskDir, config, logger));
  await app.register(helpCenterRoutes(deps.helpCenterHandler, config, logger, relay));
  await app.register(
    customerSignInRoutes({
      bus: services.bus,
      db: deps.db,
      delivery: deps.delivery?.db,
      clock: deps.clock,
      logger,
      config,
      addressOf: relay.addressOf,
    }),
  );
  await app.register(
    widgetIdentityRoutes({
      bus: services.bus,
      db: deps.db,
      clock: deps.clock,
      config: config.widget,
      settle: async (checkpoint) => {
        const wait = { timeoutMs: config.consistencyWaitMs };
        await Promise.all([
          deps.waiter.waitFor('chats', checkpoint, wait),
          deps.waiter.waitFor('tickets', checkpoint, wait),
        ]);
      },
    }),
  );
  // The frame page may be framed by its key's origins only, as the log holds them now.
  const widgetOrigins =
    deps.widgetOrigins ?? (async (key: string) => (await currentWidget(services.bus, key))?.definition.allowedOrigins);
  await app.register(widgetFileRoutes(deps.widgetDir, widgetOrigins, config, logger));
  // Uploads no message named within days go, hourly; each row is taken by one sweeper only.
  const sweeping =
    attachments &&
    setInterval(() => {
      attachments.sweep().catch((error: unknown) => logger.error({ err: error }, 'attachment sweep failed'));
    }, SWEEP_INTERVAL_MS).unref();
  // Before the server stops taking requests and waits for those under way: the subscriptions
  // streamed over SSE end here, or it would wait for them forever.
  app.addHook('preClose', async () => {
    feed.close();
  });
  app.addHook('onClose', async () => {
    clearInterval(sweeping);
    await signals.close();
    await alerts.close();
    await progress.close();
  });
  return app;
}

/** The attachments service over the deployment's storage (its record created on first start), if it has one. */
async function attachmentsOf(deps: ApiDeps, config: ApiConfig): Promise<Attachments | undefined> {
  if (deps.attachmentStorage === undefined) return undefined;
  const db = deps.db.withTables<{ attachments: AttachmentsTable }>();
  const urlKey = await migrateAttachments(db);
  return createAttachments({
    db,
    urlKey,
    storage: deps.attachmentStorage,
    limits: config.attachments,
    quota: config.attachmentQuota,
    clock: deps.clock,
    uploadTtlMs: config.uploadUrlTtlSeconds * 1000,
  });
}

/** How often abandoned uploads are looked for. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

const isJson = (contentType: string | null) =>
  contentType !== null &&
  (contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json'));

// Live updates start where the slowest read model stands, so a client that just read any of
// them misses nothing.
async function earliestReadModel(deps: ApiDeps) {
  const [tickets, chats] = await Promise.all([deps.waiter.positionOf('tickets'), deps.waiter.positionOf('chats')]);
  return tickets.transactionId < chats.transactionId ||
    (tickets.transactionId === chats.transactionId && tickets.globalPosition <= chats.globalPosition)
    ? tickets
    : chats;
}

/** The answers GraphQL over HTTP gives: JSON documents, and the streams of subscriptions. */
const ANSWER_TYPES = ['application/json', 'application/graphql-response+json', 'text/event-stream', 'multipart/mixed'];

/**
 * Whether an `Accept` header admits one of {@link ANSWER_TYPES} (none given admits any): a media
 * range that matches one, exactly or by wildcard, with a quality above 0.
 */
function acceptsAnAnswer(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (params.some((param) => /^q=0(\.0*)?$/.test(param))) return false;
    const [major, minor] = type.split('/');
    return ANSWER_TYPES.some((answer) => {
      const [answerMajor, answerMinor] = answer.split('/');
      return (major === '*' || major === answerMajor) && (minor === '*' || minor === answerMinor);
    });
  });
}

/** A parsed JSON object that names no document: no `query`, and no persisted query to stand for one. */
function lacksDocument(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const { query, extensions } = body as { query?: unknown; extensions?: { persistedQuery?: unknown } };
  return query === undefined && extensions?.persistedQuery === undefined;
}
