import { GRAPHQL_PATH } from '@support-engine/api';

/** A GraphQL response as received. */
export interface GraphQLResponse<T = Record<string, unknown>> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: readonly { readonly message: string; readonly extensions?: { readonly code?: string } }[];
}

/** A minimal GraphQL-over-HTTP client for the engine's API (demo data and end-to-end tests). */
export interface GraphQLClient {
  /** The raw response, errors included. */
  execute<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<T>>;
  /** The data of a response without errors; throws with the errors' codes and messages otherwise. */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
}

/** A response with errors, or without data: the errors' codes kept for callers that expect some. */
export class GraphQLRequestError extends Error {
  constructor(
    readonly status: number,
    readonly codes: readonly string[],
    detail: string,
  ) {
    super(`GraphQL request failed (HTTP ${status}): ${detail}`);
    this.name = 'GraphQLRequestError';
  }
}

/**
 * A `catch` handler that lets a request refused with one of `codes` pass (it changed nothing a
 * caller minds: the router gave the chat to that agent first, say) and throws anything else.
 */
export function unlessRefusedWith(...codes: string[]): (error: unknown) => void {
  return (error) => {
    if (!(error instanceof GraphQLRequestError && error.codes.some((code) => codes.includes(code)))) throw error;
  };
}

/** A client for the API at `baseUrl` (e.g. `http://127.0.0.1:4000`). */
export function createGraphQLClient(baseUrl: string): GraphQLClient {
  const endpoint = new URL(GRAPHQL_PATH, baseUrl);
  const execute: GraphQLClient['execute'] = async (query, variables, token) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  return {
    execute,
    async request<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
      const response = await execute<T>(query, variables, token);
      if (response.errors?.length || !response.data) {
        const codes = (response.errors ?? []).map((e) => e.extensions?.code ?? 'ERROR');
        const errors = (response.errors ?? []).map((e, i) => `${codes[i]}: ${e.message}`);
        throw new GraphQLRequestError(response.status, codes, errors.join('; ') || 'no data');
      }
      return response.data;
    },
  };
}

/** What every mutation returns. */
export interface CommandResult {
  readonly id: string;
  readonly version: number;
  readonly consistencyToken: string;
  readonly ticketId: string | null;
}

/**
 * Runs mutation `name` (e.g. `openTicket`) with its single `input` argument, as the schema names
 * it (`OpenTicketInput`). A fixed `commandId` makes it idempotent: repeating it writes nothing.
 */
export async function mutate(
  client: GraphQLClient,
  name: string,
  input: Record<string, unknown>,
  options: { readonly token: string; readonly commandId?: string },
): Promise<CommandResult> {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const query = `mutation($input: ${inputType}!, $commandId: ID) {
    result: ${name}(input: $input, commandId: $commandId) { id version consistencyToken ticketId }
  }`;
  const data = await client.request<{ result: CommandResult }>(
    query,
    { input, commandId: options.commandId ?? null },
    options.token,
  );
  return data.result;
}
