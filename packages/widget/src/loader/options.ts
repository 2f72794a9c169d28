/** What a site sets on the loader's `<script>` tag. */
export interface LoaderOptions {
  /** The engine's origin: where the script came from. */
  readonly engine: string;
  readonly widgetKey: string;
  /** The launcher's colour (a CSS hex colour). */
  readonly colour: string;
  readonly position: 'left' | 'right';
  readonly language: 'en' | 'fr';
  /** Shown as the frame's first line instead of the key's greeting. */
  readonly greeting: string | null;
}

/** The launcher's colour when the tag sets none (or one that is no hex colour). */
export const DEFAULT_COLOUR = '#1f5fbf';

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** The widget's language code of a BCP 47 tag (`fr-CA` → `fr`), or null when it speaks no such language. */
const spoken = (tag: string): LoaderOptions['language'] | null => {
  const code = tag.trim().slice(0, 2).toLowerCase();
  return code === 'en' || code === 'fr' ? code : null;
};

/**
 * The options of the loader's tag: `src` (the engine), `data-key` (required), `data-colour`,
 * `data-position`, `data-language` (else the visitor's first browser language when the widget
 * speaks it, else the host page's `lang`, else English), `data-greeting`.
 * Null without a key or a usable `src`: the loader then shows nothing.
 */
export function readOptions(
  attribute: (name: string) => string | null,
  src: string,
  pageLanguage: string,
  visitorLanguages: readonly string[] = [],
): LoaderOptions | null {
  const widgetKey = attribute('data-key')?.trim();
  if (!widgetKey) return null;
  let engine: string;
  try {
    engine = new URL(src).origin;
  } catch {
    return null;
  }
  const colour = attribute('data-colour')?.trim() ?? '';
  const pinned = attribute('data-language');
  // A site that pins a language gets it; otherwise the visitor reads the widget in their own.
  const language =
    (pinned === null ? null : spoken(pinned)) ?? spoken(visitorLanguages[0] ?? '') ?? spoken(pageLanguage) ?? 'en';
  const greeting = attribute('data-greeting')?.trim();
  return {
    engine,
    widgetKey,
    colour: HEX.test(colour) ? colour : DEFAULT_COLOUR,
    position: attribute('data-position') === 'left' ? 'left' : 'right',
    language,
    greeting: greeting ? greeting.slice(0, 500) : null,
  };
}

/** The frame's address for these options (the key in it: the engine frames it for that key's origins only). */
export function frameUrl(options: LoaderOptions): string {
  const url = new URL('/widget', options.engine);
  url.searchParams.set('key', options.widgetKey);
  url.searchParams.set('lang', options.language);
  if (options.greeting !== null) url.searchParams.set('greeting', options.greeting);
  return url.href;
}

/** The host page's title while `unread` messages wait unseen in the closed widget. */
export function titleWith(title: string, unread: number): string {
  return unread > 0 ? `(${unread}) ${title}` : title;
}
