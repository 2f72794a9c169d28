import { WIDGET_EVENT_TYPES, type WidgetEvent } from '@support-engine/domain/widget';
import type { ProjectedEvent } from '../../events.js';
import type { Projection, ReadModelTransaction } from '../../projection.js';

/** Options of {@link createWidgetsProjection}. */
export interface WidgetsProjectionOptions {
  /** Checkpoint and lock name; `widgets` by default. */
  readonly name?: string;
}

/**
 * The `widgets` read model: one row per chat widget key (table `widgets`), for the screens that
 * list them. The widget's own endpoints never read it: they fold the stream, which cannot lag.
 */
export function createWidgetsProjection(options: WidgetsProjectionOptions = {}): Projection {
  return {
    name: options.name ?? 'widgets',
    eventTypes: new Set(WIDGET_EVENT_TYPES),
    tables: ['widgets'],
    apply: (trx, event) => applyWidgetEvent(trx, event as ProjectedEvent<WidgetEvent>),
  };
}

async function applyWidgetEvent(trx: ReadModelTransaction, event: ProjectedEvent<WidgetEvent>): Promise<void> {
  const { widgetKey, version, at } = event.data;
  switch (event.type) {
    case 'WidgetConfigured': {
      const { name, allowedOrigins, topics, greeting } = event.data.definition;
      const row = {
        name,
        allowed_origins: JSON.stringify(allowedOrigins),
        topics: JSON.stringify(topics),
        greeting: greeting === null ? null : JSON.stringify(greeting),
        version,
        updated_at: at,
      };
      await trx
        .insertInto('widgets')
        .values({ widget_key: widgetKey, ...row })
        .onConflict((conflict) => conflict.column('widget_key').doUpdateSet(row))
        .execute();
      return;
    }
    case 'WidgetRemoved':
      await trx.deleteFrom('widgets').where('widget_key', '=', widgetKey).execute();
      return;
  }
}
