import { describe, expect, it } from 'vitest';
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
});

describe('errorCode', () => {
  it('reads the stable code of a refusal, if any', () => {
    expect(errorCode({ graphQLErrors: [{ extensions: { code: 'BAD_USER_INPUT' } }] })).toBe('BAD_USER_INPUT');
    expect(errorCode({ graphQLErrors: [] })).toBeNull();
  });
});
