/**
 * Attachment upload and download through the API versus a plain fastify route streaming the same
 * bytes to and from the same store, in the same run (and the same process).
 *
 * API upload is what a client does: the GraphQL mutation `createAttachmentUpload` (customer JWT;
 * it signs the URL's grant and writes nothing), then a `PUT` of the bytes to the URL it answered
 * (the grant verified, type sniffed from the first 4 KB, SHA-256 on the way, the size limit
 * enforced, the upload's row written as the bytes arrive and completed once they are stored).
 * API download is `GET /attachments/<id>` as an agent, on files a customer uploaded and that
 * ticket messages carry: the rows are written straight into the read model's `ticket_messages` (beside
 * `BENCH_MESSAGES` other messages with files), so the download's authorization finds the file
 * the way it does in production (the upload's row, then a message the reader may see).
 * The baseline is a plain fastify route on the same storage instance: `PUT /raw/:key` streams
 * the request into `storage.write`, `GET /raw/:key` verifies the same JWT with the API's own
 * authenticator and streams `storage.read`. Storage is a local folder in a temp dir, or with
 * `BENCH_STORAGE=s3` a bucket on the S3-compatible server (versitygw, `npm run setup:s3`).
 *
 * Files of 1 MiB and 20 MiB (a PNG header, then random bytes), `BENCH_CONCURRENCY` transfers at
 * a time. The clients run in a child process (`bench/lib/transfer-client.ts`: `node:http`,
 * keep-alive, bodies streamed from a buffer in 64 KiB chunks, downloads counted, not kept), so
 * this process holds the servers alone and its RSS is theirs. Each round runs, per size, the
 * uploads, then both downloads, the subjects alternating which goes first (A/B, B/A, ...); every
 * upload's digest is checked against what was sent and every download's length against the
 * file's. Files are removed after each size's downloads (untimed). A warm-up round with a quarter
 * of the files comes first. Reported: MiB/s, transfers/s and p50/p99 per transfer (an API upload:
 * mutation plus PUT; the mutation's p50 beside it), this process's CPU time per transfer (on two
 * cores, where servers, PostgreSQL and clients compete, throughput follows CPU per file), medians
 * over the rounds (5 by default: on this 2-core machine one round's ratio moves by ±0.1x), and the
 * median of the per-round ratios (API / baseline, MiB/s) for each size and direction.
 *
 * Beside them, as diagnostics in the same rounds: the API's one-request upload (`POST
 * /attachments?fileName=` with the caller's token, no mutation first: what a backend holding a
 * token may use; `BENCH_DIRECT=0` leaves it out), and the two-step **ceiling**: the API's
 * mutation, then the plain route's PUT (`BENCH_CEILING=0` leaves it out). The ceiling is what the
 * two-step upload would reach if its PUT cost no more than the baseline's: the mutation's share
 * alone. And the **plain pair** (`BENCH_PLAIN_PAIR=0` leaves it out): the mutation's body posted
 * to a plain fastify JSON route on the baseline's server (`POST /grant`: the token verified, an
 * answer of the mutation's shape), then the plain route's PUT: what any upload made of two
 * requests costs on this machine before GraphQL or any of the engine's work. The uploads rotate
 * which goes first.
 *
 * Memory: this process is sampled every 25 ms during each phase, after a forced GC at its start:
 * peak RSS, and peak `heapUsed + external` over its value at the start. The file size must not
 * show: judged on the API's phases, the 20 MiB phases' peak `heapUsed + external` growth (largest
 * over the rounds) must stay under 1.5x the 1 MiB phases' or under 1 MiB's + 32 MiB, whichever
 * is larger. (Holding four 20 MiB files at once would be 80 MiB. On S3 the adapter buffers 5 MiB
 * parts, so both subjects' uploads grow up to about two parts per file: compare with the baseline,
 * and with a larger size, `BENCH_LARGE_MIB`, to see where memory levels off.)
 *
 *   node --conditions=@support-engine/source --import tsx bench/attachments.ts
 *   # BENCH_ROUNDS=5 BENCH_CONCURRENCY=4 BENCH_SMALL_FILES=400 BENCH_LARGE_FILES=32 BENCH_MESSAGES=10000
 *   # BENCH_WARMUP=1 BENCH_DIRECT=1 BENCH_CEILING=1 BENCH_PLAIN_PAIR=1 BENCH_STORAGE=local|s3 BENCH_LARGE_MIB=20
 *
 * Targets: API >= 0.7x the baseline's throughput for each size and direction; the API process's
 * memory does not grow with file size.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  type AttachmentStorage,
  createLocalAttachmentStorage,
  createS3AttachmentStorage,
  mintToken,
} from '@support-engine/api';
import { DEFAULT_ATTACHMENT_LIMITS } from '@support-engine/domain/attachment';
import type { ReadModelTables } from '@support-engine/projections';
import { startS3Server } from '@support-engine/servers';
import { type Kysely, sql } from 'kysely';
import { BENCH_SECRET, startApiPair } from './lib/api-pair.js';
import { alternately, fromEnv, median, quantile } from './lib/measure.js';
import { type JobResult, type StoredFile, startTransferClient, type TransferClient } from './lib/transfer-client.js';

const MiB = 1024 * 1024;
const TARGET_RATIO = 0.7;
/** The memory rule: the 20 MiB phases' growth may exceed the 1 MiB phases' by this factor or this many bytes. */
const MEMORY_FACTOR = 1.5;
const MEMORY_SLACK = 32 * MiB;

