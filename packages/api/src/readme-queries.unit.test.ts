import { readdirSync, readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { printApiSchema } from './graphql/schema.js';

// The GraphiQL walk-throughs (the README's first ticket and the tour in docs/) are what a newcomer
// pastes first: every `graphql` block of the README and of docs/ must be a valid operation against
// the schema the API serves.

const ROOT = new URL('../../../', import.meta.url);
const PAGES = [
  new URL('README.md', ROOT),
  ...readdirSync(new URL('docs/', ROOT))
    .filter((name) => name.endsWith('.md'))
    .map((name) => new URL(`docs/${name}`, ROOT)),
];
const BLOCKS = PAGES.flatMap((page) =>
  [...readFileSync(page, 'utf8').matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!),
);

describe('the GraphQL examples of the README and docs/', () => {
  it('include the first ticket, the policy edit and the what-if', () => {
    expect(BLOCKS.some((block) => block.includes('openTicket('))).toBe(true);
    expect(BLOCKS.some((block) => block.includes('updateSlaPolicy('))).toBe(true);
    expect(BLOCKS.some((block) => block.includes('slaWhatIf('))).toBe(true);
  });

  it.each(BLOCKS.map((block) => [block.split('\n')[0]!, block]))('%s is valid against the schema', (_name, block) => {
    const schema = buildSchema(printApiSchema());
    expect(validate(schema, parse(block)).map((error) => error.message)).toEqual([]);
  });
});
