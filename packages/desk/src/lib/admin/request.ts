import type { AnyVariables, Client, CombinedError, TypedDocumentNode } from '@urql/core';
import { t } from '../i18n/locale.svelte.ts';
import { type Failure, failureOf } from './refusal.ts';

/** A failure in the user's words: the refusal's sentence, never its code. */
export function failureText(failure: Failure): string {
  if (failure.kind === 'network') return t('admin.error.network');
  if (failure.kind === 'other') return t('admin.error.other');
  return t(`admin.error.${failure.code}`, { details: failure.details });
}

/** An answer's data, or the sentence saying why there is none. */
export type Answer<Data> =
  | { readonly ok: true; readonly data: Data }
  | { readonly ok: false; readonly failure: string };

function answerOf<Data>(result: { data?: Data | undefined; error?: CombinedError | undefined }): Answer<Data> {
  if (result.error) return { ok: false, failure: failureText(failureOf(result.error)) };
  if (!result.data) return { ok: false, failure: t('admin.error.other') };
  return { ok: true, data: result.data };
}

/** Asks `document` (a query) of the API. */
export async function ask<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Answer<Data>> {
  return answerOf(await client.query(document, variables).toPromise());
}

/** Sends `document` (a mutation) to the API. */
export async function change<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<Answer<Data>> {
  return answerOf(await client.mutation(document, variables).toPromise());
}

/**
 * Sends `document` (a mutation of one area: mailboxes, widget keys): a refusal `word` puts in the
 * area's own words (a sentence, or null when it is none of the area's), any other failure as the
 * admin screens word it.
 */
export async function changeWorded<Data, Variables extends AnyVariables>(
  client: Client,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  word: (error: CombinedError) => string | null,
): Promise<Answer<Data>> {
  const result = await client.mutation(document, variables).toPromise();
  if (result.error) return { ok: false, failure: word(result.error) ?? failureText(failureOf(result.error)) };
  return answerOf(result);
}
