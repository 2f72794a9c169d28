import { MAX_WIDGET_LANGUAGES, WIDGET_CONFIGURATION_ID, type WidgetCommand } from '@support-engine/domain/widget';
import { z } from 'zod';
import { type CommandEnv, type CommandOutcome, type CommandSpec, defineMutation } from './spec.js';

/** Sends one command to the widget configuration stream; the outcome's id is the widget key. */
async function send(
  env: CommandEnv,
  command: WidgetCommand & { data: { widgetKey: string } },
): Promise<CommandOutcome> {
  const sent = await env.bus.send('widgets', WIDGET_CONFIGURATION_ID, command, env.principal, env.commandId);
  return { id: command.data.widgetKey.trim(), sent };
}

// Shapes and sizes only: the domain checks the key, the origins, the topics and the texts (one
// place for their rules and codes).
const Key = z.string().max(100);
const Texts = z
  .array(z.object({ language: z.string().max(35), text: z.string().max(1_000) }).strict())
  .max(MAX_WIDGET_LANGUAGES);
/** GraphQL's list of texts by language, as the domain's record of them (a language given twice: the last). */
const byLanguage = (texts: z.infer<typeof Texts>) =>
  Object.fromEntries(texts.map(({ language, text }) => [language, text]));

const configure = z
  .object({
    widgetKey: Key,
    name: z.string().max(1_000),
    allowedOrigins: z.array(z.string().max(1_000)).max(100),
    topics: z
      .array(z.object({ id: z.string().max(100), label: Texts, categoryId: z.string().max(200) }).strict())
      .max(100)
      .default([]),
    greeting: Texts.nullable().default(null),
    adding: z.boolean().default(false),
  })
  .strict();

/** The mutations of the chat widget keys (docs/widget.md#widget-keys): admins only, per the policy table. */
export const WIDGET_COMMANDS = {
  configureWidget: defineMutation(
    'Adds a chat widget key (adding: true refuses a key configured already, WIDGET_KEY_TAKEN) or replaces its definition: its name, the origins that may embed it, its pre-chat topics and greeting.',
    configure,
    ({ widgetKey, adding, topics, greeting, ...rest }, env) =>
      send(env, {
        type: 'ConfigureWidget',
        data: {
          widgetKey,
          adding,
          definition: {
            ...rest,
            topics: topics.map((topic) => ({ ...topic, label: byLanguage(topic.label) })),
            greeting: greeting === null || greeting.length === 0 ? null : byLanguage(greeting),
          },
        },
      }),
  ),
  removeWidget: defineMutation(
    'Removes a chat widget key: its configuration and sessions are refused from then on (WIDGET_NOT_FOUND); the customers it made stay.',
    z.object({ widgetKey: Key }).strict(),
    ({ widgetKey }, env) => send(env, { type: 'RemoveWidget', data: { widgetKey } }),
  ),
} satisfies Record<string, CommandSpec>;
