import { createSchema } from 'graphql-yoga';
import type { ApiContext } from './context.js';
import { type GraphQLSchema, printSchema } from './engine.js';
import { createResolvers } from './resolvers.js';
import { typeDefs } from './typedefs.js';

/** The executable schema: the SDL with its resolvers (which reach their services through the context). */
export function createApiSchema(): GraphQLSchema {
  return createSchema<ApiContext>({ typeDefs, resolvers: createResolvers() });
}

/** The schema as SDL, in declaration order (mutations in the command table's order). */
export function printApiSchema(): string {
  return `${printSchema(createApiSchema())}\n`;
}
