#!/usr/bin/env node
// Runs the built CLI when `dist` exists; otherwise runs the TypeScript sources through tsx with
// the `@support-engine/source` export condition, so the command works in a fresh checkout without a build.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/main.js', import.meta.url);

if (existsSync(fileURLToPath(built))) {
  await import(built.href);
} else {
  const source = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@support-engine/source', '--import', 'tsx', source, ...process.argv.slice(2)],
    {
      // The IPC channel closes when this launcher dies, even by SIGKILL: the child then stops
      // itself (see stopOnSignals) instead of running on with nobody to stop it.
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    },
  );
  // The child handles the signals (graceful shutdown); this launcher only passes them on and
  // then ends with the child's status.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? (signal ? 128 : 1);
  });
}
