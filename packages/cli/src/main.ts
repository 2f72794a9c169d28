import { CliError, operatorMessage } from './errors.js';
import type { CliIo } from './io.js';
import { createProgram } from './program.js';

/**
 * Runs `support-engine` with `argv` (as `process.argv`). Errors meant for the user (bad
 * configuration, a busy port, a missing Temporal binary, a data folder PostgreSQL cannot reach) print their message alone; anything
 * else prints its stack. On failure the process exits at once, even if pools are still open.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<void> {
  try {
    await createProgram(io, (code) => {
      process.exitCode = code;
    }).parseAsync([...argv]);
  } catch (error) {
    const message =
      error instanceof CliError ? error.message : (operatorMessage(error) ?? (error as Error).stack ?? String(error));
    io.stderr.write(`support-engine: ${message}\n`);
    process.exit(error instanceof CliError ? error.exitCode : 1);
  }
}

// Spawned by bin/support-engine.mjs with an IPC channel that only tells us when the launcher is
// gone (stopOnSignals listens for that): the channel must not keep a finished command running.
process.channel?.unref();
await main(process.argv, { env: process.env, stdout: process.stdout, stderr: process.stderr });
