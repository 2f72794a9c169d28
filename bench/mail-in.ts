/**
 * Mail in by SMTP: messages per second from the client's DATA to the message recorded and
 * answered 250, through the engine's ingress (`createSmtpIngress`: recipients checked against the
 * mailboxes, the raw bytes into the attachment storage (local folder), one `mail_in_messages` row
 * under the message's key, then 250), `BENCH_MESSAGES` messages (2,000 by default, about 3 KiB
 * each, every one with its own Message-ID) sent by `BENCH_CONNECTIONS` pooled nodemailer
 * connections (8). Baseline, in the same run on the same PostgreSQL: a plain smtp-server that
 * inserts each raw message into a table (`bytea`) and answers 250. Subjects alternate over
 * `BENCH_ROUNDS` rounds (3); the median ratio is printed. Then, as a diagnostic, a steady
 * `BENCH_RATE` messages/s (20) for `BENCH_PACED_SECONDS` (10) through the ingress alone: the
 * sender's latency from the start of its transaction to the 250 (the message recorded), p50/p99.
 * Then mail to ticket: the ingress with the processor behind it (`createMailProcessor`, told of
 * each message at once with the bytes it recorded, as `support-engine mail-in` does;
 * `BENCH_CONCURRENCY` messages in hand, its default 32; DNS answering nothing), `BENCH_TICKETS`
 * messages (2,000, at most `BENCH_MESSAGES`: a burst long enough to be past the first seconds'
 * compilation, as the plain server's rounds are) until every one's ticket is recorded, against
 * the plain server's median rate;
 * and at `BENCH_RATE` messages/s, each message's time from its send to its ticket recorded, and
 * to its ticket visible (the tickets projection, running in this process
 * from there on, has committed the batch holding its `TicketOpened`: the ticket reads in the read
 * model), p50/p99. Beside each rate, the CPU a message took (`lib/cpu.ts`): this process's, all
 * threads (the SMTP clients included, on both sides) and its main thread's, and every `postgres`
 * process's on the machine (so measure on an idle one).
 *
 *   node --conditions=@support-engine/source --import tsx bench/mail-in.ts   # BENCH_MESSAGES=500 for a short run
 */

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLocalAttachmentStorage, migrateAttachments } from '@support-engine/api';
import { createCommandBus } from '@support-engine/application';
import { migrateDelivery } from '@support-engine/delivery';
import { type Checkpoint, compareCheckpoints } from '@support-engine/eventstore';
import { createPostgresEventStore, migrateEventStore } from '@support-engine/eventstore-postgres';
import {
  createMailProcessor,
  createMailSink,
  createSmtpIngress,
  type MailDnsResolver,
  type MailInTables,
  migrateMailIn,
} from '@support-engine/mail-in';
import { createTicketsProjection, migrateReadModels, runProjector } from '@support-engine/projections';
import { startPostgres } from '@support-engine/servers';
import { Kysely, PostgresDialect, sql } from 'kysely';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { type CpuUse, cpuNow, cpuPerItem } from './lib/cpu.js';
import { alternately, fromEnv, median, quantile } from './lib/measure.js';

const messages = fromEnv('BENCH_MESSAGES', 2_000);
const connections = fromEnv('BENCH_CONNECTIONS', 8);
const rounds = fromEnv('BENCH_ROUNDS', 3);
const rate = fromEnv('BENCH_RATE', 20);
const pacedSeconds = fromEnv('BENCH_PACED_SECONDS', 10);
const concurrency = process.env.BENCH_CONCURRENCY === undefined ? undefined : fromEnv('BENCH_CONCURRENCY', 4);
const MAILBOX = 'support@bench.test';
const BODY = 'Hello, my order 1042 has not arrived yet and the tracking page shows nothing.\r\n'.repeat(36);

/** A message like a customer's, its Message-ID unique to the subject and round. */
const message = (id: string) =>
  Buffer.from(
    [
      'From: Bob Customer <bob@customer.test>',
      `To: ${MAILBOX}`,
      'Subject: My order never arrived',
      `Message-ID: <${id}@customer.test>`,
      'Date: Sat, 28 Nov 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      BODY,
    ].join('\r\n'),
  );

