import { randomUUID } from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import {
  type CommandBus,
  identifiedCustomer,
  mergeVisitor,
  registerVisitor,
  type VisitorMerge,
} from '@support-engine/application';
import { isDomainError } from '@support-engine/domain';
import { customerDecider } from '@support-engine/domain/customer';
import { originAllowed, type SessionVisitor, visitorMerge } from '@support-engine/domain/widget';
import type { Checkpoint } from '@support-engine/eventstore';
import { customerThreads, type ReadModelTables } from '@support-engine/projections';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { mintCustomerToken } from '../auth/customer-tokens.js';
import type { WidgetConfig } from '../config.js';
import { createBudget } from '../rate-limit.js';
import { currentWidget } from './directory.js';
import { refuseWidget } from './refusal.js';
import { identityHashValid, visitorTokenKey, widgetCustomerTokens } from './secrets.js';
import { mintVisitorToken, visitorOf } from './tokens.js';

/** What the session endpoint uses. */
export interface WidgetSessionDeps {
  readonly bus: CommandBus;
  /** The read models: the tickets a merged visitor holds. */
  readonly db: Kysely<ReadModelTables>;
  readonly config: WidgetConfig;
  /** Waits until the chats and tickets read models include `checkpoint` (`WidgetRoutesDeps.settle`). */
  readonly settle: (checkpoint: Checkpoint) => Promise<void>;
}

/** The path the widget's frame gets (and renews) its session from. */
export const WIDGET_SESSION_PATH = '/widget/v1/session';

const Body = z
  .object({
    widgetKey: z.string().min(1).max(100),
    hostOrigin: z.string().min(1).max(300),
    visitorToken: z.string().min(1).max(2_000).optional(),
    identity: z
      .object({
        userId: z.string().trim().min(1).max(128),
        email: z.email().max(320),
        name: z.string().trim().min(1).max(200).optional(),
        hash: z.string().max(200),
      })
      .strict()
      .optional(),
  })
  .strict();

/**
 * `POST /widget/v1/session` (docs/widget.md#sessions-and-identity-verification): a short-lived
 * customer token for the widget's visitor, and the visitor credential that renews it. Refused,
 * writing nothing: an unknown key (404 `WIDGET_NOT_FOUND`), a host origin the key does not list
 * (403 `WIDGET_ORIGIN_REFUSED`), an identity whose HMAC does not verify (401
 * `WIDGET_IDENTITY_INVALID`), one new visitor too many from one address for the key (429
 * `RATE_LIMITED`, `Retry-After`). A visitor credential that does not verify (expired, another
 * key's, forged), or names a visitor merged since, is as none: a new visitor. An anonymous
 * visitor's credential with a verified identity merges the visitor into the identified customer
 * (docs/widget.md#merging-a-visitor), once however often it is sent.
 */
export function registerWidgetSessionRoute(app: FastifyInstance, deps: WidgetSessionDeps): void {
  const { bus, db, config, settle } = deps;
  const newVisitors = createBudget(
    app,
    config.sessions,
    (req) => `widget:${(req.body as { widgetKey?: string }).widgetKey}:${normalizeIP(req.ip)}`,
  );
  app.post(WIDGET_SESSION_PATH, async (req, reply) => {
    if (config.secret === null)
      return refuseWidget(
        reply,
        'WIDGETS_NOT_CONFIGURED',
        'This deployment has no widget secret (SUPPORT_WIDGET_SECRET)',
      );
    const body = Body.safeParse(req.body);
    if (!body.success)
      return refuseWidget(reply, 'BAD_USER_INPUT', `Invalid session request: ${z.prettifyError(body.error)}`);
    const { widgetKey, hostOrigin, visitorToken, identity } = body.data;
    const widget = await currentWidget(bus, widgetKey);
    if (widget === undefined) return refuseWidget(reply, 'WIDGET_NOT_FOUND', `There is no widget key ${widgetKey}`);
    if (!originAllowed(widget, hostOrigin))
      return refuseWidget(reply, 'WIDGET_ORIGIN_REFUSED', 'This page’s origin may not embed this widget key');
    if (identity !== undefined && !identityHashValid(config.secret, widgetKey, identity))
      return refuseWidget(
        reply,
        'WIDGET_IDENTITY_INVALID',
        'The identity’s hash is not the HMAC-SHA256 of its user id and email with this key’s identity secret',
      );
    const now = new Date();
    const visitor =
      visitorToken === undefined
        ? undefined
        : await visitorOf(visitorTokenKey(config.secret), visitorToken, widgetKey, now);
    let session: SessionVisitor;
    if (identity !== undefined) {
      session = { customerId: await identifiedCustomer(bus, widgetKey, identity), anonymous: false };
      const merged = await mergeInto(bus, visitorMerge(visitor, session.customerId), async (customerId, at) => {
        await settle(at);
        return (await customerThreads(db, customerId)).tickets;
      });
      // The identified customer reads their chats as soon as the answer arrives (the open one too).
      if (merged !== null) await settle(merged);
    } else if (
      visitor !== undefined &&
      (await bus.fold('customer', visitor.customerId, customerDecider)).mergedInto === null
    )
      session = visitor;
    else {
      const retryAfter = await newVisitors(req);
      if (retryAfter !== null)
        return refuseWidget(
          reply.header('retry-after', String(retryAfter)),
          'RATE_LIMITED',
          `Too many new visitors from this address, retry in ${retryAfter} s`,
        );
      session = { customerId: `visitor-${randomUUID()}`, anonymous: true };
      await registerVisitor(bus, session.customerId);
    }
    const { customerId } = session;
    const { token, expiresAt } = await mintCustomerToken(
      widgetCustomerTokens(config.secret),
      customerId,
      now,
      config.tokenTtlSeconds,
      { wk: widgetKey },
    );
    const renewal = await mintVisitorToken(
      visitorTokenKey(config.secret),
      session,
      widgetKey,
      now,
      config.visitorTtlSeconds,
    );
    return reply.header('cache-control', 'no-store').send({
      token,
      expiresAt: expiresAt.toISOString(),
      customerId,
      visitorToken: renewal,
      identified: identity !== undefined,
    });
  });
}

/**
 * Carries out the merge the session asks for, if any; resolves with a checkpoint covering it (null
 * when nothing was merged). A visitor merged into someone else already (another user signed in
 * with the same credential first) stays theirs: the session is the identified user's, with
 * nothing moved.
 */
async function mergeInto(
  bus: CommandBus,
  merge: { readonly from: string; readonly into: string } | null,
  ticketsOf: VisitorMerge['ticketsOf'],
): Promise<Checkpoint | null> {
  if (merge === null) return null;
  try {
    return (await mergeVisitor(bus, { ...merge, ticketsOf })).checkpoint;
  } catch (error) {
    if (isDomainError(error) && error.code === 'CUSTOMER_MERGED') return null;
    throw error;
  }
}
