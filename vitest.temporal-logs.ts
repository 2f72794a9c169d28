import { DefaultLogger, Runtime } from '@temporalio/worker';

// Workers log every state change at INFO; tests only need warnings and errors. Installed once per
// process: integration files share theirs (the options outlive the runtime's restarts).
if (!Runtime._instance) Runtime.install({ logger: new DefaultLogger('WARN') });
