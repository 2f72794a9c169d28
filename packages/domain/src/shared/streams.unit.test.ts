import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseStreamId, STREAM_CATEGORIES, streamId } from './streams.js';

describe('stream ids', () => {
  it('round-trip every category and id, dashes in ids included', () => {
    fc.assert(
      fc.property(fc.constantFrom(...STREAM_CATEGORIES), fc.string({ minLength: 1 }), (category, id) => {
        expect(parseStreamId(streamId(category, id))).toEqual({ category, id });
      }),
    );
  });

  it('reject names outside the convention', () => {
    expect(parseStreamId('ticket-')).toBeNull();
    expect(parseStreamId('-42')).toBeNull();
    expect(parseStreamId('invoice-42')).toBeNull();
    expect(parseStreamId('ticket')).toBeNull();
  });
});
