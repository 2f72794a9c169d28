import { type Catalogue, en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';
import { fill, type Language } from './language.ts';

/**
 * Every language's catalogue at once, for tests and tools. The desk itself loads its user's
 * language only (`catalogue.ts`); importing these values into the app would put both in every page.
 */
export const CATALOGUES = { en, fr } as const satisfies Record<Language, Catalogue>;

/** `key`'s message in `language`, each `{name}` replaced by `values.name` (tests; the desk uses `t()`). */
export function translate(
  language: Language,
  key: MessageKey,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return fill(CATALOGUES[language][key], values);
}

export { type Language, languageOf } from './language.ts';
export type { MessageKey };
