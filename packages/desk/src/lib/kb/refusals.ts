import type { CombinedError } from '@urql/core';
import { hasMessage } from '../i18n/catalogue.ts';
import { t } from '../i18n/locale.svelte.ts';

/** A refusal's stable code as a sentence in the desk's language (the code itself never shown). */
export function refusalSentence(code: string, reason = ''): string {
  const key = `kb.error.${code}`;
  return hasMessage(key) ? t(key, { reason }) : t('kb.error.other', { reason });
}

/** What went wrong with a request, in the user's words: the API's refusal code if it gave one. */
export function errorSentence(error: CombinedError): string {
  const refusal = error.graphQLErrors[0];
  const code = refusal?.extensions.code;
  return typeof code === 'string'
    ? refusalSentence(code, refusal?.message ?? '')
    : t('kb.error.other', { reason: error.message });
}

/** The languages articles are written in here: the desk's own. */
export const KB_LOCALES = ['en', 'fr'] as const;
