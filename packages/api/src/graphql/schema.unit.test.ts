import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, inputTypeName, type MutationName } from '../commands/table.js';
import { SCHEMA_FILE } from '../print-schema.js';
import { GraphQLInputObjectType } from './engine.js';
import { createApiSchema, printApiSchema } from './schema.js';

describe('the schema contract', () => {
  it('matches schema.graphql (run packages/api/src/print-schema.ts after a deliberate change)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printApiSchema());
  });

  // GraphQL refuses unknown fields before zod sees them; both must agree on what is known.
  it.each(Object.keys(COMMANDS) as MutationName[])('%s: the GraphQL input has the fields of its zod schema', (name) => {
    const type = createApiSchema().getType(inputTypeName(name));
    expect(type).toBeInstanceOf(GraphQLInputObjectType);
    const fields = Object.keys((type as GraphQLInputObjectType).getFields()).sort();
    expect(fields).toEqual(Object.keys(COMMANDS[name].input.shape).sort());
  });

  it('refuses unknown fields in zod too', () => {
    const result = COMMANDS.changeTicketStatus.input.safeParse({ ticketId: 't', to: 'resolved', actor: 'admin' });
    expect(result.success).toBe(false);
  });
});
