import { describe, expect, it } from 'vitest';
import { withMessage } from './conversation.ts';
import { presenceOf } from './presence.ts';

const m = (messageId: string, at: string) => ({ messageId, at });

describe('a conversation’s messages', () => {
  it('keep their order by time, a late one in its place', () => {
    const first = m('m-1', '2026-01-01T10:00:00.000Z');
    const third = m('m-3', '2026-01-01T10:02:00.000Z');
    const second = m('m-2', '2026-01-01T10:01:00.000Z');
    expect(withMessage([first, third], second).map((x) => x.messageId)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(withMessage([first], third).map((x) => x.messageId)).toEqual(['m-1', 'm-3']);
  });

  it('hold a message once when the read and the live update both bring it', () => {
    const first = m('m-1', '2026-01-01T10:00:00.000Z');
    expect(withMessage([first], { ...first })).toEqual([first]);
  });
});

describe('a presence', () => {
  it('reads the deprecated spellings as what they mean now', () => {
    expect(presenceOf('online')).toBe('available');
    expect(presenceOf('away')).toBe('break');
    expect(presenceOf('training')).toBe('training');
  });
});
