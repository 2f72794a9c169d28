/**
 * The attachments bench's load generator (`bench/attachments.ts`): uploads and downloads over
 * `node:http` with a keep-alive agent, in a child process of its own, so the clients share
 * neither the servers' event loop nor their process (the bench's process then holds the servers
 * alone, and its RSS is theirs). Request bodies stream from one pre-generated buffer per size in
 * 64 KiB chunks, honouring back-pressure; downloaded bytes are counted, never kept.
 *
 * Start it with {@link startTransferClient}; the child's entry point is the bottom of this file.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Agent, type IncomingMessage, request } from 'node:http';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A 1x1 PNG: what each file starts with, so the API reads it as `image/png`. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Size of each write of a request body. */
const CHUNK_BYTES = 64 * 1024;

/** The mutation a client calls before each upload. */
const UPLOAD_MUTATION =
  'mutation($f: String!, $c: String) { createAttachmentUpload(input: { fileName: $f, contentType: $c }) { attachmentId uploadUrl method expiresAt maxBytes } }';

/** One phase: `count` transfers, `concurrency` at a time. */
export type Job =
  | {
      readonly op: 'upload';
      /**
       * `api`: the GraphQL mutation, then a PUT to the URL it answered; `direct`: the API's
       * one-request upload (`POST /attachments?fileName=`, with the token); `baseline`: a PUT to
       * `/raw/<new key>`; `ceiling`: the API's mutation, then the baseline's PUT (`rawOrigin`),
       * what a two-step upload would reach if its PUT cost no more than the plain route's;
       * `plain-pair`: the same mutation's body posted to the baseline's plain JSON route
       * (`/grant`, token verified), then its PUT: what any upload in two requests costs, before
       * GraphQL or any of the engine's work.
       */
      readonly subject: 'api' | 'direct' | 'baseline' | 'ceiling' | 'plain-pair';
      readonly origin: string;
      /** `ceiling` and `plain-pair`: the baseline's origin, where their PUT goes. */
      readonly rawOrigin?: string;
      readonly size: number;
      readonly count: number;
      readonly concurrency: number;
      /** The uploader's JWT (for the mutation and the one-request upload; neither PUT carries it). */
      readonly token: string;
    }
  | {
      readonly op: 'download';
      readonly origin: string;
      /** One GET per path. */
      readonly paths: readonly string[];
      readonly size: number;
      readonly concurrency: number;
      /** The reader's JWT. */
      readonly token: string;
    };

/** What a phase measured; any failed or wrong transfer fails the whole job instead. */
export interface JobResult {
  /** From the first request to the last answer. */
  readonly seconds: number;
  readonly bytes: number;
  /** Per transfer (an API upload: mutation plus PUT), in milliseconds, in completion order. */
  readonly latenciesMs: readonly number[];
  /** API uploads: the mutation's share of each. */
  readonly mutationMs: readonly number[];
  /** Uploads: the stored files' ids (API) or keys (baseline). */
  readonly stored: readonly StoredFile[];
}

/** An uploaded file, as the server answered it (the baseline answers only its key). */
export interface StoredFile {
  readonly id: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
}

/** The running child. */
export interface TransferClient {
  run(job: Job): Promise<JobResult>;
  stop(): Promise<void>;
}

type Reply = { id: number; result?: JobResult; error?: string };

/** Forks the client, which first builds one body per size in `sizes` (PNG header, random bytes). */
export async function startTransferClient(sizes: readonly number[]): Promise<TransferClient> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [JSON.stringify(sizes)], {
    execArgv: ['--conditions=@support-engine/source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the transfer client exited (${code}) before it was ready`)));
  });
  child.removeAllListeners('exit');
  let next = 0;
  const pending = new Map<number, { resolve: (r: JobResult) => void; reject: (e: Error) => void }>();
  child.on('message', (message: Reply) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(message.error));
    else waiter?.resolve(message.result!);
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`the transfer client exited (${code})`));
    pending.clear();
  });
  return {
    run: (job) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        child.send({ id, job });
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

// --- the child ---------------------------------------------------------------------------------

interface Body {
  readonly bytes: Buffer;
  readonly sha256: string;
}

function makeBody(size: number): Body {
  const bytes = Buffer.concat([PNG, randomBytes(size - PNG.length)]);
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Streams `body` (if any) in chunks, waiting for `drain`; resolves with the answer once its headers are in. */
function send(
  url: string,
  options: { method: string; headers: Record<string, string | number>; agent: Agent },
  body?: Buffer,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, options, resolve);
    req.once('error', reject);
    if (body === undefined) return void req.end();
    let offset = 0;
    const write = () => {
      while (offset < body.length) {
        const chunk = body.subarray(offset, offset + CHUNK_BYTES);
        offset += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

/** The answer's body as text (small answers only: JSON). */
function text(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.once('error', reject);
  });
}

/** Counts the answer's bytes without keeping them. */
function count(response: IncomingMessage): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    response.once('end', () => resolve(bytes));
    response.once('error', reject);
  });
}

