import type { RecordedWidgetDefinition } from './events.js';

/** One configured widget key at its latest version. */
export interface Widget {
  readonly widgetKey: string;
  readonly version: number;
  readonly definition: RecordedWidgetDefinition;
}

/**
 * The deployment's widget keys (stream `widgets-default`), by key: one stream, so a key is
 * configured once, and the last version of every key ever configured (kept after a removal, so
 * a key added again goes on from there).
 */
export interface WidgetConfiguration {
  readonly widgets: Readonly<Record<string, Widget>>;
  readonly lastVersions: Readonly<Record<string, number>>;
}

/** The configuration before any event: no widget key. */
export const EMPTY_WIDGET_CONFIGURATION: WidgetConfiguration = { widgets: {}, lastVersions: {} };
