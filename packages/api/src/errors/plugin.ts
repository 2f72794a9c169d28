import type { Plugin } from 'graphql-yoga';
import { toPublicError } from './map.js';

/**
 * Runs requests the GraphQL engine refuses (syntax, validation: unknown fields, wrong types,
 * the query limits) through the error mapping too, so they carry the API's stable codes instead
 * of graphql-yoga's own (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`).
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
  };
}
