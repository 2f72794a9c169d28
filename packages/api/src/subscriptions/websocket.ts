import websocket, { type WebsocketHandler } from '@fastify/websocket';
import type { FastifyRequest } from 'fastify';
import { CloseCode, type ExecutionResult, handleProtocols } from 'graphql-ws';
import { makeHandler } from 'graphql-ws/use/@fastify/websocket';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ApiServer } from '../api-server.js';
import type { RequestPrincipal } from '../auth/request.js';
import type { Principal } from '../auth/tokens.js';
import type { ApiConfig } from '../config.js';
import { toPublicError } from '../errors/map.js';
import type { ApiContext } from '../graphql/context.js';
import type { DocumentNode, ExecutionArgs, GraphQLError, GraphQLFormattedError } from '../graphql/engine.js';
import { withoutSuggestion } from '../graphql/schema-privacy.js';
import { type ChargeRequest, rateLimited } from '../rate-limit.js';

/**
 * Most sockets one principal may hold open at once (a browser tab needs one: graphql-ws carries
 * every operation of a client over a single socket). One more is closed with
 * {@link WebSocketClose.TooManySockets}.
 */
export const MAX_SOCKETS_PER_PRINCIPAL = 16;

/**
 * How the server closes a socket, beside graphql-ws's own codes (4400 bad message, 4406 not the
 * `graphql-transport-ws` subprotocol, 4408 no `connection_init` within 3 s, 4409 duplicate
 * operation id, 4429 a second `connection_init`) and ws's 1009 (a message over the body limit).
 */
export const WebSocketClose = {
  /** `connection_init` carried no token. */
  Unauthorized: CloseCode.Unauthorized,
  /** The token did not verify (malformed, expired, bad signature): the reason says which. */
  Forbidden: CloseCode.Forbidden,
  /**
   * Policy violation: the principal already holds {@link MAX_SOCKETS_PER_PRINCIPAL} sockets (a
   * standard code, which graphql-ws clients do not retry; its own 4429 means a second `connection_init`).
   */
  TooManySockets: 1_008,
  /** The server is shutting down: the client may reconnect (to another instance). */
  GoingAway: 1_001,
} as const;

/**
 * The `connection_init` payload: the token as an `Authorization` value or bare. Other keys, which
 * some clients add, are ignored.
 */
const ConnectionParams = z.object({ authorization: z.string().optional(), token: z.string().optional() });

/** What one authenticated socket holds beside graphql-ws's own context (a type: graphql-ws wants a record). */
type Connection = {
  authorization?: string;
  principal?: Principal;
};

/** What {@link graphqlOverWebSocket} drives: the HTTP server's own GraphQL engine and budget. */
export interface GraphqlWsOptions {
  /** Its `getEnveloped` gives the schema, plugins, limits and context factory HTTP requests get. */
  readonly yoga: Pick<YogaServerInstance<{ req: FastifyRequest }, ApiContext>, 'getEnveloped'>;
  readonly principalOf: RequestPrincipal;
  /** The rate limit HTTP requests spend: an operation costs what a request does. */
  readonly charge: ChargeRequest;
  readonly environment: ApiConfig['environment'];
  readonly logger: Logger;
}

/**
 * Registers the WebSocket server on `app`: upgrades then pass fastify's hooks like any request
 * (the rate limit spends a unit per handshake) and messages are bounded by the HTTP body limit.
 * Call it before the routes that take a `wsHandler`.
 */
export async function registerWebSockets(app: ApiServer, maxPayload: number): Promise<void> {
  // Runs before the plugin's own preClose, which closes sockets without a code (and stops upgrades).
  // Closing resolves once every socket is closed, so its subscriptions have ended (a client that
  // never answers the close is cut off by ws after 30 s).
  app.addHook('preClose', async () => {
    const closing = [...app.websocketServer.clients].map((socket) => {
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.close(WebSocketClose.GoingAway, 'Server shutting down');
      return closed;
    });
    await Promise.all(closing);
  });
  // Only `graphql-transport-ws` is chosen; graphql-ws closes a socket without it with 4406.
  await app.register(websocket, {
    options: { maxPayload, handleProtocols },
    // A client's fault or a dropped connection (ws has already closed the socket with its code):
    // worth a warning, not the plugin's error log.
    errorHandler(error, socket, request) {
      request.log.warn({ err: error }, 'WebSocket closed on a socket error');
      socket.terminate();
    },
  });
}

/**
 * GraphQL over WebSocket (graphql-ws's `graphql-transport-ws` protocol), driving the very yoga
 * the HTTP route does, as yoga documents it: each operation is parsed, validated (the document
 * limits), given a context (the caller) and executed or subscribed through yoga's plugins
 * (error masking, the per-root-field charge, compiled queries), so queries, mutations and
 * subscriptions answer as over HTTP and SSE. The token comes once, in `connection_init`; every
 * operation is then authorized as if it carried it in its `Authorization` header, so a token that
 * expires stops new operations (`UNAUTHENTICATED`) and ends running subscriptions with that error,
 * as over SSE. Each subscription holds one of the socket's and the caller's slots (see `SubscriptionSlots`).
 */
