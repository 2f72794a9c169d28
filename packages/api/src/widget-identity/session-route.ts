import { randomUUID } from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import { type CommandBus, identifiedCustomer, registerVisitor } from '@support-engine/application';
import { originAllowed } from '@support-engine/domain/widget';
import type { FastifyInstance } from 'fastify';
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
  readonly config: WidgetConfig;
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
 * key's, forged) is as none: a new visitor.
 */
export function registerWidgetSessionRoute(app: FastifyInstance, deps: WidgetSessionDeps): void {
  const { bus, config } = deps;
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
    let customerId: string;
    if (identity !== undefined) customerId = await identifiedCustomer(bus, widgetKey, identity);
    else if (visitor !== undefined) customerId = visitor;
    else {
      const retryAfter = await newVisitors(req);
      if (retryAfter !== null)
        return refuseWidget(
          reply.header('retry-after', String(retryAfter)),
          'RATE_LIMITED',
          `Too many new visitors from this address, retry in ${retryAfter} s`,
        );
      customerId = `visitor-${randomUUID()}`;
      await registerVisitor(bus, customerId);
    }
    const { token, expiresAt } = await mintCustomerToken(
      widgetCustomerTokens(config.secret),
      customerId,
      now,
      config.tokenTtlSeconds,
      { wk: widgetKey },
    );
    const renewal = await mintVisitorToken(
      visitorTokenKey(config.secret),
      customerId,
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
