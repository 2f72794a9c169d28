// A widget key's form (docs/widget.md): its texts as the admin edits them, and the input
// configureWidget takes. The engine has the last word on every rule (origins, topics, key).

/** A text in one language, as the API gives and takes it. */
export interface LocalizedText {
  readonly language: string;
  readonly text: string;
}

/** The languages the desk edits a widget's texts in (the widget's own). */
export const WIDGET_LANGUAGES = ['en', 'fr'] as const;
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

/** A pre-chat topic being edited: its id, a label per language, its category. */
export interface TopicRow {
  id: string;
  label: Record<WidgetLanguage, string>;
  categoryId: string;
}

/** The whole form: the allowed origins one per line. */
export interface WidgetForm {
  widgetKey: string;
  name: string;
  origins: string;
  greeting: Record<WidgetLanguage, string>;
  topics: TopicRow[];
}

/** A widget key as read from the API (the fields the form needs). */
export interface WidgetRead {
  readonly widgetKey: string;
  readonly name: string;
  readonly allowedOrigins: readonly string[];
  readonly topics: readonly {
    readonly id: string;
    readonly label: readonly LocalizedText[];
    readonly categoryId: string;
  }[];
  readonly greeting: readonly LocalizedText[] | null;
}

/** The text of `texts` in `language`, '' when it has none. */
export const textIn = (texts: readonly LocalizedText[] | null, language: string): string =>
  texts?.find((text) => text.language === language)?.text ?? '';

const byLanguage = (texts: readonly LocalizedText[] | null): Record<WidgetLanguage, string> => ({
  en: textIn(texts, 'en'),
  fr: textIn(texts, 'fr'),
});

/** The form for `widget`, or for a new key. */
export function formOf(widget: WidgetRead | null): WidgetForm {
  return {
    widgetKey: widget?.widgetKey ?? 'wk_',
    name: widget?.name ?? '',
    origins: widget?.allowedOrigins.join('\n') ?? '',
    greeting: byLanguage(widget?.greeting ?? null),
    topics: (widget?.topics ?? []).map((topic) => ({
      id: topic.id,
      label: byLanguage(topic.label),
      categoryId: topic.categoryId,
    })),
  };
}

/** An empty topic, for the admin to fill in. */
export const blankTopic = (): TopicRow => ({ id: '', label: { en: '', fr: '' }, categoryId: '' });

/** The origins written one per line: each line trimmed, blank lines left out. */
export const originLines = (origins: string): string[] =>
  origins
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The texts given, as the API takes them (a language left empty is not sent); null when none is. */
export function localized(texts: Record<WidgetLanguage, string>): LocalizedText[] | null {
  const given = WIDGET_LANGUAGES.map((language) => ({ language, text: texts[language].trim() })).filter(
    (text) => text.text !== '',
  );
  return given.length > 0 ? given : null;
}

/** The input of configureWidget for `form` (`adding`: a new key, refused when it is taken). */
export function inputOf(form: WidgetForm, adding: boolean) {
  return {
    widgetKey: form.widgetKey.trim(),
    name: form.name.trim(),
    allowedOrigins: originLines(form.origins),
    topics: form.topics.map((topic) => ({
      id: topic.id.trim(),
      label: localized(topic.label) ?? [],
      categoryId: topic.categoryId,
    })),
    greeting: localized(form.greeting),
    adding,
  };
}

/** The shapes the engine takes (docs/widget.md); checked before sending, so a mistake is marked at once. */
export const WIDGET_KEY_SHAPE = /^wk_[A-Za-z0-9_-]{1,60}$/;
export const TOPIC_ID_SHAPE = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** What is wrong with the form, by field (`topic-<n>-id`, `topic-<n>-label`, `topic-<n>-category`). */
export type WidgetProblem = 'key' | 'name' | 'origins' | 'topicId' | 'topicLabel' | 'topicCategory';

/** The problems of `form` by field name, each a problem kind (the screen words them). */
export function widgetProblems(form: WidgetForm): Record<string, WidgetProblem | null> {
  const problems: Record<string, WidgetProblem | null> = {
    widgetKey: WIDGET_KEY_SHAPE.test(form.widgetKey.trim()) ? null : 'key',
    name: form.name.trim() === '' ? 'name' : null,
    origins: originLines(form.origins).length === 0 ? 'origins' : null,
  };
  form.topics.forEach((topic, index) => {
    problems[`topic-${index}-id`] = TOPIC_ID_SHAPE.test(topic.id.trim()) ? null : 'topicId';
    problems[`topic-${index}-label-en`] = localized(topic.label) === null ? 'topicLabel' : null;
    problems[`topic-${index}-category`] = topic.categoryId === '' ? 'topicCategory' : null;
  });
  return problems;
}

/** The `<script>` tag a host page adds (docs/widget.md), for this key on the engine at `engineOrigin`. */
export const embedSnippet = (engineOrigin: string, widgetKey: string): string =>
  `<script src="${engineOrigin}/widget/loader.js" data-key="${widgetKey}" async></script>`;

/**
 * How the host's server signs its signed-in users (docs/widget.md), in Node.js: the secret comes
 * from the server's environment, never written in a page.
 */
export const IDENTITY_EXAMPLE = `import { createHmac } from 'node:crypto';

// WIDGET_IDENTITY_SECRET: the identity secret shown above, kept on the server only.
function widgetIdentity(user) {
  const hash = createHmac('sha256', process.env.WIDGET_IDENTITY_SECRET)
    .update(\`\${user.id}\\n\${user.email}\`)
    .digest('hex');
  return { userId: user.id, email: user.email, name: user.name, hash };
}
// The page then calls window.SupportWidget.identify(widgetIdentity(currentUser)).`;
