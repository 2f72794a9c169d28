import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadApiCommandConfig, loadApiSettings, loadRuntimeConfig } from './config.js';
import { ConfigError, operatorMessage } from './errors.js';

const DATABASE_URL = 'postgres://engine:secret@db:5432/support';
const SECRET = 'a-production-secret-of-at-least-32-chars';

/** The message of the error `load` throws; fails the test if it does not throw a ConfigError. */
function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('runtime configuration', () => {
  it('reads the defaults a deployment documents, with only DATABASE_URL set', () => {
    const config = loadRuntimeConfig({ DATABASE_URL });
    expect(config).toMatchObject({
      http: { host: '0.0.0.0', port: 4000 },
      metrics: { port: null, cacheMs: 5_000, temporalBind: null },
      tracing: null,
      logFormat: 'json',
      readiness: { maxLagEvents: 1000, maxLagSeconds: 120 },
      shutdownTimeoutMs: 20_000,
      worker: {
        databaseUrl: DATABASE_URL,
        temporal: { address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'support-engine' },
        logLevel: 'info',
      },
    });
  });

  it('takes every setting from the environment', () => {
    const config = loadRuntimeConfig({
      DATABASE_URL,
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'support',
      TEMPORAL_TASK_QUEUE: 'tickets',
      HOST: '127.0.0.1',
      PORT: '8080',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
      READY_MAX_LAG_EVENTS: '50',
      SHUTDOWN_TIMEOUT_MS: '5000',
      METRICS_PORT: '9100',
      METRICS_CACHE_MS: '2000',
      TEMPORAL_METRICS_BIND: '0.0.0.0:9464',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_SERVICE_NAME: 'support-api',
    });
    expect(config).toMatchObject({
      http: { host: '127.0.0.1', port: 8080 },
      metrics: { port: 9100, cacheMs: 2_000, temporalBind: '0.0.0.0:9464' },
      tracing: { endpoint: 'http://collector:4318', serviceName: 'support-api' },
      logFormat: 'pretty',
      readiness: { maxLagEvents: 50, maxLagSeconds: 120 },
      shutdownTimeoutMs: 5000,
      worker: { temporal: { address: 'temporal:7233', namespace: 'support', taskQueue: 'tickets' }, logLevel: 'debug' },
    });
  });

  it('routes automatically by default, and reads the router settings from the environment', () => {
    expect(loadRuntimeConfig({ DATABASE_URL }).router).toEqual({
      mode: 'auto',
      enabled: true,
      name: 'router',
      batchSize: 500,
      pollIntervalMs: 500,
      concurrency: 16,
      maxDecisions: 500,
      settleAfterMs: 10_000,
    });
    const manual = loadRuntimeConfig({
      DATABASE_URL,
      ROUTING_MODE: 'manual',
      ROUTER_ENABLED: 'false',
      ROUTER_CONCURRENCY: '2',
    });
    expect(manual.router).toMatchObject({ mode: 'manual', enabled: false, concurrency: 2 });
    const message = errorOf(() =>
      loadRuntimeConfig({ DATABASE_URL, ROUTING_MODE: 'sideways', ROUTER_CONCURRENCY: '0' }),
    );
    expect(message).toMatch(/ROUTING_MODE/);
    expect(message).toMatch(/ROUTER_CONCURRENCY/);
  });

  it('names every bad or missing variable in one message, the worker parser’s ones included', () => {
    const message = errorOf(() =>
      loadRuntimeConfig({ PORT: '80a', LOG_FORMAT: 'xml', TICKET_FIRST_REMINDER_MS: '-1', LOG_LEVEL: 'loud' }),
    );
    expect(message).toMatch(/^Invalid configuration:\n/);
    expect(message).toContain('✖ PORT: expected a port number');
    expect(message).toMatch(/✖ LOG_FORMAT: .*"json"/);
    expect(message).toContain('✖ DATABASE_URL: is not set');
    expect(message).toMatch(/✖ TICKET_FIRST_REMINDER_MS: /);
    expect(message).toMatch(/✖ LOG_LEVEL: /);
    expect(message).not.toMatch(/\n\s+at /); // no stack frames
  });

  it('names the variables of a rule across several: the waiting delays out of order, the resolved delay out of range', () => {
    const base = { DATABASE_URL: 'postgres://localhost/x' };
    const unordered = errorOf(() =>
      loadRuntimeConfig({ ...base, TICKET_FIRST_REMINDER_MS: '900000000', TICKET_SECOND_REMINDER_MS: '1000' }),
    );
    expect(unordered).toContain(
      '✖ TICKET_FIRST_REMINDER_MS, TICKET_SECOND_REMINDER_MS, TICKET_WAITING_AUTO_CLOSE_MS: waiting delays must increase',
    );
    const resolved = errorOf(() => loadRuntimeConfig({ ...base, TICKET_RESOLVED_AUTO_CLOSE_MS: '1000' }));
    expect(resolved).toContain('✖ TICKET_RESOLVED_AUTO_CLOSE_MS: the resolved auto-close delay must be within 24-48 h');
  });

  it('refuses a port out of range and a DATABASE_URL that is not PostgreSQL', () => {
    const message = errorOf(() => loadRuntimeConfig({ DATABASE_URL: 'mysql://db/x', PORT: '70000' }));
    expect(message).toContain('✖ PORT: expected a port number (1-65535)');
    expect(message).toContain('✖ DATABASE_URL: expected a postgres:// connection string');
  });

  it('refuses a metrics port, cache time or Temporal metrics address that is not one', () => {
    const message = errorOf(() =>
      loadRuntimeConfig({
        DATABASE_URL,
        METRICS_PORT: '0',
        METRICS_CACHE_MS: '-1',
        TEMPORAL_METRICS_BIND: 'http://0.0.0.0:9464',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://collector:4317',
      }),
    );
    expect(message).toContain('✖ OTEL_EXPORTER_OTLP_ENDPOINT: expected an http(s) URL');
    expect(message).toContain('✖ METRICS_PORT: expected a port number (1-65535)');
    expect(message).toContain('✖ METRICS_CACHE_MS');
    expect(message).toContain('✖ TEMPORAL_METRICS_BIND: expected host:port, for example 0.0.0.0:9464');
  });

  it('takes a variable set to nothing as unset: its default, or its refusal when it is required', () => {
    const config = loadRuntimeConfig({ DATABASE_URL, READY_MAX_LAG_EVENTS: '', SHUTDOWN_TIMEOUT_MS: '', PORT: '' });
    expect(config).toMatchObject({
      readiness: { maxLagEvents: 1000, maxLagSeconds: 120 },
      shutdownTimeoutMs: 20_000,
      http: { port: 4000 },
    });
    expect(loadRuntimeConfig({ DATABASE_URL, OTEL_EXPORTER_OTLP_ENDPOINT: '' }).tracing).toBeNull();
    expect(errorOf(() => loadRuntimeConfig({ DATABASE_URL: '' }))).toContain('✖ DATABASE_URL: is not set');
    // A word where a number is expected is named as such, not as NaN.
    expect(errorOf(() => loadRuntimeConfig({ DATABASE_URL, SHUTDOWN_TIMEOUT_MS: 'soon' }))).toContain(
      '✖ SHUTDOWN_TIMEOUT_MS: expected a number',
    );
  });

  it('refuses EVENTSTOREDB_URL and says why', () => {
    expect(errorOf(() => loadRuntimeConfig({ DATABASE_URL, EVENTSTOREDB_URL: 'esdb://esdb:2113?tls=false' }))).toMatch(
      /✖ EVENTSTOREDB_URL: the worker and the API run on the PostgreSQL event store only/,
    );
  });
});

