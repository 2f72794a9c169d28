import type { CommandBus } from '@support-engine/application';
import { chatAvailability } from '@support-engine/domain/chat';
import { originAllowed, type Widget, widgetChatOpen } from '@support-engine/domain/widget';
import { chatAgentCapacities, type ReadModelTables } from '@support-engine/projections';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { currentWidget } from './directory.js';
import { refuseWidget } from './refusal.js';

/** What the configuration endpoint reads. */
export interface WidgetConfigDeps {
  readonly bus: CommandBus;
  readonly db: Kysely<ReadModelTables>;
  readonly clock: () => Date;
}

/** The path the loader reads a widget key's configuration from. */
export const WIDGET_CONFIG_PATH = '/widget/v1/config';

const Query = z.object({ key: z.string().min(1).max(100), hostOrigin: z.string().max(300).optional() });

/** How long a browser may keep a preflight's answer (the key's origins rarely change). */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * `GET /widget/v1/config?key=` (docs/widget.md#the-configuration): the key's name, topics and
 * greeting, and whether a chat is offered now (`chat.open`, the domain's `widgetChatOpen`), to a
 * page of one of the key's origins only: `Access-Control-Allow-Origin` names that origin (with
 * `Vary: Origin`); any other origin is refused (403 `WIDGET_ORIGIN_REFUSED`, no CORS header), an
 * unknown key is 404 `WIDGET_NOT_FOUND`. The preflight (`OPTIONS`) answers by the same rule. The
 * origin checked is the request's `Origin`; a request without one (the widget's own frame, same
 * origin as the API) names the host page's in `hostOrigin`.
 */
export function registerWidgetConfigRoute(app: FastifyInstance, deps: WidgetConfigDeps): void {
  // CORS here is the key's, never the API's configured origins.
  const config = { cors: false } as const;
  app.get(WIDGET_CONFIG_PATH, { config }, async (req, reply) => {
    const widget = await allowedWidget(req, reply, deps);
    if (widget === undefined) return reply;
    const { definition, widgetKey } = widget;
    const now = deps.clock();
    const availability = chatAvailability(await deps.bus.configuration.current(), now);
    const open = widgetChatOpen(availability, await chatAgentCapacities(deps.db));
    return reply.header('cache-control', 'no-store').send({
      widgetKey,
      name: definition.name,
      topics: definition.topics,
      greeting: definition.greeting,
      chat: { open },
    });
  });
  app.options(WIDGET_CONFIG_PATH, { config }, async (req, reply) => {
    if ((await allowedWidget(req, reply, deps)) === undefined) return reply;
    return reply
      .status(204)
      .header('access-control-allow-methods', 'GET')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_S))
      .send();
  });
}

/**
 * The key's configuration when the request's origin is one of its origins (the CORS headers then
 * set); undefined once the refusal is answered.
 */
async function allowedWidget(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: WidgetConfigDeps,
): Promise<Widget | undefined> {
  reply.header('vary', 'Origin');
  const query = Query.safeParse(req.query);
  if (!query.success) {
    refuseWidget(reply, 'BAD_USER_INPUT', 'Name the widget key: ?key=wk_...');
    return undefined;
  }
  const widget = await currentWidget(deps.bus, query.data.key);
  if (widget === undefined) {
    refuseWidget(reply, 'WIDGET_NOT_FOUND', `There is no widget key ${query.data.key}`);
    return undefined;
  }
  const origin = req.headers.origin;
  if (!originAllowed(widget, origin ?? query.data.hostOrigin)) {
    refuseWidget(reply, 'WIDGET_ORIGIN_REFUSED', 'This page’s origin may not embed this widget key');
    return undefined;
  }
  if (origin !== undefined) reply.header('access-control-allow-origin', origin);
  return widget;
}
