import type { CombinedError } from '@urql/core';
import { en, type MessageKey } from '../i18n/en.ts';
import { t } from '../i18n/locale.svelte.ts';

/**
 * A refusal as a sentence in the user's language: its stable code's message when the supervisors'
 * catalogue has one (`supervisor.error.<CODE>`), else the generic one with the API's words.
 */
export function refusalMessage(error: CombinedError | string): string {
  const code = typeof error === 'string' ? error : error.graphQLErrors[0]?.extensions.code;
  const key = `supervisor.error.${String(code)}`;
  if (key in en) return t(key as MessageKey);
  return t('error.generic', { reason: typeof error === 'string' ? error : error.message });
}
