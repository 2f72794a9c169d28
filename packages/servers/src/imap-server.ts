import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MissingToolError, ServerSetupError } from './errors.js';
import { processIdentity, stopProcess } from './processes.js';
import { TOOLS_DIR } from './tools.js';
import { guardWithWatchdog } from './watchdog.js';

/** Options of {@link startImapServer}. */
export interface ImapServerOptions {
  /** The login of the server's only user. */
  readonly username: string;
  /** That user's password (on the server's command line: for test servers only). */
  readonly password: string;
  /** Address to listen on (default `127.0.0.1`). */
  readonly host?: string;
  /** A certificate and its key (PEM): the server then offers STARTTLS (it never speaks TLS from the first byte). */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
}

/** A running IMAP server with one user, its mail in memory. */
export interface RunningImapServer {
  readonly host: string;
  /** The port it listens on: plain IMAP (logins allowed without TLS), with STARTTLS when given a certificate. */
  readonly port: number;
  /** Stops the server with SIGTERM (SIGKILLed after 10 s); its mail is gone. Calling it again waits for the first call. */
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
/** The line imapmemserver logs once it listens, with the address it got. */
const LISTENING = /IMAP server listening on (\S+):(\d+)/;

/**
 * Where to run imapmemserver from: `IMAP_SERVER_PATH`, else the copy `npm run setup:imap` builds
 * into `.tools/imap/bin`. Throws a {@link MissingToolError} that says how to get it when neither exists.
 */
export function imapServerExecutable(env: NodeJS.ProcessEnv = process.env, toolsDir: string = TOOLS_DIR): string {
  const override = env.IMAP_SERVER_PATH;
  if (override) {
    if (!existsSync(override))
      throw new MissingToolError(`IMAP_SERVER_PATH=${override} does not exist (imapmemserver).`);
    return override;
  }
  const local = join(toolsDir, 'imap', 'bin', 'imapmemserver');
  if (existsSync(local)) return local;
  throw new MissingToolError(
    `The IMAP server (imapmemserver) is missing: no ${local} and no IMAP_SERVER_PATH.\n` +
      '  Run `npm run setup:imap` (it builds imapmemserver with Go into .tools/imap/bin),\n' +
      '  or set IMAP_SERVER_PATH to an existing imapmemserver binary.',
  );
}

/**
 * Starts a real IMAP server for tests: go-imap's imapmemserver (IMAP4rev2 with IDLE, MOVE, UIDPLUS,
 * APPEND; INBOX, Archive, Trash, Sent, Drafts, Junk, Flagged for its one user), as its own process
 * group, watched so it stops when this process dies (see `guardWithWatchdog`). It binds a port of
 * the kernel's choosing and says which, so no other process can take the port between a probe and
 * the bind; resolves once it listens.
 */
export async function startImapServer(options: ImapServerOptions): Promise<RunningImapServer> {
  const executable = imapServerExecutable();
  const host = options.host ?? '127.0.0.1';
  const listen = `${host.includes(':') ? `[${host}]` : host}:0`;
  // It reads its certificate from files only: a private folder, deleted on stop.
  const tlsDir = options.tls && (await mkdtemp(join(tmpdir(), 'support-engine-imap-')));
  const tlsArgs: string[] = [];
  if (options.tls && tlsDir) {
    await writeFile(join(tlsDir, 'cert.pem'), options.tls.cert);
    await writeFile(join(tlsDir, 'key.pem'), options.tls.key, { mode: 0o600 });
    tlsArgs.push('-tls-cert', join(tlsDir, 'cert.pem'), '-tls-key', join(tlsDir, 'key.pem'));
  }
  const child = spawn(
    executable,
    ['-listen', listen, '-username', options.username, '-password', options.password, '-insecure-auth', ...tlsArgs],
    // Its own process group, like the other servers: a stop that times out kills the whole group.
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const identity = await processIdentity(child.pid ?? -1);
  if (identity !== undefined) guardWithWatchdog(identity, 'SIGTERM');
  const stopServer = async () => {
    if (identity !== undefined) await stopProcess(identity, { signal: 'SIGTERM', timeoutMs: STOP_TIMEOUT_MS });
    if (tlsDir) await rm(tlsDir, { recursive: true, force: true });
  };
  let port: number;
  try {
    port = await listeningPort(child);
  } catch (error) {
    await stopServer();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    host,
    port,
    stop() {
      stopped ??= stopServer();
      return stopped;
    },
  };
}

// Reads stderr until the "listening" line; the rest of stderr is drained so the pipe never fills.
function listeningPort(child: ReturnType<typeof spawn>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => fail(`imapmemserver did not listen within ${READY_TIMEOUT_MS} ms; its stderr: ${text.trim() || '(empty)'}`),
      READY_TIMEOUT_MS,
    );
    const fail = (message: string) => {
      clearTimeout(timer);
      reject(new ServerSetupError(message));
    };
    child.once('error', (error) => fail(`imapmemserver could not start: ${error.message}`));
    child.once('exit', (code, signal) =>
      fail(`imapmemserver exited while starting (${signal ?? `exit ${code}`}): ${text.trim() || '(no output)'}`),
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      text = (text + String(chunk)).slice(-4_000);
      const listening = LISTENING.exec(text);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[2]));
      }
    });
  });
}
