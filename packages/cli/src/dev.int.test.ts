import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '@support-engine/api';
import type { MailInTables } from '@support-engine/mail-in';
import { freePort, temporalServerTools } from '@support-engine/servers';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadApiSettings, loadMailInSettings, loadRuntimeConfig } from './config.js';
import { devBanner } from './dev/banner.js';
import { type DevOptions, type RunningDev, startDev } from './dev/dev.js';
import { devPaths } from './dev/paths.js';
import { DEV_MAIL_IN_ENV, DEV_MAILBOX, devDeliveryEnv } from './dev/secret.js';
import { CliError } from './errors.js';
import { createGraphQLClient, mutate } from './graphql-client.js';
import { openDatabases } from './services/databases.js';

// The dev composition as `npm start` runs it, in-process on free ports and a temporary data folder:
// embedded PostgreSQL, the Temporal dev server, worker, reactor, projectors and the API over HTTP.
// Again on the full Temporal server (`dev --temporal full`) when `npm run setup -- --temporal-server`
// built it on this machine.

const KINDS = temporalServerTools() === null ? (['dev'] as const) : (['dev', 'full'] as const);
if (KINDS.length === 1) console.warn('dev composition: the full Temporal server is not built; dev server only');

const SECRET = 'dev-int-test-secret-of-at-least-32-chars';
let dataDir: string;
let running: RunningDev | undefined;

afterAll(async () => {
  await running?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function devOptions(kind: 'dev' | 'full'): Promise<DevOptions> {
  const [api, temporal, ui, postgres, smtp, mail, webhooks, metrics, mailIn, site] = (await freePorts(10)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const paths = devPaths(dataDir);
  const env = {
    ...(await devDeliveryEnv(paths, smtp)),
    ...DEV_MAIL_IN_ENV,
    DATABASE_URL: 'postgres://embedded',
    HOST: '127.0.0.1',
    PORT: String(api),
    METRICS_PORT: String(metrics),
    LOG_LEVEL: 'warn',
  };
  return {
    paths,
    ports: { postgres, temporal, temporalUi: ui, smtp, mail, webhooks, mailIn, site },
    config: loadRuntimeConfig(env),
    mailIn: loadMailInSettings(env),
    api: loadApiSettings({ SUPPORT_API_ENV: 'development', SUPPORT_JWT_SECRET: SECRET }),
    secret: SECRET,
    demo: false,
    logger: pino({ level: 'warn' }),
    temporal: kind,
  };
}

/** Whether nothing listens on `port` any more (the ingress let go of it). */
function nothingListensOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(port, '127.0.0.1');
    probe.once('connect', () => {
      probe.destroy();
      resolve(false);
    });
    probe.once('error', () => resolve(true));
  });
}

async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let index = 0; index < count; index++) ports.push(await freePort());
  return ports;
}

const TICKET_QUERY = `query($id: ID!, $token: String) {
  ticket(id: $id, consistencyToken: $token) { id status subject customerId }
}`;

