import { mkdir } from 'node:fs/promises';
import { type ApiConfig, mintToken, openAttachmentStorage } from '@support-engine/api';
import type { MailInConfig } from '@support-engine/mail-in';
import type { WorkflowSpanExport } from '@support-engine/workflows';
import type { RuntimeConfig } from '../config.js';
import { type RunningEngine, startEngine } from '../engine.js';
import type { Logger } from '../logger.js';
import { assertPortsFree } from '../ports.js';
import { openDatabases } from '../services/databases.js';
import { engineMailProcessor, type RunningMailIn, startMailIn } from '../services/mail-in.js';
import { loadDemoData } from './demo.js';
import type { DevPaths } from './paths.js';
import {
  claimDataFolder,
  type DevServerPorts,
  type DevServers,
  type DevTemporalKind,
  reapDevOrphans,
  releaseDataFolder,
  startDevServers,
  stopInProcess,
} from './servers.js';
import { type RunningDemoSite, startDemoSite } from './site.js';
import { DevWebhookSecrets } from './webhook-secrets.js';

/** The interface the embedded servers and the SMTP ingress listen on. */
const LOCAL = '127.0.0.1';

/** How long the printed dev token is valid. */
export const DEV_TOKEN_TTL_SECONDS = 12 * 3600;
/** Who the printed dev token speaks for. */
export const DEV_TOKEN_PRINCIPAL = { sub: 'dev-agent', role: 'agent' } as const;

/** What `dev` runs. */
export interface DevOptions {
  readonly paths: DevPaths;
  readonly ports: DevServerPorts;
  /**
   * The validated configuration; its database URL and Temporal address are replaced by the
   * embedded servers'. Its `http` section says where the API listens.
   */
  readonly config: RuntimeConfig;
  /** Must use HS256 with `secret`: the dev token and the demo data are signed with it. */
  readonly api: ApiConfig;
  readonly secret: string;
  readonly demo: boolean;
  readonly logger: Logger;
  /** Where the workflows' spans go, when the process traces. */
  readonly tracing?: WorkflowSpanExport;
  /** Which Temporal server runs (the dev server by default). */
  readonly temporal?: DevTemporalKind;
  /** The SMTP ingress's settings; its host and port are replaced by 127.0.0.1 and `ports.mailIn`. */
  readonly mailIn: MailInConfig;
}

/** The running dev composition and the addresses to print. */
export interface RunningDev {
  readonly servers: DevServers;
  readonly engine: RunningEngine;
  /** The SMTP ingress: where mail to the dev mailboxes is sent. */
  readonly mailIn: { readonly host: string; readonly port: number; readonly mailboxes: readonly string[] };
  /** The demo host page ("Acme shop") embedding the widget with the demo's key. */
  readonly site: RunningDemoSite;
  /** A fresh agent token signed with the dev secret. */
  readonly token: string;
  /**
   * Stops the SMTP ingress (no more mail is taken), then the engine (API, projectors, router, then
   * the worker and its reactor), then the mail catcher and the webhook receiver, then Temporal, then PostgreSQL, logging each step: the engine's parts write to PostgreSQL and talk to
   * Temporal, and a worker drains its in-flight tasks through the server, so both servers must
   * outlive it.
   */
  stop(): Promise<void>;
}

/**
 * The whole engine on one machine, in one process: embedded PostgreSQL and the Temporal dev
 * server (data kept in `paths`), migrations, worker, reactor, projectors and the API. First takes
 * the data folder (refused while another dev run uses it), stops the servers an earlier run on the
 * same data left behind, then checks every port, so a busy one fails (naming the process that
 * holds it) before anything starts. The folder is given back when the run stops or fails to start.
 */
export async function startDev(options: DevOptions): Promise<RunningDev> {
  await mkdir(options.paths.root, { recursive: true });
  await claimDataFolder(options.paths);
  try {
    const running = await startOnFolder(options);
    return {
      ...running,
      async stop() {
        await running.stop();
        await releaseDataFolder(options.paths);
      },
    };
  } catch (error) {
    await releaseDataFolder(options.paths);
    throw error;
  }
}

/**
 * Fails, naming each, when a port `dev` would listen on is taken: the API's (`http`) and the
 * embedded servers'.
 */
