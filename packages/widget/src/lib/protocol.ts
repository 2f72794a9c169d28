/**
 * The messages the loader (on the host page) and the frame (on the engine's origin) exchange with
 * `postMessage`. Each side checks the sender's origin and window before reading one, and this
 * module checks its shape: anything else posted to either window is ignored.
 */

/** Marks the widget's messages among whatever else the windows receive. */
export const CHANNEL = 'support-widget';

/** A signed-in user of the host site, as its server signed them (see docs/widget.md). */
export interface Identity {
  readonly userId: string;
  readonly email: string;
  readonly name?: string;
  readonly hash: string;
}

/** A pre-chat topic of the widget key: its label in the visitor's language, the category it routes to. */
export interface Topic {
  readonly id: string;
  readonly label: string;
  readonly categoryId: string;
}

/** What `GET /widget/v1/config` says of a widget key (the label of each topic in the page's language). */
export interface WidgetConfig {
  readonly widgetKey: string;
  readonly name: string;
  readonly topics: readonly Topic[];
  readonly greeting: string | null;
  /** Whether an agent could take a chat now; the offline form otherwise. */
  readonly open: boolean;
}

/** From the loader to the frame. */
export type ToFrame =
  | {
      readonly channel: typeof CHANNEL;
      readonly kind: 'init';
      readonly config: WidgetConfig;
      readonly identity: Identity | null;
    }
  | { readonly channel: typeof CHANNEL; readonly kind: 'identity'; readonly identity: Identity }
  | { readonly channel: typeof CHANNEL; readonly kind: 'visibility'; readonly open: boolean };

/** From the frame to the loader. */
export type ToLoader =
  | { readonly channel: typeof CHANNEL; readonly kind: 'ready' }
  | { readonly channel: typeof CHANNEL; readonly kind: 'unread'; readonly count: number }
  | { readonly channel: typeof CHANNEL; readonly kind: 'close' };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isText = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/** `value` as an {@link Identity} when it is one (strings of sensible lengths), else null. */
export function identityOf(value: unknown): Identity | null {
  if (!isRecord(value)) return null;
  const { userId, email, name, hash } = value;
  if (!isText(userId, 200) || !isText(email, 320) || !isText(hash, 128)) return null;
  if (name !== undefined && !isText(name, 200)) return null;
  return name === undefined ? { userId, email, hash } : { userId, email, name, hash };
}

/**
 * A label given as text, per language (`{ en, fr }`) or as a list of `{ language, text }`: the one
 * of `language`, else the first.
 */
function labelOf(value: unknown, language: string): string | null {
  if (isText(value, 500)) return value;
  const pairs: [string, unknown][] = Array.isArray(value)
    ? value.filter(isRecord).map((entry) => [String(entry.language ?? ''), entry.text])
    : isRecord(value)
      ? Object.entries(value)
      : [];
  const texts = pairs.filter((pair): pair is [string, string] => isText(pair[1], 500));
  return (texts.find(([tag]) => tag === language) ?? texts[0])?.[1] ?? null;
}

/**
 * The body of `GET /widget/v1/config` (or the config the loader passes on), with each topic's
 * label in `language`; null when it is not one.
 */
export function widgetConfigOf(value: unknown, language: string): WidgetConfig | null {
  if (!isRecord(value) || !isText(value.widgetKey, 200) || !Array.isArray(value.topics)) return null;
  const chat = value.chat;
  const open = isRecord(chat) ? chat.open === true : value.open === true;
  const topics: Topic[] = [];
  for (const topic of value.topics) {
    if (!isRecord(topic) || !isText(topic.id, 200) || !isText(topic.categoryId, 200)) return null;
    const label = labelOf(topic.label, language);
    if (label === null) return null;
    topics.push({ id: topic.id, label, categoryId: topic.categoryId });
  }
  return {
    widgetKey: value.widgetKey,
    name: isText(value.name, 200) ? value.name : '',
    topics,
    greeting: labelOf(value.greeting, language),
    open,
  };
}

/** The message the frame received, when it is one of {@link ToFrame}. */
export function toFrame(data: unknown): ToFrame | null {
  if (!isRecord(data) || data.channel !== CHANNEL) return null;
  if (data.kind === 'init') {
    const identity = data.identity === null ? null : identityOf(data.identity);
    const config = widgetConfigOf(data.config, '');
    if (config === null || (data.identity !== null && identity === null)) return null;
    return { channel: CHANNEL, kind: 'init', config, identity };
  }
  if (data.kind === 'identity') {
    const identity = identityOf(data.identity);
    return identity === null ? null : { channel: CHANNEL, kind: 'identity', identity };
  }
  if (data.kind === 'visibility' && typeof data.open === 'boolean')
    return { channel: CHANNEL, kind: 'visibility', open: data.open };
  return null;
}

/** The message the loader received, when it is one of {@link ToLoader}. */
export function toLoader(data: unknown): ToLoader | null {
  if (!isRecord(data) || data.channel !== CHANNEL) return null;
  if (data.kind === 'ready' || data.kind === 'close') return { channel: CHANNEL, kind: data.kind };
  if (data.kind === 'unread' && Number.isInteger(data.count) && (data.count as number) >= 0)
    return { channel: CHANNEL, kind: 'unread', count: data.count as number };
  return null;
}
