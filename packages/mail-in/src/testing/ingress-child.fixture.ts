/**
 * Test support (not a test file): an SMTP ingress process for the kill test, configured from the
 * environment like a deployment (`MAIL_IN_*`), recording into the database and the storage folder
 * it is given, logging JSON lines on stdout (`listening` names its port). With
 * `KILL_TEST_HOLD_AFTER_RECORD=1` it logs `recorded, holding the answer` once a message is
 * recorded and never answers it, so the parent can kill it between the record and the 250.
 *
 *   node --conditions=@support-engine/source --import tsx ingress-child.fixture.ts <connection string> <storage folder>
 */
import { createLocalAttachmentStorage } from '@support-engine/api';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { loadMailInConfig } from '../config.js';
import type { MailSink } from '../ingress.js';
import { createSmtpIngress } from '../smtp/ingress.js';
import { createMailSink } from '../store/record.js';
import type { MailInTables } from '../store/schema.js';

const [connectionString, folder] = process.argv.slice(2);
if (!connectionString || !folder) throw new Error('usage: ingress-child <connection string> <storage folder>');

// Synchronous, so a line is out before the parent's SIGKILL can land.
const logger = pino({ level: 'info' }, pino.destination({ dest: 1, sync: true }));
const db = new Kysely<MailInTables>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString }) }) });
const recording = createMailSink(db, await createLocalAttachmentStorage(folder));
const sink: MailSink =
  process.env.KILL_TEST_HOLD_AFTER_RECORD === '1'
    ? {
        async record(mail) {
          const recorded = await recording.record(mail);
          logger.info({ key: recorded.key }, 'recorded, holding the answer');
          return new Promise(() => {});
        },
      }
    : recording;
const ingress = createSmtpIngress({ sink, config: loadMailInConfig(process.env), logger });
logger.info({ port: await ingress.listen() }, 'listening');
