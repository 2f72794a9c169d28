import type { CombinedError } from '@urql/core';
import { hasMessage } from '../i18n/catalogue.ts';
import type { MessageKey } from '../i18n/en.ts';

/** A refusal as the API states it: its stable code (`extensions.code`) and its message. */
export interface Refusal {
  readonly code: string | null;
  readonly message: string;
}

/** The refusal in an urql error: the first GraphQL error's code, or a network failure (code `network`). */
export function refusalOf(error: CombinedError): Refusal {
  const first = error.graphQLErrors[0];
  if (first) {
    const code = first.extensions.code;
    return { code: typeof code === 'string' ? code : null, message: first.message };
  }
  return { code: 'network', message: error.message };
}

/**
 * The refusal as a sentence of the ticket page in the user's language: the code's own sentence
 * when the catalogue has one (`ticket.error.<CODE>`), else the API's message after a general one.
 */
export function refusalSentence(
  refusal: Refusal,
  t: (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string,
): string {
  const key = `ticket.error.${refusal.code}`;
  return hasMessage(key) ? t(key, { reason: refusal.message }) : t('ticket.error.other', { reason: refusal.message });
}
