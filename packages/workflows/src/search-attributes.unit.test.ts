import { describe, expect, it } from 'vitest';
import {
  assertSearchAttributes,
  MissingSearchAttributesError,
  WORKFLOW_SEARCH_ATTRIBUTES,
} from './search-attributes.js';

/** A namespace's answer to `listSearchAttributes`, holding `names`. */
const namespaceWith = (names: readonly string[]) => ({
  listSearchAttributes: async ({ namespace }: { namespace: string }) => {
    expect(namespace).toBe('support');
    return { customAttributes: Object.fromEntries(names.map((name) => [name, 2])) };
  },
});

describe('assertSearchAttributes', () => {
  it('lets a worker start on a namespace that knows every attribute the workflows set', async () => {
    const all = WORKFLOW_SEARCH_ATTRIBUTES.map((key) => key.name);
    await expect(assertSearchAttributes(namespaceWith([...all, 'Other']), 'support')).resolves.toBeUndefined();
  });

  it('refuses one that lacks some, naming them and how to register them', async () => {
    const refusal = assertSearchAttributes(namespaceWith(['TicketStatus', 'CustomerId']), 'support');
    await expect(refusal).rejects.toBeInstanceOf(MissingSearchAttributesError);
    await expect(refusal).rejects.toThrow(
      'Temporal namespace "support" lacks the search attributes TicketPriority, SlaState, AssigneeId, ChatStatus',
    );
    await expect(refusal).rejects.toThrow(
      'temporal operator search-attribute create --namespace support --name TicketPriority --type Keyword',
    );
    await expect(refusal).rejects.toThrow('or set UPSERT_SEARCH_ATTRIBUTES=false');
  });
});
