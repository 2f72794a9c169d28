import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { GraphQLError, type Source, type SourceLocation } from '../graphql/engine.js';
import { toPublicError } from './map.js';

/**
 * Runs requests the GraphQL engine refuses (syntax, validation: unknown fields, wrong types,
 * the query limits) through the error mapping too, so they carry the API's stable codes instead
 * of graphql-yoga's own (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`). A request refused
 * before any field ran (its variables failing coercion) answers 400 whichever engine executed
 * it: graphql-js marks its own so, graphql-jit (compiled queries) does not.
 */
export function useStableErrorCodes(): Plugin {
  return {
    onParse:
      () =>
      ({ result, replaceParseResult }) => {
        if (result instanceof Error) replaceParseResult(toPublicError(result).error);
      },
    onValidate:
      () =>
      ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map((error) => toPublicError(error).error));
      },
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        if (isAsyncIterable(result) || 'data' in result || !result.errors?.length) return;
        setResult({ errors: result.errors.map((error) => asRequestError(error, args.document.loc?.source)) });
      },
    }),
  };
}

/**
 * `error` with HTTP status 400, unless it names one. graphql-jit's errors are its own class, which
 * carries its locations but no source: they are placed again in the document's.
 */
function asRequestError(error: GraphQLError, source: Source | undefined): GraphQLError {
  const extensions = (error.extensions as GraphQLError['extensions'] | undefined) ?? {};
  const http = (extensions.http ?? {}) as { status?: number };
  if (http.status !== undefined) return error;
  const positions =
    error.positions ?? (source ? error.locations?.map((location) => offsetOf(source.body, location)) : undefined);
  return new GraphQLError(error.message, {
    source: error.source ?? source,
    positions,
    path: error.path,
    extensions: { ...extensions, http: { ...http, status: 400 } },
  });
}

/** The offset in `body` of a 1-based line and column. */
function offsetOf(body: string, { line, column }: SourceLocation): number {
  let offset = 0;
  for (let at = 1; at < line; at++) offset = body.indexOf('\n', offset) + 1;
  return offset + column - 1;
}
