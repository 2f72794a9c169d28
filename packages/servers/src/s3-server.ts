import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MissingToolError, ServerSetupError } from './errors.js';
import { portHolder } from './port-holder.js';
import { freePort } from './ports.js';
import { type ProcessIdentity, processIdentity, stopProcess } from './processes.js';
import { TOOLS_DIR } from './tools.js';
import { guardWithWatchdog } from './watchdog.js';

/** Options of {@link startS3Server}. */
export interface S3ServerOptions {
  /** TCP port; a free one when omitted. */
  port?: number;
  /** Address to listen on (default `127.0.0.1`). */
  host?: string;
  /**
   * Root folder of the posix backend: each subfolder is a bucket, each file below it an object.
   * A fresh temp dir (deleted on stop) when omitted; a given one is kept, so its objects survive.
   * Its filesystem must support user extended attributes (ext4, xfs, btrfs, tmpfs on Linux ≥ 6.6).
   */
  dataDir?: string;
  /** Access key id of the server's only account (default `support-engine`). */
  accessKey?: string;
  /** Secret key of that account (default: a random one). */
  secretKey?: string;
  /** Buckets that exist once the server is up (existing ones are kept as they are). */
  buckets?: string[];
}

/** A running S3-compatible server and the credentials of its only account. */
export interface RunningS3Server {
  /** `http://host:port`, for path-style requests (`forcePathStyle: true` in the AWS SDK). */
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  /** The region the server signs for: `us-east-1`. */
  readonly region: string;
  /** The posix backend's root folder (a bucket is a folder in it). */
  readonly dataDir: string;
  /**
   * Stops the server with SIGTERM (its process group is SIGKILLed after 10 s) and deletes the data
   * dir when it was a temporary one. Calling it again waits for the first call.
   */
  stop(): Promise<void>;
}

const REGION = 'us-east-1';
/** What versitygw sends in every response's `Server` header; tells it from another process on the port. */
const SERVER_HEADER = 'VERSITYGW';
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
/** Attempts when the port is not pinned: a free port can still be taken between the probe and the bind. */
const ATTEMPTS = 3;
/** Lower-case S3 bucket names; also keeps a name from reaching outside the data dir. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Where to run versitygw from: `S3_SERVER_PATH`, else the copy `npm run setup:s3` builds into
 * `.tools/s3/bin`. Throws a {@link MissingToolError} that says how to get it when neither exists.
 */
export function s3ServerExecutable(env: NodeJS.ProcessEnv = process.env, toolsDir: string = TOOLS_DIR): string {
  const override = env.S3_SERVER_PATH;
  if (override) {
    if (!existsSync(override)) throw new MissingToolError(`S3_SERVER_PATH=${override} does not exist (versitygw).`);
    return override;
  }
  const local = join(toolsDir, 's3', 'bin', 'versitygw');
  if (existsSync(local)) return local;
  throw new MissingToolError(
    `The S3 server (versitygw) is missing: no ${local} and no S3_SERVER_PATH.\n` +
      '  Run `npm run setup:s3` (it builds versitygw with Go into .tools/s3/bin),\n' +
      '  or set S3_SERVER_PATH to an existing versitygw binary.',
  );
}

/**
 * Starts a real S3-compatible server for tests: versitygw with its posix backend, in single-account
 * mode (one root account with the given keys), as its own process group, watched so it stops when
 * this process dies (see `guardWithWatchdog`). Resolves once it answers HTTP, with `buckets` created.
 *
 * versitygw answers an unknown access key with 404 `XAdminUserNotFound` rather than AWS's 403
 * `InvalidAccessKeyId`; a wrong secret gets the usual 403 `SignatureDoesNotMatch`.
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<RunningS3Server> {
  const executable = s3ServerExecutable();
  for (const bucket of options.buckets ?? [])
    if (!BUCKET_NAME.test(bucket)) throw new RangeError(`not an S3 bucket name: ${JSON.stringify(bucket)}`);
  const temporary = options.dataDir === undefined;
  const dataDir = resolve(options.dataDir ?? (await mkdtemp(join(tmpdir(), 'support-engine-s3-'))));
  try {
    // The posix backend serves every folder of its root as a bucket, owned by the root account in
    // single-account mode, so a folder made before the start is as good as CreateBucket.
    await mkdir(dataDir, { recursive: true });
    for (const bucket of options.buckets ?? []) await mkdir(join(dataDir, bucket), { recursive: true });
    for (let attempt = 1; ; attempt++) {
      try {
        return await startOnce(executable, dataDir, temporary, options);
      } catch (error) {
        if (!(error instanceof PortTaken) || options.port !== undefined || attempt >= ATTEMPTS)
          throw await explainPortTaken(error);
      }
    }
  } catch (error) {
    if (temporary) await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** versitygw could not bind its port (someone else has it). */
