import { listWidgets, type WidgetView } from '@support-engine/projections';
import { ApiError } from '../errors/codes.js';
import type { ApiContext } from '../graphql/context.js';
import { defineQuery } from '../graphql/secure.js';
import { currentWidget } from '../widget-identity/directory.js';
import { identitySecretOf } from '../widget-identity/secrets.js';

/** A widget key as GraphQL answers it: its texts as lists by language. */
function widgetOut(view: WidgetView) {
  const texts = (record: Record<string, string>) =>
    Object.entries(record).map(([language, text]) => ({ language, text }));
  return {
    ...view,
    topics: view.topics.map((topic) => ({ ...topic, label: texts(topic.label) })),
    greeting: view.greeting === null ? null : texts(view.greeting),
  };
}

/** The chat widget keys by key, as the `widgets` read model holds them now. */
export async function widgetsFor(context: ApiContext) {
  return (await listWidgets(context.services.deps.db)).map(widgetOut);
}

/** The chat widget keys by key (the `widgets` read model). */
export const widgets = defineQuery<Record<string, never>>('widgets', async (_args, context) => widgetsFor(context));

/** One chat widget key, or null when it is not configured. */
export const widget = defineQuery<{ widgetKey: string }>('widgets', async ({ widgetKey }, context) => {
  const [view] = await listWidgets(context.services.deps.db, { widgetKey });
  return view === undefined ? null : widgetOut(view);
});

/**
 * The identity secret of a configured widget key (admins, per the policy table): derived on each
 * call from the deployment's widget secret, never stored; the key as the log holds it (no lag). `NOT_FOUND` for a key not configured,
 * `WIDGETS_NOT_CONFIGURED` when the deployment has no widget secret.
 */
export const widgetIdentitySecret = defineQuery<{ widgetKey: string }>(null, async ({ widgetKey }, context) => {
  const { secret } = context.services.config.widget;
  if (secret === null)
    throw new ApiError('WIDGETS_NOT_CONFIGURED', 'This deployment has no widget secret (SUPPORT_WIDGET_SECRET)');
  if ((await currentWidget(context.services.bus, widgetKey)) === undefined)
    throw new ApiError('NOT_FOUND', `There is no widget key ${widgetKey}`);
  return identitySecretOf(secret, widgetKey);
});