type Subject = 'api' | 'direct' | 'ceiling' | 'plain-pair' | 'baseline';
/** The uploads measured beside the pair, for diagnosis: no target of their own. */
type Diagnostic = 'direct' | 'ceiling' | 'plain-pair';
type Direction = 'upload' | 'download';

/** What this process's memory did during one phase. */
interface Memory {
  readonly rssAtStart: number;
  readonly peakRss: number;
  /** Peak `heapUsed + external` minus its value at the phase's start (after a GC). */
  readonly heapExternalGrowth: number;
}

/** One phase: one subject, one size, one direction. */
interface Phase {
  readonly mibPerSecond: number;
  readonly transfersPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** API uploads: the mutation's p50. */
  readonly mutationP50Ms: number | null;
  readonly memory: Memory;
  /** CPU time (user + system) of this process, the servers', per transfer. */
  readonly cpuMsPerTransfer: number;
}

interface Pair {
  readonly api: Phase;
  readonly baseline: Phase;
  readonly ratio: number;
  /**
   * Uploads: the API's one-request upload (unless `BENCH_DIRECT=0`), the two-step ceiling
   * (unless `BENCH_CEILING=0`) and the plain pair (unless `BENCH_PLAIN_PAIR=0`), each with its
   * ratio to the baseline.
   */
  readonly diagnostics: ReadonlyMap<Diagnostic, { readonly phase: Phase; readonly ratio: number }>;
}

/** How each diagnostic upload is named in the output, and what it is. */
const DIAGNOSTICS: Record<Diagnostic, { readonly label: string; readonly what: string }> = {
  direct: { label: 'one-req', what: 'one-request upload (POST /attachments, no mutation)' },
  ceiling: { label: 'ceiling', what: "two-step ceiling (the API's mutation, then the plain route's PUT)" },
  'plain-pair': { label: 'plain 2', what: 'plain pair (a plain JSON POST verifying the token, then the plain PUT)' },
};

// A GC before each phase, so the heap and external figures start from what is live.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Samples `process.memoryUsage()` every 25 ms until `stop`, from a collected heap (two GCs 50 ms
 * apart: buffers a GC frees are released a little after it).
 */
async function sampleMemory() {
  gc();
  await sleep(50);
  gc();
  const start = process.memoryUsage();
  const startHeapExternal = start.heapUsed + start.external;
  let peakRss = start.rss;
  let peakHeapExternal = startHeapExternal;
  const sample = () => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeapExternal = Math.max(peakHeapExternal, now.heapUsed + now.external);
  };
  const timer = setInterval(sample, 25);
  return {
    stop(): Memory {
      clearInterval(timer);
      sample();
      return { rssAtStart: start.rss, peakRss, heapExternalGrowth: peakHeapExternal - startHeapExternal };
    },
  };
}

/** Runs one client job while sampling memory. */
async function phase(client: TransferClient, job: Parameters<TransferClient['run']>[0]) {
  const sampling = await sampleMemory();
  const cpuAtStart = process.cpuUsage();
  const result: JobResult = await client.run(job).catch((error: unknown) => {
    sampling.stop();
    throw error;
  });
  const memory = sampling.stop();
  const cpu = process.cpuUsage(cpuAtStart);
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  const mutations = [...result.mutationMs].sort((a, b) => a - b);
  const measured: Phase = {
    mibPerSecond: result.bytes / MiB / result.seconds,
    transfersPerSecond: sorted.length / result.seconds,
    p50Ms: quantile(sorted, 0.5),
    p99Ms: quantile(sorted, 0.99),
    mutationP50Ms: mutations.length > 0 ? quantile(mutations, 0.5) : null,
    memory,
    cpuMsPerTransfer: (cpu.user + cpu.system) / 1000 / sorted.length,
  };
  return { phase: measured, stored: result.stored };
}

