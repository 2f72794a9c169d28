import { type Catalogue, en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';

/** The languages the desk speaks; English when the user's is none of them. */
export const CATALOGUES = { en, fr } as const satisfies Record<string, Catalogue>;
export type Language = keyof typeof CATALOGUES;

/** The first of the user's preferred languages (`fr-CA` counts as `fr`) the desk speaks. */
export function languageOf(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base !== undefined && base in CATALOGUES) return base as Language;
  }
  return 'en';
}

/** `key`'s message in `language`, each `{name}` replaced by `values.name`. */
export function translate(
  language: Language,
  key: MessageKey,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return CATALOGUES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

export type { MessageKey };
