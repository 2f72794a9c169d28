import { readFileSync } from 'node:fs';
import { buildSchema, type DocumentNode, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as documents from './index.ts';

// The documents' types come from schema.graphql (gql.tada); this also checks each one is valid
// against it, as the API will (a field that no longer exists types as `unknown`, which a screen
// may never read).
const schema = buildSchema(readFileSync(new URL('../../../../../schema.graphql', import.meta.url), 'utf8'));

describe("the desk's GraphQL documents", () => {
  // Helpers beside the documents (reading a fragment) are no documents.
  const all = Object.entries(documents).filter(([, value]) => typeof value !== 'function');
  it.each(all)('%s is valid against schema.graphql', (_name, document) => {
    expect(validate(schema, document as DocumentNode).map((error) => error.message)).toEqual([]);
  });
});
