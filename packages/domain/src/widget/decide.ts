import type { Actor } from '../shared/actor.js';
import { DomainError } from '../shared/errors.js';
import { provenance } from '../shared/messages.js';
import type { SlaCommandContext } from '../sla-config/context.js';
import { parseWidgetCommand, type WidgetCommand } from './commands.js';
import type { RecordedWidgetDefinition, WidgetEvent } from './events.js';
import { normalizeOrigins, requireKeyFree, requireValidTopics } from './rules.js';
import type { WidgetConfiguration } from './state.js';

/**
 * Decides a widget configuration command (docs/widget.md#widget-keys). Only admins (and the
 * system) configure widget keys. The key is new when adding (`WIDGET_KEY_TAKEN`), every origin
 * an origin (`WIDGET_ORIGIN_INVALID`, recorded normalised), the topics distinct and in the SLA
 * configuration's categories. Saving a key as it is writes nothing, so retries are harmless.
 */
export function decideWidgets(
  input: WidgetCommand,
  state: WidgetConfiguration,
  context: SlaCommandContext,
): WidgetEvent[] {
  const command = parseWidgetCommand(input);
  requireAdmin(context.actor);
  const meta = provenance(context);
  const { widgetKey } = command.data;
  const version = (state.lastVersions[widgetKey] ?? 0) + 1;
  const current = Object.hasOwn(state.widgets, widgetKey) ? state.widgets[widgetKey] : undefined;
  switch (command.type) {
    case 'ConfigureWidget': {
      const { definition: given, adding } = command.data;
      if (adding) requireKeyFree(state, widgetKey);
      requireValidTopics(given.topics, context.slaConfiguration);
      const definition: RecordedWidgetDefinition = { ...given, allowedOrigins: normalizeOrigins(given.allowedOrigins) };
      if (current && JSON.stringify(current.definition) === JSON.stringify(definition)) return [];
      return [{ type: 'WidgetConfigured', data: { ...meta, widgetKey, version, definition } }];
    }
    case 'RemoveWidget':
      if (!current) throw new DomainError('NOT_FOUND', `There is no widget key ${widgetKey}`, { widgetKey });
      return [{ type: 'WidgetRemoved', data: { ...meta, widgetKey, version } }];
  }
}

function requireAdmin(actor: Actor): void {
  if (actor.role === 'admin' || actor.role === 'system') return;
  throw new DomainError('FORBIDDEN', `${actor.role} ${actor.id} may not configure widget keys`, { role: actor.role });
}