async function runJob(job: Job, bodies: ReadonlyMap<number, Body>, agent: Agent): Promise<JobResult> {
  const latenciesMs: number[] = [];
  const mutationMs: number[] = [];
  const stored: StoredFile[] = [];
  let bytes = 0;
  const total = job.op === 'upload' ? job.count : job.paths.length;
  const body = bodies.get(job.size);
  if (job.op === 'upload' && body === undefined) throw new Error(`no body of ${job.size} bytes`);

  const upload = async (index: number) => {
    const { bytes: payload, sha256 } = body!;
    const fileName = `bench-${index}.png`;
    const put = (url: string, method = 'PUT', authorization?: string) =>
      send(
        url,
        {
          method,
          agent,
          headers: {
            'content-type': 'image/png',
            'content-length': payload.length,
            ...(authorization ? { authorization } : {}),
          },
        },
        payload,
      );
    if (job.op !== 'upload') return;
    const check = async (response: IncomingMessage) => {
      const file = JSON.parse(await text(response)) as StoredFile & { errors?: unknown };
      if (response.statusCode !== 201)
        throw new Error(`API ${job.subject} upload answered ${response.statusCode}: ${JSON.stringify(file)}`);
      if (file.sha256 !== sha256 || file.size !== payload.length || file.contentType !== 'image/png')
        throw new Error(
          `API ${job.subject} upload stored something else: ${JSON.stringify(file)} (sent ${payload.length} bytes, ${sha256})`,
        );
      stored.push({ id: file.id, fileName: file.fileName, contentType: file.contentType, size: file.size, sha256 });
    };
    if (job.subject === 'direct') {
      const url = `${job.origin}/attachments?fileName=${encodeURIComponent(fileName)}`;
      return check(await put(url, 'POST', `Bearer ${job.token}`));
    }
    const putRaw = async (origin: string) => {
      const key = `raw-${randomUUID()}`;
      const response = await put(`${origin}/raw/${key}`);
      const answer = await text(response);
      if (response.statusCode !== 201) throw new Error(`baseline PUT answered ${response.statusCode}: ${answer}`);
      stored.push({ id: key, fileName, contentType: 'image/png', size: payload.length, sha256 });
    };
    if (job.subject === 'baseline') return putRaw(job.origin);
    const started = performance.now();
    const query = JSON.stringify({ query: UPLOAD_MUTATION, variables: { f: fileName, c: 'image/png' } });
    const mutation = await send(
      job.subject === 'plain-pair' ? `${job.rawOrigin}/grant` : `${job.origin}/graphql`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(query),
          authorization: `Bearer ${job.token}`,
        },
      },
      Buffer.from(query),
    );
    const answer = JSON.parse(await text(mutation)) as {
      data?: { createAttachmentUpload: { uploadUrl: string } };
      errors?: unknown;
    };
    if (answer.data?.createAttachmentUpload === undefined)
      throw new Error(`createAttachmentUpload failed: ${JSON.stringify(answer.errors)}`);
    mutationMs.push(performance.now() - started);
    if (job.subject !== 'api') return putRaw(job.rawOrigin!);
    await check(await put(`${job.origin}${answer.data.createAttachmentUpload.uploadUrl}`));
  };

  const download = async (index: number) => {
    if (job.op !== 'download') return;
    const response = await send(`${job.origin}${job.paths[index]}`, {
      method: 'GET',
      agent,
      headers: { authorization: `Bearer ${job.token}` },
    });
    if (response.statusCode !== 200)
      throw new Error(`GET ${job.paths[index]} answered ${response.statusCode}: ${await text(response)}`);
    const got = await count(response);
    if (got !== job.size) throw new Error(`GET ${job.paths[index]} returned ${got} of ${job.size} bytes`);
  };

  let next = 0;
  const worker = async () => {
    for (let index = next++; index < total; index = next++) {
      const started = performance.now();
      await (job.op === 'upload' ? upload(index) : download(index));
      latenciesMs.push(performance.now() - started);
      bytes += job.size;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return { seconds: (performance.now() - started) / 1000, bytes, latenciesMs, mutationMs, stored };
}

if (process.send !== undefined && import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const sizes = JSON.parse(process.argv[2] ?? '[]') as number[];
  const bodies = new Map(sizes.map((size) => [size, makeBody(size)]));
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  process.on('message', (message: { id: number; job: Job }) => {
    runJob(message.job, bodies, agent).then(
      (result) => process.send?.({ id: message.id, result } satisfies Reply),
      (error: Error) => process.send?.({ id: message.id, error: error.stack ?? String(error) } satisfies Reply),
    );
  });
  process.once('disconnect', () => {
    agent.destroy();
    process.exit(0);
  });
  process.send({ ready: true });
}
