import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, RawServerDefault } from 'fastify';
import type { Logger } from 'pino';

/**
 * The API server: a fastify instance logging through the pino logger of the deps. In a module
 * of its own, so the plugins the server registers can name it without importing the server.
 */
export type ApiServer = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;
