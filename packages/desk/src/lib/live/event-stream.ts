/** One server-sent event: its `event` field (`message` when absent) and its data lines joined. */
export interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * Reads a `text/event-stream` as text arrives: `push` a chunk, get the events it completed (an
 * event ends at a blank line; comments, the server's keep-alives, are dropped). Lines may end
 * with CRLF, LF or CR (the format allows all three).
 */
export function eventStreamReader(): (chunk: string) => ServerSentEvent[] {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  return (chunk) => {
    buffer += chunk;
    const events: ServerSentEvent[] = [];
    for (;;) {
      const end = buffer.search(/\r\n|\n|\r/);
      // A CR at the end of the text read so far may be half of a CRLF: wait for what follows.
      if (end === -1 || (buffer[end] === '\r' && end === buffer.length - 1)) break;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
      if (line === '') {
        if (data.length > 0) events.push({ event: event || 'message', data: data.join('\n') });
        event = '';
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    return events;
  };
}
