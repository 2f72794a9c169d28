import Fastify from 'fastify';
import { createWebhookIngress, WEBHOOK_INGRESS_PATH, type WebhookIngressOptions } from './ingress.js';

/** A running webhook listener. */
export interface WebhookListener {
  /** The port it listens on (the one given, or the kernel's choice for 0). */
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The webhook ingress on a listener of its own (the mail-in process's, beside its SMTP one), on
 * `host:port`; {@link createWebhookIngress} does the work.
 */
export async function listenWebhookIngress(
  options: WebhookIngressOptions & { readonly host: string; readonly port: number },
): Promise<WebhookListener> {
  const { host, port, ...ingress } = options;
  const server = Fastify({ logger: false });
  await server.register(createWebhookIngress(ingress));
  await server.listen({ host, port });
  const address = server.server.address();
  const listening = typeof address === 'object' && address !== null ? address.port : port;
  options.logger.info({ host, port: listening, path: WEBHOOK_INGRESS_PATH }, 'webhook ingress listening');
  return { port: listening, close: () => server.close() };
}
