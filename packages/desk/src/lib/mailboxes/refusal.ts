import type { AnyVariables, Client, CombinedError, TypedDocumentNode } from '@urql/core';
import { type Answer, changeWorded } from '../admin/request.ts';
import { t } from '../i18n/locale.svelte.ts';

/** The refusals of the mailbox configuration, each worded in `mailboxes.error.<CODE>`. */
export const MAILBOX_REFUSALS = ['MAILBOX_ADDRESS_TAKEN', 'MAILBOX_SUB_ADDRESS', 'MAILBOX_CATEGORY_UNKNOWN'] as const;
export type MailboxRefusal = (typeof MAILBOX_REFUSALS)[number];

/** The mailbox refusal among `error`'s, if there is one. */
export function mailboxRefusalOf(error: Pick<CombinedError, 'graphQLErrors'>): MailboxRefusal | null {
  for (const graphQLError of error.graphQLErrors) {
    const code = graphQLError.extensions.code;
    if (MAILBOX_REFUSALS.includes(code as MailboxRefusal)) return code as MailboxRefusal;
  }
  return null;
}

/**
 * Sends `document` (a mutation on the mailboxes): a mailbox refusal in the mailboxes' words, any
 * other failure as the admin screens word it.
 */
export function changeMailboxes<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Answer<Data>> {
  return changeWorded(client, document, variables, (error) => {
    const refusal = mailboxRefusalOf(error);
    return refusal ? t(`mailboxes.error.${refusal}`) : null;
  });
}