class PortTaken extends ServerSetupError {
  constructor(
    readonly port: number,
    message: string,
  ) {
    super(message);
  }
}

async function startOnce(
  executable: string,
  dataDir: string,
  temporary: boolean,
  options: S3ServerOptions,
): Promise<RunningS3Server> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort());
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const endpoint = `http://${address}`;
  const accessKey = options.accessKey ?? 'support-engine';
  const secretKey = options.secretKey ?? randomBytes(20).toString('hex');
  const child = spawn(executable, ['--quiet', '--port', address, '--region', REGION, 'posix', dataDir], {
    // Its own process group, like the other servers: a stop that times out kills the whole group.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: gatewayEnv(accessKey, secretKey),
  });
  const stderr = tail(child);
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`));
  });
  const identity = await processIdentity(child.pid ?? -1);
  if (identity !== undefined) guardWithWatchdog(identity, 'SIGTERM');
  const stopServer = async () => {
    if (identity !== undefined) await stopProcess(identity, { signal: 'SIGTERM', timeoutMs: STOP_TIMEOUT_MS });
  };
  try {
    await untilAnswering(endpoint, port, exited, stderr);
    if (identity === undefined) throw new ServerSetupError(`versitygw exited right after starting: ${stderr()}`);
  } catch (error) {
    await stopServer();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    endpoint,
    accessKey,
    secretKey,
    region: REGION,
    dataDir,
    stop() {
      stopped ??= stopServer().then(async () => {
        if (temporary) await rm(dataDir, { recursive: true, force: true });
      });
      return stopped;
    },
  };
}

// versitygw reads most flags from the environment too (VGW_*, ROOT_ACCESS_KEY_ID, LOGFILE, …):
// drop whatever the caller's shell has set, so a developer's own gateway settings cannot change
// the test server. The keys go by environment rather than flags to stay out of `ps` output.
function gatewayEnv(accessKey: string, secretKey: string): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !name.startsWith('VGW_') && !name.startsWith('ROOT_') && name !== 'LOGFILE' && name !== 'WEBHOOK',
  );
  return { ...Object.fromEntries(inherited), ROOT_ACCESS_KEY_ID: accessKey, ROOT_SECRET_ACCESS_KEY: secretKey };
}

/** Keeps the last few KB of the child's stderr for error messages; drains stdout so the pipe never fills. */
function tail(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.resume();
  child.stderr?.on('data', (chunk: Buffer) => {
    text = (text + String(chunk)).slice(-4_000);
  });
  return () => text.trim();
}

// Polls until versitygw answers HTTP (an unsigned request gets 403, which is enough); gives up
// when the process exits (its stderr says why) or after the timeout.
async function untilAnswering(
  endpoint: string,
  port: number,
  exited: Promise<string>,
  stderr: () => string,
): Promise<void> {
  let ended: string | undefined;
  void exited.then((why) => {
    ended = why;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (ended !== undefined) {
      const output = stderr();
      if (output.includes('address already in use'))
        throw new PortTaken(port, `versitygw could not listen on port ${port}: ${output}`);
      throw new ServerSetupError(`versitygw exited while starting (${ended}): ${output || '(no output)'}`);
    }
    if (Date.now() > deadline)
      throw new ServerSetupError(
        `versitygw did not answer on ${endpoint} within ${READY_TIMEOUT_MS} ms; its stderr: ${stderr() || '(empty)'}`,
      );
    const response = await fetch(endpoint, { signal: AbortSignal.timeout(1_000) }).catch(() => undefined);
    await response?.body?.cancel();
    // Only versitygw's own answer counts, not another process's on a port it failed to bind.
    if (response?.headers.get('server') === SERVER_HEADER) return;
    await sleep(100);
  }
}

// A pinned port that is taken: name the process holding it, when /proc shows it.
async function explainPortTaken(error: unknown): Promise<unknown> {
  if (!(error instanceof PortTaken)) return error;
  const holder: ProcessIdentity | undefined = await portHolder(error.port);
  if (holder === undefined) return error;
  return new ServerSetupError(
    `${error.message}\n  Port ${error.port} is held by pid ${holder.pid}: ${holder.command}`,
    {
      cause: error,
    },
  );
}
