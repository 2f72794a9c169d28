/** Test helper (not a test file): an in-memory {@link CliIo}. */
import { Writable } from 'node:stream';
import type { CliIo } from '../io.js';

/** A writable that keeps what is written to it. */
export interface Captured extends Writable {
  text(): string;
}

/** A writable that records everything written to it. */
export function capture(): Captured {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

/** An io over `env` whose output the test reads back. */
export function testIo(env: NodeJS.ProcessEnv = {}): CliIo & { stdout: Captured; stderr: Captured } {
  return { env, stdout: capture(), stderr: capture() };
}
