import { StreamNotFoundError } from '@support-engine/eventstore';
import { verifyHistory } from '@support-engine/projections';
import { loadRuntimeConfig } from '../config.js';
import { CliError } from '../errors.js';
import { type CliIo, println } from '../io.js';
import { openDatabases } from '../services/databases.js';

/**
 * `support-engine audit verify [--stream id]`: checks the hash chain of one stream or of every
 * stream. Prints the first altered event of each broken stream and returns 1 if there is any.
 */
export async function runAuditVerify(options: { readonly stream?: string }, io: CliIo): Promise<number> {
  const config = loadRuntimeConfig(io.env);
  const databases = openDatabases(config.worker.databaseUrl);
  try {
    const result = await verifyHistory(databases.store, options.stream).catch((error: unknown) => {
      if (error instanceof StreamNotFoundError) {
        throw new CliError(`No stream "${error.streamId}" in the event log: nothing to verify.`);
      }
      throw error;
    });
    const scope = options.stream === undefined ? 'every stream' : `stream ${options.stream}`;
    if (result.ok) {
      println(io.stdout, `History intact: the hash chain of ${scope} verifies.`);
      return 0;
    }
    println(io.stdout, `History ALTERED in ${result.altered.length} stream(s) (${scope} checked):`);
    for (const altered of result.altered) {
      const what = altered.event
        ? `${altered.event.type}, recorded ${altered.event.recordedAt.toISOString()}`
        : 'deleted';
      println(io.stdout, `  ${altered.streamId} v${altered.version} (${what})`);
      println(io.stdout, `    expected hash ${altered.expectedHash}`);
      println(io.stdout, `    stored hash   ${altered.actualHash}`);
    }
    return 1;
  } finally {
    await databases.close();
  }
}
