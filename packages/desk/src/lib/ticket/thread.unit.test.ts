import { describe, expect, it } from 'vitest';
import { unloadedBefore, withEarlier, withNewest } from './thread.ts';

const messages = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ messageId: `m${from + i}` }));
const ids = (list: readonly { messageId: string }[]) => list.map((message) => message.messageId);

describe('a thread read from its newest back', () => {
  it('puts an earlier page before the loaded ones, and the thread is then read to its first message', () => {
    const newest = messages(31, 130);
    const all = withEarlier(newest, messages(1, 30), 'm31');
    expect(ids(all)).toEqual(ids(messages(1, 130)));
    expect(unloadedBefore(newest, 130)).toBe(30);
    expect(unloadedBefore(all, 130)).toBe(0);
  });

  it('keeps the earlier pages when the newest page is read again with a message that arrived live', () => {
    const loaded = messages(1, 130);
    expect(ids(withNewest(loaded, messages(32, 131)))).toEqual(ids(messages(1, 131)));
    // More than a page came meanwhile: only the newest page, never a hole.
    expect(ids(withNewest(messages(100, 130), messages(132, 231)))).toEqual(ids(messages(132, 231)));
    expect(withNewest(loaded, [])).toEqual([]);
  });

  it('drops an earlier page read before a first message that is no longer first, and repeats none', () => {
    const loaded = messages(50, 149);
    expect(ids(withEarlier(loaded, messages(1, 30), 'm31'))).toEqual(ids(loaded));
    expect(ids(withEarlier(loaded, messages(1, 50), 'm50'))).toEqual(ids(messages(1, 149)));
  });
});
