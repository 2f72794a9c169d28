/** Test helper (not a test file): reads a graphql-yoga SSE subscription over a real socket. */
import type { ApiServer } from '../server.js';
import { GRAPHQL_PATH } from '../server.js';

/** One SSE subscription: its payloads in order, and a way to end it. */
export interface SseSubscription {
  /** The next `next` payload (data and/or errors). */
  next(): Promise<{
    data?: Record<string, unknown> | null;
    errors?: { message?: string; extensions?: { code?: string; policy?: string } }[];
  }>;
  close(): void;
}

/** Listens on a free port (once) and returns the base URL. */
export async function listen(app: ApiServer): Promise<string> {
  const address = app.server.address();
  if (address && typeof address === 'object') return `http://127.0.0.1:${address.port}`;
  return app.listen({ port: 0, host: '127.0.0.1' });
}

/** Subscribes with `Accept: text/event-stream` and parses `event: next` messages as they arrive. */
export async function subscribe(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<SseSubscription> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}${GRAPHQL_PATH}`, {
    method: 'POST',
    headers: {
      accept: 'text/event-stream',
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async next() {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data:'));
          if (block.startsWith('event: next') && data) return JSON.parse(data.slice('data:'.length));
          continue;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('subscription ended without a payload');
        buffer += value;
      }
    },
    close: () => abort.abort(),
  };
}