describe('API configuration', () => {
  it('is the API package’s own, read from its variables', () => {
    const config = loadApiSettings({ SUPPORT_JWT_SECRET: SECRET, SUPPORT_API_MAX_DEPTH: '7' });
    expect(config).toMatchObject({ environment: 'production', auth: { mode: 'hs256', secret: SECRET }, maxDepth: 7 });
  });

  it('restates its errors with the variables that feed each setting', () => {
    expect(errorOf(() => loadApiSettings({}))).toBe(
      'Invalid configuration:\n  ✖ SUPPORT_JWT_SECRET: is not set (set it, of at least 32 characters, or SUPPORT_JWKS_URL)',
    );
    const message = errorOf(() => loadApiSettings({ SUPPORT_JWT_SECRET: 'short', SUPPORT_API_RATE_MAX: 'many' }));
    expect(message).toContain('✖ SUPPORT_JWT_SECRET: use a secret of at least 32 characters');
    expect(message).toMatch(/✖ SUPPORT_API_RATE_MAX: expected a number/);
    expect(errorOf(() => loadApiSettings({ SUPPORT_JWKS_URL: 'not a url' }))).toContain(
      '✖ SUPPORT_JWKS_URL: Invalid URL',
    );
  });

  it('refuses a secret and a JWKS URL together: one of them would be silently unused', () => {
    expect(
      errorOf(() => loadApiSettings({ SUPPORT_JWT_SECRET: SECRET, SUPPORT_JWKS_URL: 'https://id.example.com/jwks' })),
    ).toContain('✖ SUPPORT_JWKS_URL: set SUPPORT_JWT_SECRET or SUPPORT_JWKS_URL, not both');
  });

  it("names the runtime's bad variables and the API's in one message for the api command", () => {
    const message = errorOf(() => loadApiCommandConfig({ SUPPORT_JWT_SECRET: 'short', METRICS_PORT: 'x' }));
    expect(message).toContain('✖ DATABASE_URL: is not set');
    expect(message).toContain('✖ METRICS_PORT: expected a port number');
    expect(message).toContain('✖ SUPPORT_JWT_SECRET: use a secret of at least 32 characters');
    expect(loadApiCommandConfig({ DATABASE_URL, SUPPORT_JWT_SECRET: SECRET }).api.auth).toMatchObject({
      mode: 'hs256',
    });
  });
});

