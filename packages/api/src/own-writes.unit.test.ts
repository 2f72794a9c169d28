import type { Checkpoint } from '@support-engine/eventstore';
import { describe, expect, it } from 'vitest';
import type { Principal } from './auth/tokens.js';
import { OwnWrites } from './own-writes.js';

const at = (position: number): Checkpoint => ({ transactionId: BigInt(position), globalPosition: BigInt(position) });
const ada: Principal = { id: 'ada', role: 'agent' };

describe('OwnWrites', () => {
  it("keeps a caller's latest write, until the read models hold it or it is older than its time", () => {
    let now = 0;
    const writes = new OwnWrites(30_000, () => now);
    expect(writes.pending(ada, ['tickets'])).toBeUndefined();
    writes.record(ada, at(5));
    // An earlier write, answered later: the later one still counts.
    writes.record(ada, at(3));
    expect(writes.pending(ada, ['tickets', 'chats'])).toEqual({ checkpoint: at(5), readModels: ['tickets', 'chats'] });
    writes.waited(ada, at(5), 'tickets');
    expect(writes.pending(ada, ['tickets', 'chats'])).toEqual({ checkpoint: at(5), readModels: ['chats'] });
    expect(writes.pending(ada, ['tickets'])).toBeUndefined();
    // A new write: every read model waited for again.
    writes.record(ada, at(9));
    expect(writes.pending(ada, ['tickets'])).toEqual({ checkpoint: at(9), readModels: ['tickets'] });
    now = 30_001;
    expect(writes.pending(ada, ['tickets'])).toBeUndefined();
  });

  it('tells one caller from another, the same id in another role too', () => {
    const writes = new OwnWrites(30_000);
    writes.record(ada, at(1));
    expect(writes.pending({ id: 'ada', role: 'customer' }, ['tickets'])).toBeUndefined();
    expect(writes.pending({ id: 'linus', role: 'agent' }, ['tickets'])).toBeUndefined();
  });

  it('keeps nothing when turned off (0 ms)', () => {
    const writes = new OwnWrites(0);
    writes.record(ada, at(1));
    expect(writes.pending(ada, ['tickets'])).toBeUndefined();
  });

  it('forgets the caller who wrote longest ago past 10,000 callers', () => {
    const writes = new OwnWrites(30_000);
    for (let n = 0; n <= 10_000; n++) writes.record({ id: `caller-${n}`, role: 'customer' }, at(n + 1));
    expect(writes.pending({ id: 'caller-0', role: 'customer' }, ['tickets'])).toBeUndefined();
    expect(writes.pending({ id: 'caller-1', role: 'customer' }, ['tickets'])?.checkpoint).toEqual(at(2));
  });
});
