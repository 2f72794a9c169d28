import { error } from '@sveltejs/kit';
import type { TadaDocumentNode } from 'gql.tada';
import { print } from 'graphql';
import type { HelpCenterContext } from './context';

/** A GraphQL error as the API sends it, with its stable code. */
interface GraphqlError {
  readonly message: string;
  readonly extensions?: { readonly code?: string };
}

/** The API refused the request: its code (NOT_FOUND, BAD_USER_INPUT...). */
export class ApiRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Sends `document` to the engine's GraphQL API from the server: as a visitor (no token: the API
 * answers published articles only) unless `asSystem`, with the system token (recording a visitor's
 * view or vote). A refusal throws {@link ApiRefusal}; an unreachable API, a 502 page.
 */
export function ask<Result, Variables>(
  context: HelpCenterContext,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
  asSystem = false,
): Promise<Result> {
  return post(context, asSystem ? context.systemToken : null, document, variables);
}

/** Sends `document` as the signed-in customer of `customerToken` (the API narrows it to their own data). */
export function askAsCustomer<Result, Variables>(
  context: HelpCenterContext,
  customerToken: string,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  return post(context, customerToken, document, variables);
}

async function post<Result, Variables>(
  context: HelpCenterContext,
  token: string | null,
  document: TadaDocumentNode<Result, Variables>,
  variables: Variables,
): Promise<Result> {
  const headers: Record<string, string> = {
    ...context.visitorHeaders,
    'content-type': 'application/json',
    accept: 'application/json',
  };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: { data?: Result | null; errors?: readonly GraphqlError[] };
  try {
    const response = await fetch(context.graphqlUrl, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: print(document), variables }),
    });
    body = (await response.json()) as typeof body;
  } catch {
    error(502, 'The help center could not reach the engine');
  }
  const refusal = body.errors?.[0];
  if (refusal !== undefined) throw new ApiRefusal(refusal.extensions?.code ?? 'UNKNOWN', refusal.message);
  if (body.data === undefined || body.data === null) error(502, 'The engine answered no data');
  return body.data;
}
