import { describe, expect, it } from 'vitest';
import { PRIORITIES_MOST_URGENT_FIRST, priorityRank, TicketPriority } from './values.js';

describe('priorityRank', () => {
  it('puts urgent first, then high, normal and low, every priority ranked once', () => {
    const ranked = [...TicketPriority.options].sort((a, b) => priorityRank(a) - priorityRank(b));
    expect(ranked).toEqual(['urgent', 'high', 'normal', 'low']);
    expect(TicketPriority.options.map(priorityRank).sort()).toEqual([0, 1, 2, 3]);
    expect([...PRIORITIES_MOST_URGENT_FIRST].sort()).toEqual([...TicketPriority.options].sort());
  });
});