export function graphqlOverWebSocket(options: GraphqlWsOptions): WebsocketHandler {
  const { yoga, principalOf, charge, logger } = options;
  const sockets = new Map<string, number>();
  const toWire = wireError(options.environment);
  return makeHandler<Record<string, unknown>, Connection>({
    // The close reason it sends on an internal failure never carries the error's message.
    isProd: true,
    async onConnect(context) {
      const { socket, request } = context.extra;
      const params = ConnectionParams.safeParse(context.connectionParams ?? {});
      const bare = params.data?.token;
      const authorization = params.data?.authorization ?? (bare === undefined ? undefined : `Bearer ${bare}`);
      if (!params.success || authorization === '' || authorization === undefined) {
        socket.close(WebSocketClose.Unauthorized, 'Missing token: send { authorization: "Bearer <token>" }');
        return false;
      }
      let principal: Principal | null;
      try {
        principal = await principalOf(withAuthorization(request, authorization));
      } catch (error) {
        socket.close(WebSocketClose.Forbidden, toPublicError(error).error.message);
        return false;
      }
      // (Never null: the authorization is not empty.) The client may have left while the token
      // was checked: then nothing is counted.
      if (principal === null || socket.readyState !== socket.OPEN) return false;
      const held = sockets.get(principal.id) ?? 0;
      if (held >= MAX_SOCKETS_PER_PRINCIPAL) {
        socket.close(WebSocketClose.TooManySockets, `At most ${MAX_SOCKETS_PER_PRINCIPAL} sockets per caller`);
        return false;
      }
      sockets.set(principal.id, held + 1);
      context.extra.authorization = authorization;
      context.extra.principal = principal;
      return true;
    },
    // Called only for acknowledged sockets: exactly those counted.
    onDisconnect(context) {
      const id = context.extra.principal!.id;
      const held = sockets.get(id)! - 1;
      if (held === 0) sockets.delete(id);
      else sockets.set(id, held);
    },
    async onSubscribe(context, _id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
      const req = withAuthorization(context.extra.request, context.extra.authorization!);
      const { retryAfter } = await charge(req, 1);
      if (retryAfter !== null) return [rateLimited(retryAfter)];
      const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
        req,
        socket: context.extra.socket,
        params: payload,
      });
      let document: DocumentNode;
      let contextValue: ApiContext;
      try {
        document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        contextValue = await contextFactory();
      } catch (error) {
        return [toPublicError(error).error];
      }
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables,
        contextValue,
        // yoga's enveloped execute and subscribe, with every plugin, reach `execute` and `subscribe` below this way.
        rootValue: { execute, subscribe },
      };
    },
    execute: (args) => (args.rootValue as Enveloped).execute(args),
    subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
    onNext: (_context, _id, _payload, _args, result) =>
      result.errors ? { ...result, errors: result.errors.map(toWire) } : undefined,
    // Errors sent as `error` (refused before execution, or a subscription that failed) were not through yoga's masking.
    onError: (_context, _id, _payload, errors) =>
      errors.map((error) => {
        const mapped = toPublicError(error);
        if (mapped.unexpected) logger.error({ err: error }, 'unexpected GraphQL error over WebSocket');
        return toWire(mapped.error);
      }),
  });
}

/** yoga's enveloped engine, carried to graphql-ws's `execute` and `subscribe` as the root value. */
interface Enveloped {
  execute(args: ExecutionArgs): Promise<ExecutionResult> | ExecutionResult;
  subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;
}

/**
 * The upgrade request as if it carried the connection's token in its `Authorization` header: the
 * rate limit and the GraphQL context read the caller from there, so an operation over the socket
 * is charged to and run for the same principal as over HTTP. A fresh one per operation, because
 * {@link RequestPrincipal} remembers a request's principal for the request's lifetime.
 */
function withAuthorization(request: FastifyRequest, authorization: string): FastifyRequest {
  return Object.create(request, { headers: { value: { ...request.headers, authorization } } });
}

/**
 * An error as the socket sends it: without `extensions.http` (the HTTP status and headers yoga
 * answers an HTTP request with, meaningless here) and, outside development, without the
 * suggestions yoga's result processing takes out of HTTP answers (`schemaPrivacy`), a step the
 * socket does not pass.
 */
function wireError(environment: ApiConfig['environment']): (error: GraphQLError) => GraphQLFormattedError {
  return (error) => {
    const { http: _http, ...extensions } = error.extensions;
    const json = (environment === 'development' ? error : withoutSuggestion(error)).toJSON();
    return { ...json, extensions };
  };
}
