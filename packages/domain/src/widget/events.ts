import { z } from 'zod';
import { defineEvent } from '../shared/messages.js';
import { LocalizedText, WidgetKey, WidgetTopic } from './commands.js';

/** A widget definition as recorded: its origins normalised (`normalizeOrigin`). */
export const RecordedWidgetDefinition = z
  .object({
    name: z.string(),
    allowedOrigins: z.array(z.string()),
    topics: z.array(WidgetTopic),
    greeting: LocalizedText.nullable(),
  })
  .strict();
export type RecordedWidgetDefinition = z.infer<typeof RecordedWidgetDefinition>;

/** A widget key was added (version 1) or its definition replaced; the event holds it whole. */
export const WidgetConfigured = defineEvent('WidgetConfigured', {
  widgetKey: WidgetKey,
  version: z.int().positive(),
  definition: RecordedWidgetDefinition,
});

/** A widget key was removed. */
export const WidgetRemoved = defineEvent('WidgetRemoved', { widgetKey: WidgetKey, version: z.int().positive() });

/** Every event of the widget configuration stream. */
export const WidgetEvent = z.discriminatedUnion('type', [WidgetConfigured, WidgetRemoved]);
export type WidgetEvent = z.infer<typeof WidgetEvent>;

/** The widget configuration stream's event types, for the event schema registry. */
export const WIDGET_EVENT_TYPES: readonly WidgetEvent['type'][] = WidgetEvent.options.map(
  (option) => option.shape.type.value,
);
