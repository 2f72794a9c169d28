import { describe, expect, it } from 'vitest';
import { eventStreamReader } from './event-stream.ts';

describe('reading server-sent events', () => {
  it('gives each event once its blank line arrives, however the text is cut', () => {
    const read = eventStreamReader();
    expect(read('event: next\nda')).toEqual([]);
    expect(read('ta: {"data":{"a":1}}\n')).toEqual([]);
    expect(read('\n:\n\nevent: complete\ndata:\n\n')).toEqual([
      { event: 'next', data: '{"data":{"a":1}}' },
      { event: 'complete', data: '' },
    ]);
  });

  it('joins data lines, reads CRLF and CR line ends, and drops comments and events without data', () => {
    const read = eventStreamReader();
    expect(read(': keep-alive\r\n\r\nevent: next\r\ndata: a\r')).toEqual([]);
    expect(read('\ndata: b\r\rdata:c\n\nevent: lonely\n\n')).toEqual([
      { event: 'next', data: 'a\nb' },
      { event: 'message', data: 'c' },
    ]);
  });
});
