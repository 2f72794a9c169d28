import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printApiSchema } from './graphql/schema.js';

// The README's GraphiQL walk-throughs are what a newcomer pastes first: every `graphql` block must
// be a valid operation against the schema the API serves.

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const BLOCKS = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

describe('the README GraphQL examples', () => {
  it('include the policy edit and the what-if', () => {
    expect(BLOCKS.some((block) => block.includes('updateSlaPolicy('))).toBe(true);
    expect(BLOCKS.some((block) => block.includes('slaWhatIf('))).toBe(true);
  });

  it.each(BLOCKS.map((block) => [block.split('\n')[0]!, block]))('%s is valid against the schema', (_name, block) => {
    const schema = buildSchema(printApiSchema());
    expect(validate(schema, parse(block)).map((error) => error.message)).toEqual([]);
  });
});