/**
 * The baseline's routes on `baseline`: the request streamed into `storage` as is, and the stored
 * bytes streamed back to a caller whose JWT the API's authenticator accepts; and for the plain
 * pair, `POST /grant`: a JSON body parsed by fastify, the token verified, and an answer shaped
 * like the mutation's (the URL as long as a signed grant's).
 */
async function baselineRoutes(
  baseline: Awaited<ReturnType<typeof startApiPair>>['baseline'],
  storage: AttachmentStorage,
  authenticate: (header: string | undefined) => Promise<unknown>,
): Promise<void> {
  baseline.post<{ Body: { variables?: { f?: string } } }>('/grant', async (request, reply) => {
    const principal = await authenticate(request.headers.authorization).catch(() => null);
    if (principal === null) return reply.code(401).send({ errors: [{ message: 'Authentication required' }] });
    const attachmentId = randomUUID();
    const fileName = request.body.variables?.f ?? 'file';
    return reply.send({
      data: {
        createAttachmentUpload: {
          attachmentId,
          uploadUrl: `/raw/${Buffer.from(JSON.stringify({ attachmentId, fileName, principal })).toString('base64url')}`,
          method: 'PUT',
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          maxBytes: 25 * MiB,
        },
      },
    });
  });
  await baseline.register(async (scope) => {
    // Leave bodies unread, as the API's attachment routes do.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));
    scope.put<{ Params: { key: string } }>('/raw/:key', async (request, reply) => {
      await storage.write(request.params.key, request.raw);
      return reply.status(201).send({ key: request.params.key });
    });
    scope.get<{ Params: { key: string } }>('/raw/:key', async (request, reply) => {
      const principal = await authenticate(request.headers.authorization).catch(() => null);
      if (principal === null) return reply.code(401).send({ errors: [{ message: 'Authentication required' }] });
      const found = await storage.read(request.params.key);
      if (found === null) return reply.code(404).send({ errors: [{ message: 'Not found' }] });
      return reply.header('content-type', 'image/png').header('content-length', found.size).send(found.body);
    });
  });
}

/** `count` other ticket messages with a file each, so the download's containment query searches a populated index. */
async function seedMessages(db: Kysely<ReadModelTables>, count: number): Promise<void> {
  if (count <= 0) return;
  await sql`
    insert into ticket_messages (message_id, ticket_id, seq, author_kind, author_id, source, internal, body, at, attachments)
    select 'seed-' || n, 'seed-ticket-' || (n / 4), n % 4, 'customer', 'customer-' || (n % 500), 'reply', false,
      'Here is the screenshot ' || n, timestamptz '2026-01-01' + n * interval '1 minute',
      jsonb_build_array(jsonb_build_object('attachmentId', gen_random_uuid()::text, 'fileName', 'shot-' || n || '.png',
        'contentType', 'image/png', 'size', 1000 + n, 'sha256', md5(n::text) || md5(n::text)))
    from generate_series(1, ${count}) as n`.execute(db);
  await sql`vacuum (analyze) ticket_messages`.execute(db);
}

