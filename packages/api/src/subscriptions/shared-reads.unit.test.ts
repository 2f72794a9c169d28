import type { RecordedEvent } from '@support-engine/eventstore';
import { describe, expect, it } from 'vitest';
import { readOnce } from './shared-reads.js';

// Only the event's identity matters to the shared reads.
const event = () => ({}) as RecordedEvent;

describe('readOnce', () => {
  it('reads once per event and key, however many ask; another key or event reads apart', async () => {
    let reads = 0;
    const read = async () => ++reads;
    const [first, second] = [event(), event()];
    const asked = await Promise.all(Array.from({ length: 400 }, () => readOnce(first, 'ticket t-1 staff', read)));
    expect(new Set(asked)).toEqual(new Set([1]));
    expect(await readOnce(first, 'ticket t-1 customer', read)).toBe(2);
    expect(await readOnce(second, 'ticket t-1 staff', read)).toBe(3);
    expect(await readOnce(first, 'ticket t-1 staff', read)).toBe(1);
    expect(reads).toBe(3);
  });
});
