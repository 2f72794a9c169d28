import type { CommandBus } from '@support-engine/application';
import type { Checkpoint } from '@support-engine/eventstore';
import type { ReadModelTables } from '@support-engine/projections';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { WidgetConfig } from '../config.js';
import { registerWidgetConfigRoute } from './config-route.js';
import { registerWidgetSessionRoute } from './session-route.js';

/** What the widget's endpoints use. */
export interface WidgetRoutesDeps {
  readonly bus: CommandBus;
  readonly db: Kysely<ReadModelTables>;
  readonly clock: () => Date;
  readonly config: WidgetConfig;
  /** Waits until the chats and tickets read models include `checkpoint` (a merge's), at most the consistency wait. */
  readonly settle: (checkpoint: Checkpoint) => Promise<void>;
}

/** The chat widget's two endpoints under `/widget/v1/` (docs/widget.md): its configuration and its sessions. */
export function widgetIdentityRoutes(deps: WidgetRoutesDeps) {
  return async (app: FastifyInstance) => {
    registerWidgetConfigRoute(app, deps);
    registerWidgetSessionRoute(app, deps);
  };
}
