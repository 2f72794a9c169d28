import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSseTransport, MAX_STREAMS } from './sse.ts';

// The SSE transport against a real HTTP server answering as graphql-yoga does (`event: next`,
// `event: complete`): how many streams it holds, what it reads, and how it comes back.

/** The streams the server holds open, by the subscription's `variables.n`. */
const streams = new Map<number, ServerResponse>();
const tokens: string[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => {
    body += chunk.toString();
  });
  request.on('end', () => {
    const { variables } = JSON.parse(body) as { variables: { n: number } };
    tokens.push(request.headers.authorization ?? '');
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(':\n\n');
    streams.set(variables.n, response);
    response.on('close', () => streams.delete(variables.n));
  });
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const request = (n: number) => ({ query: 'subscription { tick }', variables: { n } });

function sink() {
  const results: unknown[] = [];
  let completed = false;
  return {
    results,
    completed: () => completed,
    next: (result: unknown) => results.push(result),
    error: (error: unknown) => results.push(error),
    complete: () => {
      completed = true;
    },
  };
}

describe('subscriptions over server-sent events', () => {
  it(`holds at most ${MAX_STREAMS} streams, the next one starting when one ends, and reads their events`, async () => {
    let token = 'first';
    const transport = createSseTransport({ url, token: () => token, onLost: () => {}, onResumed: () => {} });
    const sinks = [0, 1, 2, 3, 4, 5].map(() => sink());
    const stops = sinks.map((each, n) => transport.subscribe(request(n), each));
    await vi.waitFor(() => expect([...streams.keys()].sort()).toEqual([0, 1, 2, 3]));
    expect(tokens.every((sent) => sent === 'Bearer first')).toBe(true);

    // Events, however the server cuts them, reach their own subscription.
    streams.get(1)!.write('event: next\ndata: {"data":{"tick":');
    streams.get(1)!.write('1}}\n\n');
    await vi.waitFor(() => expect(sinks[1]!.results).toEqual([{ data: { tick: 1 } }]));

    // One ends (the client leaves), one completes (the server ends it): the two waiting start, in order.
    stops[0]!();
    streams.get(2)!.end('event: complete\ndata:\n\n');
    await vi.waitFor(() => expect([...streams.keys()].sort()).toEqual([1, 3, 4, 5]));
    expect(sinks[2]!.completed()).toBe(true);

    // A renewed token: every stream opened again with it.
    token = 'renewed';
    tokens.length = 0;
    transport.restart();
    await vi.waitFor(() => expect(tokens.filter((sent) => sent === 'Bearer renewed')).toHaveLength(4));
    for (const stop of stops) stop();
    await vi.waitFor(() => expect(streams.size).toBe(0));
  });

  it('says when a stream drops, opens it again by itself, and says when it is back', async () => {
    const events: string[] = [];
    const transport = createSseTransport({
      url,
      token: () => 'token',
      onLost: () => events.push('lost'),
      onResumed: () => events.push('resumed'),
    });
    const received = sink();
    const stop = transport.subscribe(request(7), received);
    await vi.waitFor(() => expect(streams.has(7)).toBe(true));
    const first = streams.get(7)!;
    // The server goes away mid-stream.
    first.destroy();
    await vi.waitFor(() => expect(events).toEqual(['lost']));
    await vi.waitFor(() => expect(streams.get(7)).not.toBe(first), { timeout: 5_000 });
    await vi.waitFor(() => expect(events).toEqual(['lost', 'resumed']));
    streams.get(7)!.write('event: next\ndata: {"data":{"tick":2}}\n\n');
    await vi.waitFor(() => expect(received.results).toEqual([{ data: { tick: 2 } }]));
    expect(received.completed()).toBe(false);
    stop();
  });
});