const server = await startPostgres();
const dir = await mkdtemp(join(tmpdir(), 'mail-in-bench-'));
const url = await server.createDatabase('mail_in_bench');
const pool = new pg.Pool({ connectionString: url, max: 10 });
const db = new Kysely<MailInTables>({ dialect: new PostgresDialect({ pool }) });
// Closed before the server stops, so a failure shows itself rather than the pool's lost connections.
const closing: Array<() => Promise<void>> = [() => db.destroy()];
try {
  await migrateMailIn(db);
  await sql`create table plain_mail (id bigserial primary key, raw bytea not null, received_at timestamptz not null)`.execute(
    db,
  );
  const logger = pino({ level: 'silent' });
  const ingressConfig = {
    host: '127.0.0.1',
    port: 0,
    hostname: 'mx.bench.test',
    sizeLimit: 25 * 1024 * 1024,
    maxRecipients: 50,
    maxClients: 1_000,
    tls: null,
    mailboxes: [MAILBOX],
  };
  const ingress = createSmtpIngress({
    sink: createMailSink(db, await createLocalAttachmentStorage(dir)),
    config: ingressConfig,
    logger,
  });
  const ingressPort = await ingress.listen();
  closing.push(() => ingress.close());

  // The floor: what any SMTP server that keeps each message in PostgreSQL before 250 costs.
  const plain = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        pool
          .query('insert into plain_mail (raw, received_at) values ($1, now())', [Buffer.concat(chunks)])
          .then(() => callback(), callback);
      });
    },
  });
  const plainPort = await new Promise<number>((resolve) => {
    plain.listen(0, '127.0.0.1', () => resolve((plain.server.address() as { port: number }).port));
  });
  closing.push(() => new Promise<void>((resolve) => plain.close(() => resolve())));

  /** Sends `count` messages over a pool of connections; resolves with the seconds it took. */
  const burst = async (port: number, prefix: string): Promise<number> => {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: connections,
      maxMessages: Number.POSITIVE_INFINITY,
    });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: messages }, (_, n) =>
        transport.sendMail({ envelope: { from: 'bob@customer.test', to: [MAILBOX] }, raw: message(`${prefix}-${n}`) }),
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    transport.close();
    return seconds;
  };

  const ratios: number[] = [];
  const engineRates: number[] = [];
  const plainRates: number[] = [];
  // The CPU each side's rounds used, summed: rates follow the machine's load, CPU a message far less.
  const cpuOf = { engine: [] as [CpuUse, CpuUse][], plain: [] as [CpuUse, CpuUse][] };
  const metered = async (side: keyof typeof cpuOf, run: () => Promise<number>) => {
    const start = cpuNow();
    const seconds = await run();
    cpuOf[side].push([start, cpuNow()]);
    return seconds;
  };
  const summed = (spans: [CpuUse, CpuUse][]) =>
    cpuPerItem(
      { node: 0, mainThread: 0, postgres: 0 },
      spans.reduce(
        (total, [start, end]) => ({
          node: total.node + end.node - start.node,
          mainThread: total.mainThread + end.mainThread - start.mainThread,
          postgres: total.postgres + end.postgres - start.postgres,
        }),
        { node: 0, mainThread: 0, postgres: 0 },
      ),
      spans.length * messages,
    );
  // A warm-up of each, not counted: connections, JIT, the table's first pages.
  await burst(ingressPort, 'warm-engine');
  await burst(plainPort, 'warm-plain');
  for (let round = 0; round < rounds; round++) {
    let engine = 0;
    let floor = 0;
    await alternately(
      round,
      async () => {
        engine = messages / (await metered('engine', () => burst(ingressPort, `engine-${round}`)));
      },
      async () => {
        floor = messages / (await metered('plain', () => burst(plainPort, `plain-${round}`)));
      },
    );
    engineRates.push(engine);
    plainRates.push(floor);
    ratios.push(engine / floor);
    console.log(
      `  round ${round + 1}: ingress ${Math.round(engine)} messages/s, plain ${Math.round(floor)} messages/s, ${(engine / floor).toFixed(2)}x`,
    );
  }
  const recorded = await db
    .selectFrom('mail_in_messages')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const expected = (rounds + 1) * messages;
  if (Number(recorded.n) !== expected) throw new Error(`recorded ${recorded.n} messages, expected ${expected}`);
  console.log(
    `ingress: ${Math.round(median(engineRates))} messages/s; plain smtp-server into PostgreSQL: ${Math.round(median(plainRates))} messages/s`,
  );
  console.log(
    `ratio: ${median(ratios).toFixed(2)}x (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}), target >= 0.5x`,
  );
  console.log(`CPU a message, ingress: ${summed(cpuOf.engine)}; plain: ${summed(cpuOf.plain)}`);

  // Paced: one message every 1/rate s, each on the pool, timed from its send to its 250.
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: ingressPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: connections,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const latencies: number[] = [];
  const sends: Promise<unknown>[] = [];
  const start = performance.now();
  for (let n = 0; n < rate * pacedSeconds; n++) {
    const due = start + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const sent = performance.now();
    sends.push(
      transport
        .sendMail({ envelope: { from: 'bob@customer.test', to: [MAILBOX] }, raw: message(`paced-${n}`) })
        .then(() => latencies.push(performance.now() - sent)),
    );
  }
  await Promise.all(sends);
  transport.close();
  latencies.sort((a, b) => a - b);
  console.log(
    `paced ${rate} messages/s for ${pacedSeconds} s: DATA to recorded (250) p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms`,
  );

  // Mail to ticket: the ingress with the processor behind it (its fast path), from the first send
  // until every message's ticket is recorded (the row `done`); DNS answers nothing (no network).
  const store = createPostgresEventStore({ connectionString: url });
  closing.push(() => store.close());
  await migrateEventStore(store.db);
  await migrateReadModels(db as never);
  await migrateAttachments(db as never);
  await migrateDelivery(db as never);
  // The ingress rounds' messages are set aside: the processor's loop would otherwise work through
  // thousands of them beside the messages measured.
  await sql`update mail_in_messages set state = 'done' where state = 'pending'`.execute(db);
  const noDns: MailDnsResolver = async (domain) => {
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
  };
  const storage = await createLocalAttachmentStorage(dir);
  const processor = createMailProcessor({
    db,
    storage,
    bus: createCommandBus(store, () => new Date()),
    threadKey: randomBytes(32),
    ownAddresses: [MAILBOX],
    resolver: noDns,
    mta: 'mx.bench.test',
    ...(concurrency === undefined ? {} : { concurrency }),
  });
  processor.start();
  closing.push(() => processor.stop());
  const ticketed = createSmtpIngress({
    sink: createMailSink(db, storage),
    config: { ...ingressConfig, port: 0 },
    logger,
    onRecorded: async (key, raw) => {
      await processor.processNow(key, raw);
    },
  });
  const ticketedPort = await ticketed.listen();
  closing.push(() => ticketed.close());
  const done = async (prefix: string) =>
    Number(
      (
        await sql<{ n: string }>`select count(*) as n from mail_in_messages
          where message_id like ${`${prefix}-%`} and state = 'done' and ticket_id is not null`.execute(db)
      ).rows[0]!.n,
    );
  const ticketCount = Math.min(messages, fromEnv('BENCH_TICKETS', 2_000));
  const cpuAtStart = cpuNow();
  const started = performance.now();
  const ticketTransport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: ticketedPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: connections,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  await Promise.all(
    Array.from({ length: ticketCount }, (_, n) =>
      ticketTransport.sendMail({ envelope: { from: 'bob@customer.test', to: [MAILBOX] }, raw: message(`ticket-${n}`) }),
    ),
  );
  // Polled every 100 ms: the count scans the table (thousands of rows after the ingress's rounds),
  // and polled faster it took the database time the processor needs.
  while ((await done('ticket')) < ticketCount) await sleep(100);
  const ticketRate = ticketCount / ((performance.now() - started) / 1000);
  const ticketCpu = cpuPerItem(cpuAtStart, cpuNow(), ticketCount);
  console.log(
    `mail to ticket: ${ticketCount} messages in ${Math.round(ticketRate)} tickets/s, ${(ticketRate / median(plainRates)).toFixed(2)}x the plain smtp-server's median rate (target >= 0.5x)`,
  );
  console.log(`CPU a message, mail to ticket (ingress and processor): ${ticketCpu}`);
  // The tickets projection from here on, as the API runs it: caught up on the burst's tickets
  // first, then each committed batch's checkpoint and instant kept (a ticket is visible from then).
  const batches: { readonly at: number; readonly checkpoint: Checkpoint }[] = [];
  const stopProjector = new AbortController();
  const projecting = runProjector(
    {
      store,
      db: db as never,
      connectionString: url,
      projection: createTicketsProjection(),
      onBatch: ({ checkpoint }) => batches.push({ at: Date.now(), checkpoint }),
    },
    stopProjector.signal,
  );
  closing.push(async () => {
    stopProjector.abort();
    await projecting;
  });
  // Caught up: a batch committed at or past the log's last event (the burst's tickets have more
  // events than their opening: SLA terms, the ticket's policy).
  const head = (
    await sql<{ transaction_id: string; global_position: string }>`select transaction_id::text, global_position::text
      from events order by transaction_id desc, global_position desc limit 1`.execute(db)
  ).rows[0]!;
  const last = { transactionId: BigInt(head.transaction_id), globalPosition: BigInt(head.global_position) };
  while (!batches.some((batch) => compareCheckpoints(batch.checkpoint, last) >= 0)) await sleep(50);
  // Paced, each message's latency from its send to its ticket recorded (processed_at, the same clock).
  const sentAt = new Map<string, number>();
  const pacedStart = Date.now();
  for (let n = 0; n < rate * pacedSeconds; n++) {
    const wait = pacedStart + (n * 1000) / rate - Date.now();
    if (wait > 0) await sleep(wait);
    sentAt.set(`ticket-paced-${n}@customer.test`, Date.now());
    void ticketTransport.sendMail({
      envelope: { from: 'bob@customer.test', to: [MAILBOX] },
      raw: message(`ticket-paced-${n}`),
    });
  }
  while ((await done('ticket-paced')) < rate * pacedSeconds) await sleep(100);
  ticketTransport.close();
  const rows = await sql<{ message_id: string; processed_at: Date; transaction_id: string; global_position: string }>`
    select m.message_id, m.processed_at, e.transaction_id::text, e.global_position::text
    from mail_in_messages m join events e on e.stream_id = 'ticket-' || m.ticket_id and e.type = 'TicketOpened'
    where m.message_id like 'ticket-paced-%'`.execute(db);
  const toTicket = rows.rows
    .map((row) => row.processed_at.getTime() - sentAt.get(row.message_id)!)
    .sort((a, b) => a - b);
  console.log(
    `paced ${rate} messages/s: mail to ticket recorded p50 ${quantile(toTicket, 0.5)} ms, p99 ${quantile(toTicket, 0.99)} ms`,
  );
  // The first committed batch at or past each ticket's opening: the instant it reads in the read model.
  const visibleAt = async (opened: Checkpoint) => {
    for (;;) {
      const batch = batches.find((entry) => compareCheckpoints(entry.checkpoint, opened) >= 0);
      if (batch !== undefined) return batch.at;
      await sleep(20);
    }
  };
  const toVisible: number[] = [];
  for (const row of rows.rows) {
    const opened = { transactionId: BigInt(row.transaction_id), globalPosition: BigInt(row.global_position) };
    toVisible.push((await visibleAt(opened)) - sentAt.get(row.message_id)!);
  }
  toVisible.sort((a, b) => a - b);
  console.log(
    `paced ${rate} messages/s: mail to ticket visible (read model) p50 ${quantile(toVisible, 0.5)} ms, p99 ${quantile(toVisible, 0.99)} ms (target p99 < 1 s)`,
  );
} finally {
  // Each part closed even when one before it fails, so the server stops with no client left on it.
  for (const close of closing.reverse())
    await close().catch((error: unknown) => console.error('closing the benchmark failed:', error));
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}
