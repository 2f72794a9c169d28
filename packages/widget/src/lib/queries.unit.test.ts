import { readFileSync } from 'node:fs';
import { buildSchema, type DocumentNode, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as documents from './queries.ts';

const schema = buildSchema(readFileSync(new URL('../../../../schema.graphql', import.meta.url), 'utf8'));

describe("the widget's GraphQL documents", () => {
  it.each(Object.entries(documents))('%s is valid against schema.graphql', (_name, document) => {
    expect(validate(schema, document as DocumentNode).map((error) => error.message)).toEqual([]);
  });
});
