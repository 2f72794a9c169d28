/**
 * Live chat message latency: from a customer's `sendChatMessage` until the message arrives on
 * the agent's `chatUpdated` subscription (SSE), with `BENCH_CHATS` chats open at once (500 by
 * default), each watched by its own subscription, on one API server and an embedded PostgreSQL.
 *
 * Every chat's customer sends a message every `BENCH_INTERVAL_MS` (5 s by default, staggered, so
 * 100 messages/s at 500 chats) for `BENCH_SECONDS`; the body carries the send instant, and the
 * latency is taken when the subscription yields it. Baseline in the same run: the same messages'
 * events as the store's own subscription delivers them (append commit to handler), which is what
 * the API's live feed is built on: the ratio says what GraphQL, SSE and authorization add.
 *
 *   node --conditions=@support-engine/source --import tsx bench/chat-latency.ts
 *   # BENCH_CHATS=500 BENCH_SECONDS=20 BENCH_INTERVAL_MS=5000
 *
 * The clients run in this process beside the server (one event loop), so their own work counts
 * in the latency: a pessimistic figure. Target: p99 < 100 ms at 500 concurrent chats.
 */
import { pathToFileURL } from 'node:url';
import { GRAPHQL_PATH, mintToken } from '@support-engine/api';
import { START as LOG_START } from '@support-engine/eventstore';
import { BENCH_SECRET, startApiPair } from './lib/api-pair.js';
import { fromEnv, median, quantile } from './lib/measure.js';

const SUBSCRIPTION = 'subscription($id: ID!) { chatUpdated(chatId: $id) { type message { body } } }';
const START = 'mutation($i: StartChatInput!) { startChat(input: $i) { id } }';
const SEND = 'mutation($i: SendChatMessageInput!) { sendChatMessage(input: $i) { version } }';
/** The chats each agent watches (each agent a caller of its own). */
const CHATS_PER_AGENT = 10;

/** Reads an SSE subscription's `next` payloads, calling `onPayload` for each; resolves once it is open. */
async function subscribe(url: string, token: string, chatId: string, onPayload: (payload: unknown) => void) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { accept: 'text/event-stream', 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: SUBSCRIPTION, variables: { id: chatId } }),
  });
  if (!response.ok || response.body === null) throw new Error(`subscription refused: ${response.status}`);
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
        if (block.startsWith('event: next') && data) onPayload(JSON.parse(data.slice('data:'.length)));
      }
    }
  })();
  return () => reader.cancel().catch(() => {});
}

function summary(label: string, latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `  ${label.padEnd(10)} ${String(sorted.length).padStart(6)} messages   p50 ${median(sorted).toFixed(1).padStart(6)} ms   p99 ${quantile(sorted, 0.99).toFixed(1).padStart(6)} ms   max ${sorted.at(-1)?.toFixed(1) ?? '-'} ms`;
}

/** Runs the bench and prints both latency distributions and the ratio of their p99s. */
export async function runChatLatencyBench(): Promise<void> {
  const chats = fromEnv('BENCH_CHATS', 500);
  const seconds = fromEnv('BENCH_SECONDS', 20);
  const intervalMs = fromEnv('BENCH_INTERVAL_MS', 5000);
  const { api, store, close } = await startApiPair();
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const url = `${await api.listen({ port: 0, host: '127.0.0.1' })}${GRAPHQL_PATH}`;
    // Ten chats an agent, as a desk holds them: one caller may hold only so many subscriptions
    // (SUPPORT_API_SUBSCRIPTIONS_PER_CALLER), and one agent watching all 500 was refused 400.
    const agents = await Promise.all(
      Array.from({ length: Math.ceil(chats / CHATS_PER_AGENT) }, (_, n) =>
        mintToken({ sub: `bench-agent-${n}`, role: 'agent' }, BENCH_SECRET, 3600),
      ),
    );
    const system = await mintToken({ sub: 'bench-desk', role: 'system' }, BENCH_SECRET, 3600);
    const gql = async (token: string, query: string, variables: Record<string, unknown>) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
    };

    // The chats, each with its customer's token, opened on their behalf by the desk.
    const ids = Array.from({ length: chats }, (_, i) => `bench-chat-${i}`);
    const customers = await Promise.all(
      ids.map((_, i) => mintToken({ sub: `bench-customer-${i}`, role: 'customer' }, BENCH_SECRET, 3600)),
    );
    for (const [i, chatId] of ids.entries())
      await gql(system, START, { i: { chatId, customerId: `bench-customer-${i}` } });

    const sentAt = (body: unknown) =>
      typeof body === 'string' && body.startsWith('t=') ? Number(body.slice(2)) : null;
    const viaApi: number[] = [];
    const viaStore: number[] = [];
    for (const [i, chatId] of ids.entries()) {
      const stop = await subscribe(url, agents[Math.floor(i / CHATS_PER_AGENT)]!, chatId, (payload) => {
        const message = (payload as { data?: { chatUpdated?: { message?: { body?: unknown } } } }).data?.chatUpdated
          ?.message;
        const at = sentAt(message?.body);
        if (at !== null) viaApi.push(performance.timeOrigin + performance.now() - at);
      });
      closers.push(stop);
    }
    // The baseline: the same events from the store's own subscription.
    const stopStore = new AbortController();
    const storeFeed = store
      .subscribe(
        LOG_START,
        async (event) => {
          if (event.type !== 'ChatMessageSent') return;
          const at = sentAt((event.data as { body?: unknown }).body);
          if (at !== null) viaStore.push(performance.timeOrigin + performance.now() - at);
        },
        { signal: stopStore.signal },
      )
      .catch(() => {});
    closers.push(async () => {
      stopStore.abort();
      await storeFeed;
    });
    // Both feeds catch up with the chats' starts before the first message.
    await new Promise((resolve) => setTimeout(resolve, 2000));

    // Each customer writes every `intervalMs`, the chats staggered across the interval.
    const started = Date.now();
    let sent = 0;
    await Promise.all(
      ids.map(async (chatId, i) => {
        await new Promise((resolve) => setTimeout(resolve, (i / chats) * intervalMs));
        for (let n = 0; Date.now() - started < seconds * 1000; n++) {
          const due = started + (i / chats) * intervalMs + (n + 1) * intervalMs;
          await gql(customers[i]!, SEND, {
            i: { chatId, body: `t=${performance.timeOrigin + performance.now()}` },
          });
          sent++;
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
        }
      }),
    );
    // Let the last messages arrive.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    console.log(
      `chat message latency, ${chats} chats each watched by an agent's subscription, a message per chat every ${intervalMs} ms for ${seconds} s (${sent} sent)`,
    );
    console.log(summary('graphql', viaApi));
    console.log(summary('store', viaStore));
    const p99 = quantile(
      [...viaApi].sort((a, b) => a - b),
      0.99,
    );
    const storeP99 = quantile(
      [...viaStore].sort((a, b) => a - b),
      0.99,
    );
    console.log(`  ratio     ${(storeP99 / p99).toFixed(2)}x (store p99 / GraphQL p99; diagnostic)`);
    console.log(
      `  GraphQL p99 ${p99.toFixed(1)} ms (target < 100 ms) ${p99 < 100 && viaApi.length === sent ? 'PASS' : 'FAIL'}${viaApi.length === sent ? '' : ` (${sent - viaApi.length} messages not received)`}`,
    );
  } finally {
    for (const stop of closers) await stop();
    await close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runChatLatencyBench();
