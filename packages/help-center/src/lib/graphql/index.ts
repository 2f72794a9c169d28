import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Every GraphQL document of the help center goes through `graphql`: its result and variables are typed
 * from the repository's schema.graphql (introspected into graphql-env.d.ts before each build and
 * typecheck), so a schema change that breaks a page fails `npm run typecheck`.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; JSON: unknown };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
export { readFragment } from 'gql.tada';
