import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorCode, watchEach } from './watch.ts';

describe('watchEach', () => {
  it('subscribes the ids that come, ends those that go, and all on close', () => {
    const open = new Set<string>();
    const watcher = watchEach((id) => {
      open.add(id);
      return { unsubscribe: () => open.delete(id) };
    });
    watcher.set(['a', 'b']);
    expect([...open].sort()).toEqual(['a', 'b']);
    watcher.set(['b', 'c']);
    expect([...open].sort()).toEqual(['b', 'c']);
    watcher.close();
    expect(open.size).toBe(0);
  });

  describe('with settle', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('applies a set at once after a quiet spell, and only the last of a run of quick sets once they stop', () => {
      vi.useFakeTimers();
      const started: string[] = [];
      const open = new Set<string>();
      const watcher = watchEach(
        (id) => {
          started.push(id);
          open.add(id);
          return { unsubscribe: () => open.delete(id) };
        },
        { settle: 100 },
      );
      watcher.set(['a', 'b']);
      expect([...open].sort()).toEqual(['a', 'b']);
      // A fast scroll: a new set every frame.
      for (const ids of [
        ['b', 'c'],
        ['c', 'd'],
        ['d', 'e'],
      ]) {
        vi.advanceTimersByTime(16);
        watcher.set(ids);
      }
      expect([...open].sort()).toEqual(['a', 'b']);
      vi.advanceTimersByTime(99);
      expect([...open].sort()).toEqual(['a', 'b']);
      vi.advanceTimersByTime(1);
      expect([...open].sort()).toEqual(['d', 'e']);
      // The rows flown past were never subscribed.
      expect(started).toEqual(['a', 'b', 'd', 'e']);
      // Standing still long enough, the next set is applied at once again.
      vi.advanceTimersByTime(100);
      watcher.set(['e', 'f']);
      expect([...open].sort()).toEqual(['e', 'f']);
    });

    it('applies at once a set that only adds ids (the list filling), even among quick sets', () => {
      vi.useFakeTimers();
      const open = new Set<string>();
      const watcher = watchEach(
        (id) => {
          open.add(id);
          return { unsubscribe: () => open.delete(id) };
        },
        { settle: 100 },
      );
      watcher.set([]);
      watcher.set(['a']);
      vi.advanceTimersByTime(16);
      watcher.set(['a', 'b', 'c']);
      expect([...open].sort()).toEqual(['a', 'b', 'c']);
    });

    it('drops a waiting set on close', () => {
      vi.useFakeTimers();
      const open = new Set<string>();
      const watcher = watchEach(
        (id) => {
          open.add(id);
          return { unsubscribe: () => open.delete(id) };
        },
        { settle: 100 },
      );
      watcher.set(['a']);
      watcher.set(['b']);
      watcher.close();
      vi.advanceTimersByTime(200);
      expect(open.size).toBe(0);
    });
  });
});

describe('errorCode', () => {
  it('reads the stable code of a refusal, if any', () => {
    expect(errorCode({ graphQLErrors: [{ extensions: { code: 'BAD_USER_INPUT' } }] })).toBe('BAD_USER_INPUT');
    expect(errorCode({ graphQLErrors: [] })).toBeNull();
  });
});