describe('operator messages', () => {
  it('names a port in use and an unreachable Temporal without a stack, and leaves faults alone', () => {
    const busy = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:4104'), {
      code: 'EADDRINUSE',
      address: '127.0.0.1',
      port: 4104,
    });
    expect(operatorMessage(busy)).toBe(
      '127.0.0.1:4104 is already in use: stop what holds it, or move this process (PORT for the API, METRICS_PORT for the ops endpoint of any process)',
    );
    const metrics = new Error('Failed to start prometheus metrics exporter: Address already in use (os error 98)');
    expect(operatorMessage(metrics)).toMatch(/TEMPORAL_METRICS_BIND is already in use/);
    const unreachable = Object.assign(new Error('tonic::transport::Error(Transport, ConnectError)'), {
      name: 'TransportError',
    });
    expect(operatorMessage(unreachable)).toMatch(/^Temporal cannot be reached \(TEMPORAL_ADDRESS\): tonic/);
    expect(operatorMessage(new TypeError('x is undefined'))).toBeNull();
  });

  it('names DATABASE_URL when PostgreSQL cannot be reached or refuses the session', async () => {
    // What the PostgreSQL client passes on when nothing listens: the socket's own error.
    const refused = await new Promise((resolve) => connect(1, '127.0.0.1').once('error', resolve));
    expect(operatorMessage(refused)).toBe(
      'PostgreSQL cannot be reached (DATABASE_URL): connect ECONNREFUSED 127.0.0.1:1',
    );
    const password = Object.assign(new Error('password authentication failed for user "postgres"'), {
      code: '28P01',
      severity: 'FATAL',
    });
    expect(operatorMessage(password)).toBe(
      'PostgreSQL refused the connection (DATABASE_URL): password authentication failed for user "postgres"',
    );
    // A SQLSTATE of a statement, not of the session, stays a fault.
    expect(operatorMessage(Object.assign(new Error('duplicate key'), { code: '23505', severity: 'ERROR' }))).toBeNull();
  });
});
