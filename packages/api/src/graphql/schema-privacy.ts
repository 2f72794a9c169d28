import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
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
 * field suggestions for anyone, since they spell out the schema one guess at a time.
 */
export function schemaPrivacy(environment: ApiConfig['environment']): Plugin<{ principal: Principal | null }>[] {
  if (environment === 'development') return [];
  return [
    blockFieldSuggestionsPlugin({ mask: '' }),
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
