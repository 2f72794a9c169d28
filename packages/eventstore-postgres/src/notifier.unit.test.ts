import { describe, expect, it } from 'vitest';
import { AppendNotifier } from './notifier.js';

describe('AppendNotifier', () => {
  it('sends at once, then coalesces every request made meanwhile into one more send', async () => {
    let sends = 0;
    const notifier = new AppendNotifier(async () => {
      sends++;
    }, 5);
    notifier.notify();
    expect(sends).toBe(1);
    for (let i = 0; i < 100; i++) notifier.notify();
    await notifier.settled();
    expect(sends).toBe(2);

    notifier.notify();
    await notifier.settled();
    expect(sends).toBe(3);
  });

  it('swallows a failed send, since subscribers also poll', async () => {
    const notifier = new AppendNotifier(() => Promise.reject(new Error('connection lost')), 1);
    notifier.notify();
    await expect(notifier.settled()).resolves.toBeUndefined();
  });
});
