import { resolve } from 'node:path';
import { openAttachmentStorage } from '@support-engine/api';
import { loadMailInCommandConfig } from '../config.js';
import type { CliIo } from '../io.js';
import { DEFAULT_ATTACHMENTS_DIR } from '../services/api.js';
import { migrateAll, openDatabases } from '../services/databases.js';
import { engineMailProcessor, startMailIn } from '../services/mail-in.js';
import { serve } from './serve.js';

/**
 * `support-engine mail-in`: the SMTP ingress the MX record points at (`MAIL_IN_*`), recording
 * each message into the database and the attachment storage the API reads (`ATTACHMENT_*`)
 * before answering 250; with `processor`, also the processing that threads recorded mail into
 * tickets, told of each new message at once.
 */
export async function runMailIn(io: CliIo): Promise<number> {
  const { runtime: config, mailIn } = loadMailInCommandConfig(io.env);
  return serve(config, async (logger) => {
    const databases = openDatabases(config.worker.databaseUrl);
    try {
      await migrateAll(databases);
      const running = await startMailIn({
        databases,
        storage: await openAttachmentStorage(config.attachments, resolve(DEFAULT_ATTACHMENTS_DIR)),
        config: mailIn,
        logger,
        processor: engineMailProcessor,
        imapEnv: io.env,
      });
      return {
        async stop() {
          await running.stop();
          await databases.close();
        },
      };
    } catch (error) {
      await databases.close();
      throw error;
    }
  });
}