export async function assertDevPortsFree(
  http: { readonly host: string; readonly port: number },
  ports: DevServerPorts,
): Promise<void> {
  await assertPortsFree([
    { port: http.port, host: http.host, what: 'the API', override: '--port or PORT' },
    { port: ports.temporal, host: LOCAL, what: 'Temporal', override: '--temporal-port' },
    ...(ports.temporalUi === null
      ? []
      : [{ port: ports.temporalUi, host: LOCAL, what: 'the Temporal UI', override: '--ui-port' }]),
    { port: ports.postgres, host: LOCAL, what: 'PostgreSQL', override: '--postgres-port' },
    { port: ports.smtp, host: LOCAL, what: 'the mail catcher (SMTP)', override: '--smtp-port' },
    { port: ports.mail, host: LOCAL, what: 'the mail page', override: '--mail-port' },
    { port: ports.webhooks, host: LOCAL, what: 'the webhook receiver', override: '--webhook-port' },
    { port: ports.mailIn, host: LOCAL, what: 'the SMTP ingress (mail in)', override: '--mail-in-port' },
    { port: ports.site, host: LOCAL, what: 'the demo site', override: '--site-port' },
  ]);
}

/** {@link startDev} once the data folder is this run's. */
async function startOnFolder(options: DevOptions): Promise<RunningDev> {
  const { ports, config, logger } = options;
  await reapDevOrphans(options.paths, logger);
  await assertDevPortsFree(config.http, ports);
  // The dev receiver verifies whatever endpoint is registered on it, with the deployment's key.
  const secrets = config.delivery.webhooks
    ? new DevWebhookSecrets(config.delivery.webhooks.secretKey, config.delivery.name)
    : undefined;
  const servers = await startDevServers(
    options.paths,
    ports,
    config.worker.temporal.namespace,
    logger,
    secrets?.lookup,
    options.temporal,
  );
  let engine: RunningEngine | undefined;
  let mailIn: { running: RunningMailIn; close: () => Promise<void> } | undefined;
  let site: RunningDemoSite | undefined;
  try {
    engine = await startEngine({
      config: {
        ...config,
        worker: {
          ...config.worker,
          databaseUrl: servers.databaseUrl,
          temporal: { ...config.worker.temporal, address: servers.temporal.address },
        },
      },
      api: options.api,
      attachmentsDir: options.paths.attachments,
      logger,
      temporal: { connection: servers.temporal.env.nativeConnection, client: servers.temporal.env.client },
      ...(options.tracing === undefined ? {} : { tracing: options.tracing }),
    });
    secrets?.start(servers.databaseUrl, servers.webhookReceiver.url);
    if (options.demo) {
      await loadDemoData(engine.api.url, options.secret, logger, {
        ...(config.delivery.webhooks ? { webhookReceiverUrl: servers.webhookReceiver.url } : {}),
      });
    }
    mailIn = await startDevMailIn(options, servers.databaseUrl);
    site = await startDemoSite({ host: LOCAL, port: ports.site, engineUrl: engine.api.url });
    const token = await mintToken(DEV_TOKEN_PRINCIPAL, options.secret, DEV_TOKEN_TTL_SECONDS);
    const running = engine;
    const receiving = mailIn;
    const shop = site;
    return {
      servers,
      engine: running,
      mailIn: { host: LOCAL, port: receiving.running.port, mailboxes: options.mailIn.mailboxes },
      site: shop,
      token,
      async stop() {
        servers.stopping();
        await stopInProcess(logger, 'demo-site', () => shop.stop());
        await stopInProcess(logger, 'mail-in', () => receiving.close());
        await stopInProcess(logger, 'engine', () => running.stop());
        await secrets?.stop();
        await servers.stop();
      },
    };
  } catch (error) {
    servers.stopping();
    await site?.stop();
    await mailIn?.close();
    await engine?.stop();
    await secrets?.stop();
    await servers.stop();
    throw error;
  }
}

/**
 * The SMTP ingress on 127.0.0.1 at `ports.mailIn`, recording into the embedded database and the
 * dev attachments folder (where the API reads them), and the processing that threads its mail
 * into tickets, on a pool of their own.
 */
async function startDevMailIn(
  options: DevOptions,
  databaseUrl: string,
): Promise<{ running: RunningMailIn; close: () => Promise<void> }> {
  const databases = openDatabases(databaseUrl);
  try {
    const running = await startMailIn({
      databases,
      storage: await openAttachmentStorage(options.config.attachments, options.paths.attachments),
      config: { ...options.mailIn, host: LOCAL, port: options.ports.mailIn },
      logger: options.logger,
      processor: engineMailProcessor,
    });
    return {
      running,
      async close() {
        await running.stop();
        await databases.close();
      },
    };
  } catch (error) {
    await databases.close();
    throw error;
  }
}
