import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers log every state change at INFO; tests only need warnings and errors. The runtime is one
// per process: test files sharing a worker (not isolated) run this once each, and install it once.
const installed = Symbol.for('support-engine.test-temporal-runtime');
const registry = globalThis as { [installed]?: true };
if (!registry[installed]) {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  registry[installed] = true;
}
