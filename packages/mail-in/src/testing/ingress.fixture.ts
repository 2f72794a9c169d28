/** Test support (not a test file): an SMTP ingress on a free port, recording into a test database. */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { MailInConfig } from '../config.js';
import type { MailSink } from '../ingress.js';
import { createSmtpIngress, type SmtpIngressOptions } from '../smtp/ingress.js';
import type { SmtpOutcome } from '../smtp/refusals.js';

/** The mailboxes the test ingresses accept. */
export const TEST_MAILBOXES = ['support@support.test', 'billing@support.test'] as const;

/** A configuration for tests: loopback, a free port, the test mailboxes. */
export function testIngressConfig(overrides: Partial<MailInConfig> = {}): SmtpIngressOptions['config'] {
  return {
    host: '127.0.0.1',
    port: 0,
    hostname: 'mx.support.test',
    sizeLimit: 64 * 1024,
    maxRecipients: 5,
    maxClients: 50,
    tls: null,
    mailboxes: [...TEST_MAILBOXES],
    ...overrides,
  };
}

/** A listening ingress, the outcomes it logged, and its stop. */
export interface TestIngress {
  readonly port: number;
  readonly outcomes: SmtpOutcome[];
  readonly recorded: string[];
  close(): Promise<void>;
}

/** Starts an ingress over `sink`; its log's outcomes are collected for the test to read. */
export async function startTestIngress(
  sink: MailSink,
  options: Partial<Omit<SmtpIngressOptions, 'sink' | 'logger' | 'config'>> & { config?: Partial<MailInConfig> } = {},
): Promise<TestIngress> {
  const outcomes: SmtpOutcome[] = [];
  const recorded: string[] = [];
  const lines = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { outcome?: SmtpOutcome };
        if (entry.outcome) outcomes.push(entry.outcome);
      }
      done();
    },
  });
  const ingress = createSmtpIngress({
    ...options,
    sink,
    config: testIngressConfig(options.config),
    logger: pino({ level: 'debug' }, lines),
    onRecorded: async (key, raw) => {
      recorded.push(key);
      await options.onRecorded?.(key, raw);
    },
  });
  const port = await ingress.listen();
  return { port, outcomes, recorded, close: () => ingress.close() };
}
