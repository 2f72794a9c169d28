/** Test support (not a test file): the corpus of malformed mail in `./corpus/`, byte for byte. */
import { readdirSync, readFileSync } from 'node:fs';

/** The corpus folder (its README describes each file). */
export const CORPUS_FOLDER = new URL('./corpus/', import.meta.url);

/** Every `.eml` file of the corpus, by name, in name order. */
export function readCorpus(): { readonly name: string; readonly raw: Buffer }[] {
  return readdirSync(CORPUS_FOLDER)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => ({ name, raw: readFileSync(new URL(name, CORPUS_FOLDER)) }));
}
