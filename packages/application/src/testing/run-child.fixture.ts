/** Test support (not a test file): runs a TypeScript child process for the kill tests. */
import { type ChildProcess, spawn } from 'node:child_process';

/** The running child, and what it printed once it is gone (with the signal that ended it, if any). */
export interface RunningChild {
  readonly child: ChildProcess;
  readonly exited: Promise<{ signal: NodeJS.Signals | null; output: string }>;
}

/** Runs `script` (a `.ts` file, through tsx) with `args`, collecting its standard output. */
export function runChild(script: string, args: readonly (string | number | undefined)[]): RunningChild {
  const argv = [
    '--conditions=@support-engine/source',
    '--import',
    'tsx',
    script,
    ...args.filter((a) => a !== undefined).map(String),
  ];
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<{ signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.once('exit', (_code, signal) => resolve({ signal, output })),
  );
  return { child, exited };
}
