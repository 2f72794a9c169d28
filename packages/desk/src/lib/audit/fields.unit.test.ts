import { describe, expect, it } from 'vitest';
import { fieldsAsOf } from './fields.ts';

describe('fieldsAsOf', () => {
  const events = [
    { version: 1, data: { customerId: 'c-1', name: 'Ann', plan: 'free' } },
    { version: 2, data: { plan: 'pro', tags: ['vip'] } },
    { version: 3, data: { name: 'Ann Lee', optedOut: true } },
  ];

  it('lays each event over the ones before, up to the version, keys in order', () => {
    expect(fieldsAsOf(events, 2)).toEqual([
      ['customerId', 'c-1'],
      ['name', 'Ann'],
      ['plan', 'pro'],
      ['tags', '["vip"]'],
    ]);
    expect(fieldsAsOf(events, 3)).toContainEqual(['name', 'Ann Lee']);
    expect(fieldsAsOf(events, 3)).toContainEqual(['optedOut', 'true']);
  });

  it('gives nothing before the first event and skips data that is not an object', () => {
    expect(fieldsAsOf(events, 0)).toEqual([]);
    expect(
      fieldsAsOf(
        [
          { version: 1, data: 'text' },
          { version: 2, data: null },
        ],
        2,
      ),
    ).toEqual([]);
  });
});
