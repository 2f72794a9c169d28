import type { Catalogue, MessageKey } from './en.ts';
import type { Language } from './language.ts';

/**
 * Each language's catalogue, fetched when the desk starts (the root layout's `load`): a user
 * downloads their own language's only, a chunk of its own (see `vite-plugins/catalogue-per-language.ts`).
 * Nothing the browser runs imports `en.ts`, `fr.ts` or `index.ts` for their values: that would
 * bring a catalogue into every page (`runtime-imports.unit.test.ts` checks).
 */
const LOADERS: Readonly<Record<Language, () => Promise<Catalogue>>> = {
  en: async () => (await import('./en.ts')).en,
  fr: async () => (await import('./fr.ts')).fr,
};

let current: Catalogue | undefined;

/** Fetches `language`'s catalogue; {@link messageOf} then answers from it. */
export async function loadCatalogue(language: Language): Promise<void> {
  current = await LOADERS[language]();
}

/** Answers from `catalogue` from now on (tests, which import catalogues directly). */
export function useCatalogue(catalogue: Catalogue): void {
  current = catalogue;
}

/** Whether `key` is a message (every catalogue has the same keys): a code or value the desk words. */
export function hasMessage(key: string): key is MessageKey {
  return key in loaded();
}

/** `key`'s message in the loaded language. */
export function messageOf(key: MessageKey): string {
  return loaded()[key];
}

function loaded(): Catalogue {
  if (current === undefined) throw new Error('the catalogue is not loaded yet (the root layout loads it)');
  return current;
}
