import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLOCK_PRELOAD_FILE } from './clock-offset.js';

/** The kinds of engine process the chaos run starts, each as `support-engine <kind>`. */
export type EngineKind = 'api' | 'worker' | 'projector';

/** What each kind announces in its log once it serves. */
const ANNOUNCEMENT: Record<EngineKind, string> = {
  api: '"msg":"API listening"',
  worker: '"msg":"worker started"',
  projector: '"msg":"projectors running"',
};

/** How this very command was started (the same Node flags and entry point), so its children run the same code. */
function selfCommand(): { file: string; args: string[] } {
  return { file: process.execPath, args: [...process.execArgv, process.argv[1]!] };
}

/**
 * One engine process under the chaos run's supervision: started again at once when killed (as a
 * service manager would), stopped and continued on demand, its output appended to
 * `<dir>/<name>.log`. Ready means announced in its log and answering its probe URL. Its wall
 * clock can be jumped ({@link SupervisedProcess.setClockOffset}).
 */
export class SupervisedProcess {
  #child: ChildProcess | undefined;
  #announced = false;
  #log: WriteStream;
  #stopping = false;
  /** The offset of its wall clock, which the preload reads at start and on SIGUSR2. */
  readonly #clockFile: string;
  /** The preload that reads it, written into the run's folder (writeClockPreload) before any start. */
  readonly #clockPreload: string;
  /** Times it was started, the first included. */
  starts = 0;

  constructor(
    readonly name: string,
    readonly kind: EngineKind,
    private readonly env: Readonly<Record<string, string>>,
    /** `/readyz` of an API, `/healthz` of the others' ops endpoint. */
    readonly probeUrl: string,
    dir: string,
  ) {
    this.#clockFile = join(dir, `${name}.clock`);
    this.#clockPreload = join(dir, CLOCK_PRELOAD_FILE);
    this.#log = createWriteStream(join(dir, `${name}.log`), { flags: 'a' });
    // Output arriving after the log was closed (a child's last words once stopped) is dropped, not thrown.
    this.#log.on('error', () => {});
  }

  /** Its pid while it runs. */
  get pid(): number | undefined {
    return this.#child?.exitCode === null && this.#child.signalCode === null ? this.#child.pid : undefined;
  }

  /** Starts it (again). */
  start(): void {
    const { file, args } = selfCommand();
    // The preload after the Node flags (tsx's loader first), before the entry point.
    const child = spawn(file, [...args.slice(0, -1), '--import', this.#clockPreload, ...args.slice(-1), this.kind], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        LOG_LEVEL: 'info',
        CHAOS_CLOCK_FILE: this.#clockFile,
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.starts++;
    this.#announced = false;
    this.#child = child;
    const announcement = ANNOUNCEMENT[this.kind];
    // The end of the previous chunk too: a line may be split between two.
    let tail = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if ((tail + text).includes(announcement)) this.#announced = true;
      tail = text.slice(-announcement.length);
      this.#log.write(text);
    });
    child.stderr?.on('data', (chunk: Buffer) => this.#log.write(chunk));
    child.once('exit', (code, signal) => {
      this.#log.write(`\n[chaos] ${this.name} exited (${signal ?? code})\n`);
      // Died by itself (e.g. its database went away): started again, as a service manager would.
      if (!this.#stopping && signal !== 'SIGKILL' && this.#child === child) setTimeout(() => this.start(), 500);
    });
  }

  /** Sends `signal` to the running process (SIGKILL, SIGSTOP, SIGCONT). */
  signal(signal: NodeJS.Signals): void {
    this.#child?.kill(signal);
  }

  /**
   * Its wall clock `offsetMs` from the real time from now on (0: the real time), as a jump of its
   * host's clock: kept across restarts.
   */
  async setClockOffset(offsetMs: number): Promise<void> {
    await writeFile(this.#clockFile, String(offsetMs));
    this.signal('SIGUSR2');
  }

  /** SIGKILL, then once it is gone started again; resolves when it has been started. */
  async killAndRestart(): Promise<void> {
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
    this.start();
  }

  /** Whether it announced itself since its last start and answers its probe. */
  async ready(): Promise<boolean> {
    if (!this.#announced) return false;
    const response = await fetch(this.probeUrl, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
    return response?.ok === true;
  }

  /** Milliseconds from now until {@link ready}, or `null` after `timeoutMs`. */
  async untilReady(timeoutMs: number): Promise<number | null> {
    const since = Date.now();
    while (Date.now() - since < timeoutMs) {
      if (await this.ready()) return Date.now() - since;
      await sleep(100);
    }
    return null;
  }

  /** SIGTERM (a graceful stop), SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await gone;
      clearTimeout(timer);
    }
    await new Promise((resolve) => this.#log.end(resolve));
  }
}

/** Runs a one-shot `support-engine <args>` (migrate, rebuild, audit verify) to its end: its exit code and output. */
export function runEngineCommand(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<{ code: number | null; output: string }> {
  const { file, args: own } = selfCommand();
  const child = spawn(file, [...own, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}