describe.each(KINDS)('dev composition on the %s Temporal server', (kind) => {
  it('serves a ticket over HTTP, runs its workflow, stops cleanly and keeps the data', async () => {
    await running?.stop();
    running = undefined;
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    dataDir = await mkdtemp(join(tmpdir(), 'support-engine-dev-'));
    // PostgreSQL runs as its own system user when we are root: it must be able to enter the folder.
    await chmod(dataDir, 0o755);
    // What it logs at warn and above: a clean stop says nothing there.
    const warnings: string[] = [];
    const options = {
      ...(await devOptions(kind)),
      logger: pino({ level: 'warn' }, { write: (line: string) => void warnings.push(line) }),
    };
    running = await startDev(options);
    const client = createGraphQLClient(running.engine.api.url);
    const admin = await mintToken({ sub: 'dev-admin', role: 'admin' }, SECRET, 600);
    await mutate(
      client,
      'registerCustomer',
      { customerId: 'cust-1', name: 'Camille', email: 'camille@example.test', language: 'fr' },
      { token: admin },
    );

    const opened = await mutate(
      client,
      'openTicket',
      { ticketId: 'dev-1', customerId: 'cust-1', subject: 'Login fails', description: 'Since today', channel: 'web' },
      { token: running.token },
    );
    const seen = await client.request<{ ticket: { status: string } }>(
      TICKET_QUERY,
      { id: 'dev-1', token: opened.consistencyToken },
      running.token,
    );
    expect(seen.ticket).toEqual({ id: 'dev-1', status: 'new', subject: 'Login fails', customerId: 'cust-1' });

    // The reactor starts the ticket's workflow on the Temporal server, with its search attributes.
    const handle = running.servers.temporal.env.client.workflow.getHandle('ticket-dev-1');
    await expect
      .poll(async () => (await handle.describe().catch(() => null))?.status.name, { timeout: 30_000 })
      .toBe('RUNNING');
    await expect
      .poll(
        async () => (await handle.describe()).typedSearchAttributes.get({ name: 'TicketStatus', type: 'KEYWORD' }),
        {
          timeout: 30_000,
        },
      )
      .toBe('new');
    expect(running.servers.temporalKind).toBe(kind);
    expect(running.servers.temporal.uiUrl).toBe(`http://127.0.0.1:${options.ports.temporalUi}`);
    expect((await fetch(running.servers.temporal.uiUrl!)).status).toBe(200);
    expect((await fetch(`${running.engine.api.url}/readyz`)).status).toBe(200);
    // The API process's metrics, on its ops port (METRICS_PORT), not the API's: the commands it
    // ran, each projection's lag and the reactor's it also runs here (zero once caught up).
    const apiUrl = running.engine.api.url;
    expect((await fetch(`${apiUrl}/metrics`)).status).toBe(404);
    const opsUrl = running.engine.api.opsUrl;
    expect(opsUrl).toBe(`http://127.0.0.1:${options.config.metrics.port}`);
    const metrics = () => fetch(`${opsUrl}/metrics`).then((response) => response.text());
    const lagOf = async (projection: string, subject = 'projection') =>
      Number(
        (await metrics()).match(
          new RegExp(`^support_engine_${subject}_lag_events\\{${subject}="${projection}"\\} (\\d+)$`, 'm'),
        )?.[1],
      );
    expect(await metrics()).toMatch(
      /^support_engine_commands_total\{category="ticket",type="OpenTicket",outcome="ok"\} [1-9]/m,
    );
    await expect.poll(() => lagOf('tickets'), { timeout: 30_000 }).toBe(0);
    expect(await metrics()).toMatch(/^support_engine_projection_lag_seconds\{projection="tickets"\} \d/m);
    await expect.poll(() => lagOf(options.config.worker.reactor.name, 'reactor'), { timeout: 30_000 }).toBe(0);

    // The banner points at the mail page and the webhook receiver, which answer there.
    const banner = devBanner(running, 'dev-jwt-secret');
    const mailUrl = `http://127.0.0.1:${options.ports.mail}`;
    expect(running.servers.mailCatcher.url).toBe(mailUrl);
    expect(banner).toContain(`Mail (caught)       ${mailUrl}   SMTP 127.0.0.1:${options.ports.smtp}`);
    expect(banner).toContain(`Webhook receiver    http://127.0.0.1:${options.ports.webhooks}`);
    expect(banner).toContain(`Metrics             ${opsUrl}/metrics`);
    // The desk, when built (the e2e test of the desk builds it), is served on the API's port.
    expect(banner).toMatch(new RegExp(`  Desk                (${apiUrl}/desk |not built)`));
    expect(await (await fetch(mailUrl)).text()).toContain('<h1>Mail catcher</h1>');
    expect((await fetch(`${running.servers.webhookReceiver.url}/api/events`)).status).toBe(200);
    // The customer's confirmation reached the mail page, in her language.
    const [confirmation] = await running.servers.mailCatcher.waitFor((mails) => mails.length > 0, 30_000);
    expect(confirmation).toMatchObject({ to: ['camille@example.test'], subject: 'Ticket de support : Reçu' });
    expect(await (await fetch(mailUrl)).text()).toContain('Ticket de support : Reçu');

    // The SMTP ingress takes mail for the dev mailbox: the customer answers the confirmation
    // from the mail page, and her reply is recorded, in the thread of the mail she answered.
    expect(banner).toContain(`Mail in (SMTP)      127.0.0.1:${options.ports.mailIn}   to ${DEV_MAILBOX}`);
    const replied = await fetch(`${mailUrl}/api/messages/${confirmation!.id}/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Merci, ça remarche.' }),
    });
    expect(replied.status).toBe(200);
    const { messageId } = (await replied.json()) as { messageId: string };
    const mailDb = openDatabases(running.servers.databaseUrl);
    try {
      const received = await mailDb.store.db
        .withTables<MailInTables>()
        .selectFrom('mail_in_messages')
        .select(['mailbox', 'envelope_from', 'source'])
        .where('message_id', '=', messageId.replace(/^<|>$/g, ''))
        .execute();
      expect(received).toEqual([{ mailbox: DEV_MAILBOX, envelope_from: 'camille@example.test', source: 'smtp' }]);
      // Her answer went to the confirmation's Reply-To, whose token names her ticket: it joins it.
      expect(confirmation!.headers['reply-to']).toMatch(/^support\+c[a-z2-7]+@localhost$/);
      const processed = () =>
        mailDb.store.db
          .withTables<MailInTables>()
          .selectFrom('mail_in_messages')
          .select(['state', 'ticket_id'])
          .where('message_id', '=', messageId.replace(/^<|>$/g, ''))
          .executeTakeFirst();
      await expect.poll(processed, { timeout: 30_000 }).toEqual({ state: 'done', ticket_id: 'dev-1' });
    } finally {
      await mailDb.close();
    }

    // A second run on the same data folder is refused, and leaves this one's servers running.
    const second = startDev({ ...(await devOptions(kind)), paths: options.paths });
    await expect(second).rejects.toBeInstanceOf(CliError);
    await expect(second).rejects.toThrow(/is in use by another dev run \(pid \d+/);
    expect((await fetch(`${running.engine.api.url}/readyz`)).status).toBe(200);

    const before = warnings.length;
    await running.stop();
    running = undefined;
    // Not even the Temporal server's own workers complaining of its frontend going first.
    expect(warnings.slice(before)).toEqual([]);
    await expect(fetch(`${apiUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(`${opsUrl}/healthz`)).rejects.toThrow();
    await expect(fetch(mailUrl)).rejects.toThrow();
    await expect(nothingListensOn(options.ports.mailIn)).resolves.toBe(true);

    // Restarted on the same data folder, the ticket and its workflow are still there.
    running = await startDev(await devOptions(kind));
    const again = createGraphQLClient(running.engine.api.url);
    const kept = await again.request<{ ticket: { status: string } }>(TICKET_QUERY, { id: 'dev-1' }, running.token);
    expect(kept.ticket).toMatchObject({ id: 'dev-1', status: 'new' });
    const restarted = running.servers.temporal.env.client.workflow.getHandle('ticket-dev-1');
    expect((await restarted.describe()).status.name).toBe('RUNNING');
  });
});
