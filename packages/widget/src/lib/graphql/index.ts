import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Every GraphQL document of the widget goes through `graphql`: typed from the repository's
 * schema.graphql (introspected into graphql-env.d.ts before each build and typecheck).
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; JSON: unknown };
}>();

export type { ResultOf, VariablesOf } from 'gql.tada';
