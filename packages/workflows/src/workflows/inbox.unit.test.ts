import { describe, expect, it } from 'vitest';
import type { DeliveredEvent } from '../contract.js';
import { Inbox } from './inbox.js';

const event = (version: number): DeliveredEvent => ({ streamId: 'ticket-1', version, type: 'X', data: {} });

describe('Inbox', () => {
  it('hands out events in version order, each once', () => {
    const inbox = new Inbox();
    inbox.offer(event(2));
    inbox.offer(event(1));
    inbox.offer(event(1));
    expect(inbox.takeReady().map((e) => e.version)).toEqual([1, 2]);
    inbox.offer(event(2));
    expect(inbox.hasPending).toBe(false);
    expect(inbox.takeReady()).toEqual([]);
    expect(inbox.applied).toBe(2);
  });

  it('holds events behind a missing version and names the gap', () => {
    const inbox = new Inbox({ applied: 3, pending: [] });
    inbox.offer(event(7));
    inbox.offer(event(6));
    expect(inbox.takeReady()).toEqual([]);
    expect(inbox.gap()).toEqual({ from: 4, to: 5 });
    inbox.offer(event(4));
    inbox.offer(event(5));
    expect(inbox.gap()).toBeNull();
    expect(inbox.takeReady().map((e) => e.version)).toEqual([4, 5, 6, 7]);
  });

  it('carries its position and waiting events through a snapshot', () => {
    const inbox = new Inbox();
    inbox.offer(event(1));
    inbox.takeReady();
    inbox.offer(event(3));
    const next = new Inbox(inbox.snapshot());
    expect(next.applied).toBe(1);
    expect(next.gap()).toEqual({ from: 2, to: 2 });
  });
});
