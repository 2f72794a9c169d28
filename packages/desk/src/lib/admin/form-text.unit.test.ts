import { describe, expect, it } from 'vitest';
import { textsOf } from './form-text.ts';

describe('textsOf', () => {
  const blank = { name: '', locale: 'en', limit: '' };

  it("gives a new item's form the blank texts", () => {
    expect(textsOf(null, blank)).toEqual({ name: '', locale: 'en', limit: '' });
  });

  it("writes an item's values as text, none as empty, and leaves its other fields out", () => {
    expect(textsOf({ name: 'Billing', locale: null, limit: 30, version: 4 } as never, blank)).toEqual({
      name: 'Billing',
      locale: '',
      limit: '30',
    });
  });
});
