/** Test support (not a test file): `support-engine <command>` as child processes, run from the sources. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** A running engine process, with what it wrote so far. */
export interface EngineProcess {
  readonly child: ChildProcess;
  readonly name: string;
  stderr(): string;
  /** Its log lines (JSON) and anything else it printed. */
  stdout(): string;
  /** Its exit code once it exits by itself (a one-shot command). */
  exited(): Promise<number | null>;
  /** SIGTERM, then the exit code once it exited (already exited: its code). */
  stop(): Promise<number | null>;
  /** SIGKILL, resolved once it is gone. */
  kill(): Promise<void>;
}

/** Every process started here, so a test's `afterAll` can kill what is left. */
const started: EngineProcess[] = [];

/** Starts `support-engine <command> <args>` with `env` over a minimal environment (PATH, HOME, LOG_LEVEL=warn). */
export function startEngineProcess(
  command: string,
  env: Record<string, string>,
  name = command,
  args: readonly string[] = [],
): EngineProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@support-engine/source', '--import', 'tsx', MAIN, command, ...args],
    {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const process_: EngineProcess = {
    child,
    name,
    stderr: () => text,
    stdout: () => out,
    exited: () => exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  started.push(process_);
  return process_;
}

/** Kills every process {@link startEngineProcess} started that is still running. */
export async function killEngineProcesses(): Promise<void> {
  await Promise.all(started.splice(0).map((p) => p.kill()));
}

/** The body of `url` once it answers 200, polled for up to `timeoutMs` (a worker bundles its workflows first). */
export async function whenServing(url: string, process_: EngineProcess, timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { exitCode } = process_.child;
    if (exitCode !== null) throw new Error(`${process_.name} exited (${exitCode}): ${process_.stderr()}`);
    const response = await fetch(url).catch(() => null);
    if (response?.ok) return response.text();
    if (Date.now() > deadline)
      throw new Error(`${url} (${process_.name}) did not answer within ${timeoutMs} ms: ${process_.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