/** Each uploaded file on a customer's reply of its own ticket, as the projection would have written it. */
async function attachToMessages(db: Kysely<ReadModelTables>, files: readonly StoredFile[], round: number) {
  const at = new Date().toISOString();
  await db
    .insertInto('ticket_messages')
    .values(
      files.map((file, n) => ({
        message_id: `bench-message-${file.id}`,
        ticket_id: `bench-ticket-${round}-${n}`,
        seq: 1,
        author_kind: 'customer',
        author_id: 'bench-customer',
        source: 'reply',
        internal: false,
        body: 'The screenshot of the error',
        at,
        attachments: JSON.stringify([
          {
            attachmentId: file.id,
            fileName: file.fileName,
            contentType: file.contentType,
            size: file.size,
            sha256: file.sha256,
          },
        ]),
        articles: '[]',
      })),
    )
    .execute();
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const signedMib = (bytes: number) => `${bytes >= 0 ? '+' : ''}${mib(bytes)}`;
const sizeName = (size: number) => `${size / MiB} MiB`;

const phaseLine = (name: string, p: Phase) =>
  `${name.padEnd(9)} ${p.mibPerSecond.toFixed(1).padStart(7)} MiB/s ${p.transfersPerSecond.toFixed(1).padStart(7)} files/s` +
  `   p50 ${p.p50Ms.toFixed(1).padStart(6)} ms   p99 ${p.p99Ms.toFixed(1).padStart(6)} ms` +
  `   CPU ${p.cpuMsPerTransfer.toFixed(1).padStart(5)} ms/file` +
  (p.mutationP50Ms === null ? '' : `   (mutation p50 ${p.mutationP50Ms.toFixed(1)} ms)`);

const memoryLine = (p: Phase) =>
  `peak RSS ${mib(p.memory.peakRss)} (${signedMib(p.memory.peakRss - p.memory.rssAtStart)}), heap+external ${signedMib(p.memory.heapExternalGrowth)}`;

/** The medians of several phases, field by field (memory: the largest growth and peak). */
function medianPhase(phases: readonly Phase[]): Phase {
  const mutations = phases.map((p) => p.mutationP50Ms).filter((m): m is number => m !== null);
  return {
    mibPerSecond: median(phases.map((p) => p.mibPerSecond)),
    transfersPerSecond: median(phases.map((p) => p.transfersPerSecond)),
    p50Ms: median(phases.map((p) => p.p50Ms)),
    p99Ms: median(phases.map((p) => p.p99Ms)),
    mutationP50Ms: mutations.length > 0 ? median(mutations) : null,
    cpuMsPerTransfer: median(phases.map((p) => p.cpuMsPerTransfer)),
    memory: {
      rssAtStart: Math.min(...phases.map((p) => p.memory.rssAtStart)),
      peakRss: Math.max(...phases.map((p) => p.memory.peakRss)),
      heapExternalGrowth: Math.max(...phases.map((p) => p.memory.heapExternalGrowth)),
    },
  };
}

/** The storage the run uses, and how to dispose of it. */
async function openStorage(kind: string): Promise<{ storage: AttachmentStorage; close(): Promise<void> }> {
  if (kind === 's3') {
    const s3 = await startS3Server({ buckets: ['bench'] });
    const bucket = createS3AttachmentStorage({
      bucket: 'bench',
      endpoint: s3.endpoint,
      region: s3.region,
      accessKeyId: s3.accessKey,
      secretAccessKey: s3.secretKey,
    });
    return {
      storage: bucket,
      async close() {
        bucket.close();
        await s3.stop();
      },
    };
  }
  if (kind !== 'local') throw new Error(`BENCH_STORAGE must be local or s3, not ${kind}`);
  const dir = await mkdtemp(join(tmpdir(), 'bench-attachments-'));
  return {
    storage: await createLocalAttachmentStorage(dir),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs the bench and prints its numbers. */
export async function runAttachmentsBench(): Promise<void> {
  const rounds = fromEnv('BENCH_ROUNDS', 5);
  const concurrency = fromEnv('BENCH_CONCURRENCY', 4);
  const small = 1 * MiB;
  const large = fromEnv('BENCH_LARGE_MIB', 20) * MiB;
  const counts = new Map([
    [small, fromEnv('BENCH_SMALL_FILES', 400)],
    [large, fromEnv('BENCH_LARGE_FILES', 32)],
  ]);
  const messages = fromEnv('BENCH_MESSAGES', 10_000);
  const warmup = fromEnv('BENCH_WARMUP', 1) > 0;
  const storageKind = process.env.BENCH_STORAGE || 'local';
  const diagnostics: Diagnostic[] = [
    ...(fromEnv('BENCH_DIRECT', 1) > 0 ? (['direct'] as const) : []),
    ...(fromEnv('BENCH_CEILING', 1) > 0 ? (['ceiling'] as const) : []),
    ...(fromEnv('BENCH_PLAIN_PAIR', 1) > 0 ? (['plain-pair'] as const) : []),
  ];
  const sizes = [small, large];

  const { storage, close: closeStorage } = await openStorage(storageKind);
  // The deployment's default limit (25 MiB) is raised when the large size passes it.
  const limits = { ...DEFAULT_ATTACHMENT_LIMITS, maxBytes: Math.max(DEFAULT_ATTACHMENT_LIMITS.maxBytes, large) };
  // Every file stays unattached (one customer uploads them all): the quotas are raised out of the
  // way, their check (one transaction per upload) still run.
  const attachmentQuota = { perCallerBytes: 2 ** 40, perDeploymentBytes: 2 ** 40 };
  const pair = await startApiPair({ attachmentStorage: storage }, { attachments: limits, attachmentQuota });
  const { db, api, baseline, authenticate } = pair;
  let client: TransferClient | undefined;
  try {
    await baselineRoutes(baseline, storage, authenticate);
    await seedMessages(db, messages);
    const apiOrigin = await api.listen({ port: 0, host: '127.0.0.1' });
    const baselineOrigin = await baseline.listen({ port: 0, host: '127.0.0.1' });
    const customer = await mintToken({ sub: 'bench-customer', role: 'customer' }, BENCH_SECRET, 3600);
    const agent = await mintToken({ sub: 'bench-agent', role: 'agent' }, BENCH_SECRET, 3600);
    client = await startTransferClient(sizes);
    const transfers = client;

    const origin = (subject: Subject) => (subject === 'baseline' ? baselineOrigin : apiOrigin);
    const upload = (subject: Subject, size: number, count: number) =>
      phase(transfers, {
        op: 'upload',
        subject,
        origin: origin(subject),
        rawOrigin: baselineOrigin,
        size,
        count,
        concurrency,
        token: customer,
      });
    const download = (subject: Subject, size: number, files: readonly StoredFile[]) =>
      phase(transfers, {
        op: 'download',
        origin: origin(subject),
        paths: files.map((file) => (subject === 'api' ? `/attachments/${file.id}` : `/raw/${file.id}`)),
        size,
        concurrency,
        token: agent,
      });

    /** Per size: both uploads, the API's files put on messages, both downloads, then the files removed. */
    const roundOf = async (index: number, countOf: (size: number) => number) => {
      const result = new Map<string, Pair>();
      for (const size of sizes) {
        const count = countOf(size);
        const stored = new Map<Subject, readonly StoredFile[]>();
        const phases = new Map<Subject, Phase>();
        const up = (subject: Subject) => async () => {
          const { phase, stored: files } = await upload(subject, size, count);
          phases.set(subject, phase);
          stored.set(subject, files);
        };
        // Which goes first rotates with the round (A/B, B/A with two subjects).
        const uploaders: Subject[] = ['api', 'baseline', ...diagnostics];
        for (let n = 0; n < uploaders.length; n++) await up(uploaders[(n + index) % uploaders.length]!)();
        result.set(`${size} upload`, pairOf(phases));
        for (const diagnostic of diagnostics) phases.delete(diagnostic);
        await attachToMessages(db, stored.get('api')!, index);
        const down = (subject: Subject) => async () => {
          phases.set(subject, (await download(subject, size, stored.get(subject)!)).phase);
        };
        await alternately(index, down('api'), down('baseline'));
        result.set(`${size} download`, pairOf(phases));
        for (const files of stored.values()) for (const file of files) await storage.remove(file.id);
      }
      return result;
    };
    const pairOf = (phases: Map<Subject, Phase>): Pair => {
      const api = phases.get('api')!;
      const baseline = phases.get('baseline')!;
      const measured = diagnostics.flatMap((diagnostic) => {
        const phase = phases.get(diagnostic);
        return phase === undefined
          ? []
          : [[diagnostic, { phase, ratio: phase.mibPerSecond / baseline.mibPerSecond }] as const];
      });
      return { api, baseline, ratio: api.mibPerSecond / baseline.mibPerSecond, diagnostics: new Map(measured) };
    };

    console.log(
      `attachments on ${storageKind} storage, concurrency ${concurrency}, ${rounds} rounds; ` +
        `per round ${counts.get(small)} files of 1 MiB and ${counts.get(large)} of ${sizeName(large)} each way per subject; ` +
        `${messages} other messages with files`,
    );
    if (warmup) {
      const started = Date.now();
      await roundOf(0, (size) => Math.max(concurrency, Math.ceil(counts.get(size)! / 4)));
      console.log(`warm-up round (a quarter of the files) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const measured: Map<string, Pair>[] = [];
    for (let index = 0; index < rounds; index++) {
      const started = Date.now();
      const round = await roundOf(index, (size) => counts.get(size)!);
      measured.push(round);
      console.log(`round ${index + 1} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      for (const [key, { api, baseline, ratio, diagnostics: beside }] of round) {
        const [size, direction] = key.split(' ');
        console.log(`  ${sizeName(Number(size))} ${direction}`);
        console.log(`    ${phaseLine('api', api)}\n              ${memoryLine(api)}`);
        console.log(`    ${phaseLine('baseline', baseline)}\n              ${memoryLine(baseline)}`);
        for (const [diagnostic, { phase }] of beside)
          console.log(`    ${phaseLine(DIAGNOSTICS[diagnostic].label, phase)}\n              ${memoryLine(phase)}`);
        const besideRatios = [...beside].map(([d, { ratio: r }]) => `${DIAGNOSTICS[d].label} ${r.toFixed(2)}x`);
        console.log(
          `    ratio     ${ratio.toFixed(2)}x${besideRatios.length === 0 ? '' : ` (${besideRatios.join(', ')})`}`,
        );
      }
    }

    console.log(
      `\nattachments on ${storageKind} storage, concurrency ${concurrency}, median of ${rounds} rounds ` +
        `(memory: the largest over the rounds)`,
    );
    const summary = new Map<string, { api: Phase; baseline: Phase; ratio: number; ratios: number[] }>();
    for (const key of measured[0]?.keys() ?? []) {
      const pairs = measured.map((round) => round.get(key)!);
      const ratios = pairs.map((p) => p.ratio);
      const entry = {
        api: medianPhase(pairs.map((p) => p.api)),
        baseline: medianPhase(pairs.map((p) => p.baseline)),
        ratio: median(ratios),
        ratios,
      };
      summary.set(key, entry);
      const [size, direction] = key.split(' ');
      const met = entry.ratio >= TARGET_RATIO ? 'PASS' : 'FAIL';
      console.log(`${sizeName(Number(size))} ${direction}`);
      console.log(`  ${phaseLine('api', entry.api)}\n            ${memoryLine(entry.api)}`);
      console.log(`  ${phaseLine('baseline', entry.baseline)}\n            ${memoryLine(entry.baseline)}`);
      console.log(
        `  ratio     ${entry.ratio.toFixed(3)}x (rounds ${ratios.map((r) => r.toFixed(2)).join(', ')}; target >= ${TARGET_RATIO}x) ${met}`,
      );
      for (const diagnostic of pairs[0]?.diagnostics.keys() ?? []) {
        const measuredBeside = pairs.map((p) => p.diagnostics.get(diagnostic)!);
        const besideRatios = measuredBeside.map((m) => m.ratio);
        console.log(`  ${phaseLine(DIAGNOSTICS[diagnostic].label, medianPhase(measuredBeside.map((m) => m.phase)))}`);
        console.log(
          `  ${DIAGNOSTICS[diagnostic].what} / baseline: ${median(besideRatios).toFixed(3)}x ` +
            `(rounds ${besideRatios.map((r) => r.toFixed(2)).join(', ')}; diagnostic)`,
        );
      }
    }

    console.log(
      `memory of the API's phases, peak heapUsed+external growth over the phase's start (largest of the rounds); ` +
        `rule: ${sizeName(large)} < max(${MEMORY_FACTOR}x 1 MiB, 1 MiB + ${MEMORY_SLACK / MiB} MiB):`,
    );
    for (const direction of ['upload', 'download'] as Direction[]) {
      const of = (size: number, subject: 'api' | 'baseline') => summary.get(`${size} ${direction}`)![subject].memory;
      const [one, big] = [of(small, 'api'), of(large, 'api')];
      const limit = Math.max(MEMORY_FACTOR * one.heapExternalGrowth, one.heapExternalGrowth + MEMORY_SLACK);
      const met = big.heapExternalGrowth < limit ? 'PASS' : 'FAIL';
      console.log(
        `  ${direction.padEnd(8)} 1 MiB ${signedMib(one.heapExternalGrowth)}, ${sizeName(large)} ${signedMib(big.heapExternalGrowth)} ` +
          `(limit ${mib(limit)}) ${met}; the baseline on the same store: 1 MiB ` +
          `${signedMib(of(small, 'baseline').heapExternalGrowth)}, ${sizeName(large)} ${signedMib(of(large, 'baseline').heapExternalGrowth)}`,
      );
      console.log(
        `           peak RSS of this process (the servers; the clients run in another): ` +
          `1 MiB ${mib(one.peakRss)}, ${sizeName(large)} ${mib(big.peakRss)}`,
      );
    }
  } finally {
    await client?.stop();
    await pair.close();
    await closeStorage();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runAttachmentsBench();
