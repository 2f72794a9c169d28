import type { CombinedError } from '@urql/core';
import { en, type MessageKey } from '../i18n/en.ts';
import { t } from '../i18n/locale.svelte.ts';

/**
 * A refused chat command in the user's words: the refusal's stable code as the catalogue's
 * sentence (`chat.error.<CODE>`), or the generic message with the API's own words for a code the
 * console has no sentence for.
 */
export function refusal(error: CombinedError): string {
  const first = error.graphQLErrors[0];
  const code = first?.extensions.code;
  const key = `chat.error.${String(code)}`;
  if (typeof code === 'string' && key in en) return t(key as MessageKey, { reason: first?.message ?? '' });
  return t('error.generic', { reason: first?.message ?? error.message });
}
