/** Test helper (not a test file): a subscription read over the API's Server-Sent Events, as a customer's app may. */
import { GRAPHQL_PATH } from '@support-engine/api';

/** The payloads a subscription received so far, and a way to end it. */
export interface SseStream {
  /** Each `next` payload's data, in order, as they arrive. */
  readonly received: readonly Record<string, unknown>[];
  close(): void;
}

/**
 * Subscribes with `Accept: text/event-stream` and collects each payload's data in the background;
 * resolves once the API answered the request (the subscription is then in place).
 */
export async function subscribeSse(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
  token: string,
): Promise<SseStream> {
  const abort = new AbortController();
  const response = await fetch(new URL(GRAPHQL_PATH, baseUrl), {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`subscription refused: HTTP ${response.status}`);
  const received: Record<string, unknown>[] = [];
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').find((line) => line.startsWith('data:'));
        if (block.startsWith('event: next') && data) received.push(JSON.parse(data.slice('data:'.length)).data);
      }
    }
  })();
  return { received, close: () => abort.abort() };
}
