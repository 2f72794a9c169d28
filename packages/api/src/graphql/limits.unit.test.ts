import { describe, expect, it } from 'vitest';
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from './engine.js';
import { AS_OF_COST, DEFAULT_LIST_SIZE, MAX_LIST_SIZE, queryLimitsRule, rootFieldsOf } from './limits.js';
import { createApiSchema } from './schema.js';

const schema = createApiSchema();
const maxRootFields = { query: 30, mutation: 5 };
const check = (query: string, limits = { maxDepth: 5, maxComplexity: 500 }) =>
  validate(schema, parse(query), [...specifiedRules, queryLimitsRule({ maxRootFields, ...limits })])
    .filter((error) => error.extensions.code === 'QUERY_TOO_COMPLEX')
    .map((error) => error.message);

describe('query limits', () => {
  it('accepts a modest query', () => {
    expect(check('{ tickets(first: 10) { items { id subject status } nextCursor } }')).toEqual([]);
  });

  it('refuses a query nested deeper than the limit', () => {
    const deep = '{ tickets { items { sla { state } messages { body } } } }';
    expect(check(deep, { maxDepth: 3, maxComplexity: 10_000 })).toEqual(['Query depth 4 exceeds the limit of 3']);
    expect(check(deep, { maxDepth: 4, maxComplexity: 10_000 })).toEqual([]);
  });

  it('prices lists by their page size', () => {
    // tickets: 1 + 100 x (items: 1 + (id: 1)) + ... the literal `first` drives the price.
    expect(
      check('{ tickets(first: 100) { items { id subject status priority } } }', { maxDepth: 5, maxComplexity: 400 }),
    ).toHaveLength(1);
    expect(
      check('{ tickets(first: 10) { items { id subject status priority } } }', { maxDepth: 5, maxComplexity: 400 }),
    ).toEqual([]);
  });

  it('assumes a default size for unpaged lists and multiplies nested ones', () => {
    const nested = '{ agents { skills } }';
    const [message] = check('{ chatQueue { chatId } agents { id skills languages } }', {
      maxDepth: 5,
      maxComplexity: 10,
    });
    expect(message).toContain(`Query cost ${1 + DEFAULT_LIST_SIZE * 1 + 1 + DEFAULT_LIST_SIZE * 3}`);
    expect(check(nested, { maxDepth: 5, maxComplexity: 1 + DEFAULT_LIST_SIZE })).toEqual([]);
  });

  it('adds a surcharge to each past view, literal or variable', () => {
    const cost = (query: string) => check(query, { maxDepth: 5, maxComplexity: 1 })[0];
    expect(cost('{ ticket(id: "t") { id } }')).toContain('Query cost 2 ');
    expect(cost('{ ticket(id: "t", asOf: "2025-01-01T00:00:00Z") { id } }')).toContain(`Query cost ${2 + AS_OF_COST} `);
    expect(cost('query($at: DateTime) { ticket(id: "t", asOf: $at) { id } }')).toContain(
      `Query cost ${2 + AS_OF_COST} `,
    );
    expect(cost('{ ticket(id: "t", asOf: null) { id } }')).toContain('Query cost 2 ');
    const aliased = Array.from(
      { length: 100 },
      (_, i) => `t${i}: ticket(id: "t", asOf: "2025-01-01T00:00:00Z") { id }`,
    );
    // Refused for its root fields too; the cost alone would refuse it.
    expect(check(`{ ${aliased.join(' ')} }`, { maxDepth: 5, maxComplexity: 10_000 })).toContainEqual(
      expect.stringMatching(/^Query cost \d+ exceeds/),
    );
  });

  it('prices a literal page as written, even past the common largest page', () => {
    const cost = (query: string) => check(query, { maxDepth: 5, maxComplexity: 1 })[0];
    expect(cost('{ supervisorQueue(first: 200) { id } }')).toContain(`Query cost ${1 + 200} `);
  });

  it('leaves a page size that is no Int to validation alone: one error, not a cost too', () => {
    const errors = validate(schema, parse('{ tickets(first: 99999999999) { items { id } } }'), [
      ...specifiedRules,
      queryLimitsRule({ maxRootFields, maxDepth: 5, maxComplexity: 10_000 }),
    ]);
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/Int cannot represent/)]);
  });

  it('prices messages by their first, and at their most without one', () => {
    const cost = (query: string) => check(query, { maxDepth: 5, maxComplexity: 1 })[0];
    expect(cost('{ ticket(id: "t") { messages(first: 3) { body at } } }')).toContain(`Query cost ${1 + 1 + 3 * 2} `);
    expect(cost('{ ticket(id: "t") { messages { body at } } }')).toContain(`Query cost ${1 + 1 + MAX_LIST_SIZE * 2} `);
    expect(cost('{ chat(id: "c") { messages { body } } }')).toContain(`Query cost ${1 + 1 + MAX_LIST_SIZE} `);
  });

  it('prices fragment reuse without expanding it forever', () => {
    // Every level spreads the next fragment twice: 2^40 fields once expanded. The rule measures
    // each fragment once, so it answers at once, with the full (refused) price.
    const levels = 40;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i + 1 < levels
        ? `fragment F${i} on __Type { a: ofType { ...F${i + 1} } b: ofType { ...F${i + 1} } }`
        : `fragment F${i} on __Type { name }`,
    );
    const query = `{ __type(name: "Ticket") { ...F0 } } ${fragments.join(' ')}`;
    const [message] = check(query, { maxDepth: 5, maxComplexity: 10_000 });
    expect(message).toMatch(/^Query cost \d+ exceeds the limit of 10000$/);
  });

  it('lets GraphiQL introspect the schema', () => {
    expect(check(getIntrospectionQuery(), { maxDepth: 10, maxComplexity: 10_000 })).toEqual([]);
  });

  it('ignores operations on a schema without that root type', () => {
    const tiny = buildSchema('type Query { a: Int }');
    expect(
      validate(tiny, parse('subscription { a }'), [queryLimitsRule({ maxDepth: 1, maxComplexity: 1, maxRootFields })]),
    ).toEqual([]);
  });
});

describe('root fields', () => {
  it('counts each response key once, through fragments, of the operation asked for', () => {
    const document = parse(`
      query A { tickets { items { id } } tickets { nextCursor } t2: tickets { items { id } } ...F ...F ... on Query { agents { id } } }
      query B { __typename }
      fragment F on Query { chatQueue { chatId } other: __typename }
    `);
    expect(rootFieldsOf(document, 'A')).toEqual(
      new Map([
        ['tickets', 'tickets'],
        ['t2', 'tickets'],
        ['chatQueue', 'chatQueue'],
        ['other', '__typename'],
        ['agents', 'agents'],
      ]),
    );
    expect([...rootFieldsOf(document, 'B').keys()]).toEqual(['__typename']);
    expect(rootFieldsOf(document, 'C').size).toBe(0);
  });

  it('refuses a mutation with more root fields than its limit', () => {
    const six = Array.from({ length: 6 }, (_, i) => `r${i}: rateTicket(input: { ticketId: "t", score: 5 }) { id }`);
    expect(check(`mutation { ${six.slice(0, 5).join(' ')} }`)).toEqual([]);
    expect(check(`mutation { ${six.join(' ')} }`)).toEqual(['The mutation selects 6 root fields, over the limit of 5']);
  });
});
