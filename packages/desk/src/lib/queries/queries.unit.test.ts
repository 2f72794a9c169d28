import { readFileSync } from 'node:fs';
import { buildSchema, type DocumentNode, Kind, NoUnusedFragmentsRule, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import * as documents from './index.ts';

// The documents' types come from schema.graphql (gql.tada); this also checks each one is valid
// against it, as the API will (a field that no longer exists types as `unknown`, which a screen
// may never read).
const schema = buildSchema(readFileSync(new URL('../../../../../schema.graphql', import.meta.url), 'utf8'));

// A fragment on its own (shared by the operations that spread it) is used by them, not by itself.
const FRAGMENT_RULES = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule);
const onlyFragments = (document: DocumentNode) =>
  document.definitions.every((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);

describe("the desk's GraphQL documents", () => {
  // Helpers beside the documents (reading a fragment) are no documents.
  const all = Object.entries(documents).filter(([, value]) => typeof value !== 'function');
  it.each(all)('%s is valid against schema.graphql', (_name, value) => {
    const document = value as DocumentNode;
    const rules = onlyFragments(document) ? FRAGMENT_RULES : specifiedRules;
    expect(validate(schema, document, rules).map((error) => error.message)).toEqual([]);
  });
});
