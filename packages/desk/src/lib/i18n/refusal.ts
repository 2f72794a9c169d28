import type { CombinedError } from '@urql/core';
import { hasMessage } from './catalogue.ts';
import { t } from './locale.svelte.ts';

/**
 * A refusal as a sentence in the user's language: `<area>.error.<CODE>` when the area's catalogue
 * words that stable code (given the API's own words as `{reason}` or `{detail}`), else the generic
 * message with them. `error` may also be a code on its own.
 */
export function refusalIn(area: string, error: CombinedError | string): string {
  const first = typeof error === 'string' ? undefined : error.graphQLErrors[0];
  const code = typeof error === 'string' ? error : first?.extensions.code;
  const words = first?.message ?? (typeof error === 'string' ? error : error.message);
  const key = `${area}.error.${String(code)}`;
  if (hasMessage(key)) return t(key, { reason: words, detail: words });
  return t('error.generic', { reason: words });
}
