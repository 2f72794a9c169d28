import { z } from 'zod';
import { defineCommand } from '../shared/messages.js';
import { parseOrThrow } from '../shared/validation.js';
import { LanguageTag } from '../shared/values.js';
import { CategoryInput } from '../ticket/values.js';

/** A widget key: public (it is in every host page's snippet), `wk_` then letters, digits, `_` or `-`. */
export const WidgetKey = z
  .string()
  .trim()
  .regex(/^wk_[A-Za-z0-9_-]{1,60}$/, 'expected a widget key such as wk_shop (wk_ then letters, digits, _ or -)');

/**
 * An origin a host page may embed the widget from, as an admin writes it (`https://shop.example.com`);
 * `normalizeOrigin` makes it the one form browsers send in `Origin`.
 */
const OriginInput = z.string().trim().min(1).max(300);

/** Most languages a widget text is given in. */
export const MAX_WIDGET_LANGUAGES = 5;

/** A text in each of the widget's languages, by language tag (`{ en: "Billing", fr: "Facturation" }`). */
export const LocalizedText = z
  .record(LanguageTag, z.string().trim().min(1).max(500))
  .refine((texts) => Object.keys(texts).length > 0, 'give the text in at least one language')
  .refine((texts) => Object.keys(texts).length <= MAX_WIDGET_LANGUAGES, `at most ${MAX_WIDGET_LANGUAGES} languages`);
export type LocalizedText = z.infer<typeof LocalizedText>;

/** A pre-chat topic: what the visitor picks, and the category (the SLA configuration's) its chat or ticket gets. */
export const WidgetTopic = z
  .object({
    id: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'expected a topic id of lower-case letters, digits, _ or -'),
    label: LocalizedText,
    categoryId: CategoryInput,
  })
  .strict();
export type WidgetTopic = z.infer<typeof WidgetTopic>;

/** What a widget key is: its name, the host origins allowed to embed it, its topics and greeting. */
export const WidgetDefinition = z
  .object({
    /** How the team calls it (shown in the desk and in the widget's header). */
    name: z.string().trim().min(1).max(200),
    /** The exact origins whose pages may embed it; refused everywhere else, on the API's side. */
    allowedOrigins: z.array(OriginInput).min(1).max(50),
    /** The pre-chat topics, in the order the widget shows them; none: no topic asked. */
    topics: z.array(WidgetTopic).max(30).default([]),
    /** The first line the widget shows, by language; none: the widget's own. */
    greeting: LocalizedText.nullable().default(null),
  })
  .strict();
export type WidgetDefinition = z.infer<typeof WidgetDefinition>;

/**
 * Adds a widget key or replaces its definition. `adding` says the admin means a new one: refused
 * when the key is configured already (`WIDGET_KEY_TAKEN`), so one admin's form never overwrites another's.
 */
export const ConfigureWidget = defineCommand('ConfigureWidget', {
  widgetKey: WidgetKey,
  definition: WidgetDefinition,
  adding: z.boolean().default(false),
});

/** Removes a widget key: its snippet stops loading, its sessions stop being issued. */
export const RemoveWidget = defineCommand('RemoveWidget', { widgetKey: WidgetKey });

/** Every command of the widget configuration stream. */
export const WidgetCommand = z.discriminatedUnion('type', [ConfigureWidget, RemoveWidget]);
/** A widget configuration command as callers write it. */
export type WidgetCommand = z.input<typeof WidgetCommand>;

/** The command, checked: `VALIDATION_FAILED` naming each bad field otherwise. */
export function parseWidgetCommand(input: unknown): z.infer<typeof WidgetCommand> {
  return parseOrThrow(WidgetCommand, input, 'widget command');
}
