import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Principal } from '../auth/tokens.js';
import type { ApiConfig } from '../config.js';
import { ApiError } from '../errors/codes.js';
import { rootFieldsOf } from './limits.js';

/** The meta fields that read the schema (`__typename` reads only the type of one value). */
const INTROSPECTION_FIELDS = new Set(['__schema', '__type']);

/**
 * What keeps the schema from strangers in production (nothing in development, where GraphiQL
 * and people typing queries need it): introspection only for staff (every role but customer;
 * anonymous callers get `UNAUTHENTICATED`, customers `FORBIDDEN`), and no "Did you mean ...?"
 * suggestions for anyone, since they spell out the schema one guess at a time: field names
 * (graphql-armor) and enum values, inline or in variables (graphql-js adds those itself).
 */
export function schemaPrivacy(environment: ApiConfig['environment']): Plugin<{ principal: Principal | null }>[] {
  if (environment === 'development') return [];
  return [
    blockFieldSuggestionsPlugin({ mask: '' }),
    {
      onResultProcess({ result, setResult }) {
        if (Array.isArray(result) || !('errors' in result) || result.errors === undefined) return;
        if (!result.errors.some((error) => SUGGESTION.test(error.message))) return;
        setResult({ ...result, errors: result.errors.map(withoutSuggestion) });
      },
    },
    {
      // At execution, not validation: yoga caches a document's validation for every caller alike.
      onExecute({ args, setResultAndStopExecution }) {
        const fields = [...rootFieldsOf(args.document, args.operationName).values()];
        if (!fields.some((field) => INTROSPECTION_FIELDS.has(field))) return;
        const { principal } = args.contextValue;
        if (principal !== null && principal.role !== 'customer') return;
        setResultAndStopExecution({
          errors: [
            principal === null
              ? new ApiError('UNAUTHENTICATED', 'Introspection needs a staff token')
              : new ApiError('FORBIDDEN', 'Introspection is for staff only', { policy: 'role' }),
          ],
        });
      },
    },
  ];
}

const SUGGESTION = /\s*Did you mean [\s\S]*$/;

/** `error` without the "Did you mean ...?" graphql-js adds to its message, which spells out the schema. */
export function withoutSuggestion(error: GraphQLError): GraphQLError {
  if (!SUGGESTION.test(error.message)) return error;
  return new GraphQLError(error.message.replace(SUGGESTION, ''), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}
