import { authorize } from '../auth/guard.js';
import type { Operation } from '../auth/policy.js';
import { type Principal, principalValidUntil, TOKEN_EXPIRED_MESSAGE } from '../auth/tokens.js';
import { awaitTokenIn, checkLogToken, type ReadModel } from '../consistency.js';
import { ApiError } from '../errors/codes.js';
import { awaitOwnWrite } from '../own-writes.js';
import { EXPIRED, endingAt } from '../subscriptions/expiry.js';
import { releasingOnEnd } from '../subscriptions/slots.js';
import type { ApiContext } from './context.js';
import type { GraphQLFieldResolver, GraphQLResolveInfo } from './engine.js';

/** A root field resolver before it is bound to its operation name. */
export type Unbound = (operation: Operation) => GraphQLFieldResolver<unknown, ApiContext, Record<string, unknown>>;

/**
 * A query's own work, given arguments GraphQL has already typed and the authorized caller (and
 * the field's resolve info, for a body that computes only what the request selects).
 */
export type QueryBody<Args> = (
  args: Args,
  context: ApiContext,
  principal: Principal,
  info: GraphQLResolveInfo,
) => Promise<unknown>;

/**
 * A query field: authorization by the policy table, then (with a `consistencyToken`) a bounded
 * wait for each read model the body reads to include that write (without one, for the caller's
 * own last write: {@link awaitOwnWrite}), then the body. `reads` is
 * `null` for fields read from the event store, which is always at least as new as any token (a
 * token is still checked: a malformed one, or one past the log's end, is refused as anywhere).
 */
export function defineQuery<Args extends object>(
  reads: ReadModel | readonly ReadModel[] | null,
  body: QueryBody<Args>,
): Unbound {
  const readModels: readonly ReadModel[] = reads === null ? [] : typeof reads === 'string' ? [reads] : reads;
  return (operation) => async (_parent, args, context, info) => {
    const { owners, config } = context.services;
    const principal = await authorize(operation, context.principal, args, owners, config.publicHelpCenter);
    const token = typeof args.consistencyToken === 'string' ? args.consistencyToken : null;
    const { waiter, store } = context.services.deps;
    if (readModels.length === 0) await checkLogToken(store, token);
    await awaitTokenIn(waiter, store, readModels, token, config.consistencyWaitMs);
    if (token === null)
      await awaitOwnWrite(context.services.ownWrites, waiter, principal, readModels, config.consistencyWaitMs);
    // GraphQL validated and coerced the arguments against the schema, which declares Args.
    return body(args as Args, context, principal, info);
  };
}

/** A subscription field: `subscribe` and `resolve` as graphql-js expects them on a root field. */
export interface SubscriptionField {
  subscribe: GraphQLFieldResolver<unknown, ApiContext, Record<string, unknown>, Promise<AsyncIterable<unknown>>>;
  resolve: GraphQLFieldResolver<unknown, ApiContext, Record<string, unknown>>;
}

/**
 * A subscription field: authorization by the policy table once, when the client subscribes;
 * then every payload from `source` goes through `resolve` for the same caller. A source that
 * needs time to start (a connection to open) resolves once it receives, and only then is the
 * client answered. It ends when the caller's token expires, with a last payload holding the
 * `UNAUTHENTICATED` error: a caller whose access was withdrawn keeps nothing open past its token.
 */
export function defineSubscription<Args extends object, Payload>(
  source: (
    args: Args,
    context: ApiContext,
    principal: Principal,
  ) => AsyncIterable<Payload> | Promise<AsyncIterable<Payload>>,
  resolve: (payload: Payload, context: ApiContext, principal: Principal) => Promise<unknown> | unknown,
): (operation: Operation) => SubscriptionField {
  return (operation) => {
    const principals = new WeakMap<ApiContext, Principal>();
    return {
      async subscribe(_parent, args, context) {
        const principal = await authorize(operation, context.principal, args, context.services.owners);
        principals.set(context, principal);
        const release = context.services.subscriptionSlots.take(principal.id, context.connection);
        let stream: AsyncIterable<Payload>;
        try {
          stream = await source(args as Args, context, principal);
        } catch (error) {
          release();
          throw error;
        }
        const until = context.principal === null ? null : principalValidUntil(context.principal);
        return releasingOnEnd(until === null ? stream : endingAt(stream, until), release);
      },
      // Payloads only ever come from `source`, which produced `Payload`s for this context's caller.
      resolve: (payload, _args, context) => {
        if (payload === EXPIRED) throw new ApiError('UNAUTHENTICATED', TOKEN_EXPIRED_MESSAGE);
        return resolve(payload as Payload, context, principals.get(context)!);
      },
    };
  };
}
