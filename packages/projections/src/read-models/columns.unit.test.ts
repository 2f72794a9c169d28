import { describe, expect, it } from 'vitest';
import { instant, json, nullableInstant, nullableInt8, plain, rowFromDb, rowToDb } from './columns.js';

const TABLE = {
  id: plain<string>(),
  at: instant,
  closed_at: nullableInstant,
  took_ms: nullableInt8,
  facts: json<{ kind: string }[]>(),
};

describe('read-model columns', () => {
  it('reads a selected row into its in-memory form: ISO instants, numbers for int8, parsed JSON as is', () => {
    // As `selectAll()` gives it, with a column the table's list leaves out (a computed one).
    const selected = {
      id: 't-1',
      at: new Date('2026-11-24T09:30:00.000Z'),
      closed_at: null,
      took_ms: '90061000',
      facts: [{ kind: 'opened' }],
      search: "'export':1",
    };
    const row = rowFromDb(TABLE, selected);
    expect(row).toEqual({
      id: 't-1',
      at: '2026-11-24T09:30:00.000Z',
      closed_at: null,
      took_ms: 90_061_000,
      facts: [{ kind: 'opened' }],
    });
  });

  it('writes a row back as kysely takes it: JSON as text, the rest as held', () => {
    const written = rowToDb(TABLE, {
      id: 't-1',
      at: '2026-11-24T09:30:00.000Z',
      closed_at: '2026-11-25T10:00:00.000Z',
      took_ms: null,
      facts: [{ kind: 'opened' }],
    });
    expect(written).toEqual({
      id: 't-1',
      at: '2026-11-24T09:30:00.000Z',
      closed_at: '2026-11-25T10:00:00.000Z',
      took_ms: null,
      facts: '[{"kind":"opened"}]',
    });
  });
});
