import type { CombinedError } from '@urql/core';
import { t } from '../i18n/locale.svelte.ts';

/** The refusals of the widget keys' configuration, each worded in `widgets.error.<CODE>`. */
export const WIDGET_REFUSALS = [
  'WIDGET_KEY_TAKEN',
  'WIDGET_ORIGIN_INVALID',
  'WIDGET_TOPIC_DUPLICATE',
  'WIDGET_TOPIC_CATEGORY_UNKNOWN',
  'WIDGETS_NOT_CONFIGURED',
] as const;
export type WidgetRefusal = (typeof WIDGET_REFUSALS)[number];

/** What was sent, so a refusal naming an entry by its place can name it by what the admin typed. */
export interface Sent {
  readonly allowedOrigins?: readonly string[];
  readonly topics?: readonly { readonly id: string }[];
}

/** The index at the end of the path of the refusal's first issue (`definition.allowedOrigins.2`), if any. */
function indexOf(extensions: Record<string, unknown>): number | null {
  const issues = extensions.issues;
  if (!Array.isArray(issues)) return null;
  const path: unknown = issues[0]?.path;
  const match = typeof path === 'string' ? /\.(\d+)(?:\.\w+)?$/.exec(path) : null;
  return match ? Number(match[1]) : null;
}

/**
 * The widget refusal among `error`'s as a sentence naming the origin or topic it is about (the
 * API names it by its place in the list sent), or null when there is none.
 */
export function widgetRefusalText(error: Pick<CombinedError, 'graphQLErrors'>, sent: Sent = {}): string | null {
  for (const graphQLError of error.graphQLErrors) {
    const code = graphQLError.extensions.code as WidgetRefusal;
    if (!WIDGET_REFUSALS.includes(code)) continue;
    const index = indexOf(graphQLError.extensions);
    const origin = index === null ? undefined : sent.allowedOrigins?.[index];
    const topic = index === null ? undefined : sent.topics?.[index];
    return t(`widgets.error.${code}`, {
      origin: origin ?? '',
      topic: topic?.id ?? '',
      position: index === null ? '' : String(index + 1),
    });
  }
  return null;
}
