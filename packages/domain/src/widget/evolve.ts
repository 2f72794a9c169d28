import type { WidgetEvent } from './events.js';
import type { WidgetConfiguration } from './state.js';

/** Applies one widget configuration event. */
export function evolveWidgets(state: WidgetConfiguration, event: WidgetEvent): WidgetConfiguration {
  const { widgetKey, version } = event.data;
  const lastVersions = { ...state.lastVersions, [widgetKey]: version };
  switch (event.type) {
    case 'WidgetConfigured':
      return {
        widgets: { ...state.widgets, [widgetKey]: { widgetKey, version, definition: event.data.definition } },
        lastVersions,
      };
    case 'WidgetRemoved': {
      const { [widgetKey]: _removed, ...widgets } = state.widgets;
      return { widgets, lastVersions };
    }
  }
}
