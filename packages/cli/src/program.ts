import { Role } from '@support-engine/domain';
import { SlaPreset } from '@support-engine/domain/sla-config';
import { Argument, Command, InvalidArgumentError, Option } from 'commander';
import { runApi } from './commands/api.js';
import { runAuditAttachments, runAuditSealsExport, runAuditVerify } from './commands/audit.js';
import { runChaosCommand } from './commands/chaos.js';
import { DEV_PORTS, runDev } from './commands/dev.js';
import { runMailIn } from './commands/mail-in.js';
import { runMigrate } from './commands/migrate.js';
import { runProjectorCommand } from './commands/projector.js';
import { runRebuild } from './commands/rebuild.js';
import { runLoadPresets } from './commands/sla.js';
import { runToken } from './commands/token.js';
import { runWorkerCommand } from './commands/worker.js';
import { devPaths } from './dev/paths.js';
import type { CliIo } from './io.js';

/**
 * The `support-engine` command. Each action resolves with the process's exit code through
 * `setExitCode`; long-running ones resolve once started and exit on SIGINT/SIGTERM.
 */
export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('support-engine')
    .description('Event-sourced customer-support engine: GraphQL API, Temporal worker, projector and tools.')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showHelpAfterError()
    .enablePositionalOptions();
  const run = (command: Promise<number>) => command.then(setExitCode);

  program
    .command('dev')
    .description('run everything in one process on embedded PostgreSQL and the Temporal dev server (npm start)')
    .option('--demo', 'load demo customers, agents and tickets walking the three reference scenarios', false)
    .option('-p, --port <port>', `API port (env PORT; default ${DEV_PORTS.api})`, port)
    .option('--host <host>', 'API interface (env HOST; default 127.0.0.1)')
    .option('--temporal-port <port>', 'Temporal gRPC port', port, DEV_PORTS.temporal)
    .option('--ui-port <port>', 'Temporal Web UI port', port, DEV_PORTS.temporalUi)
    .option('--no-ui', 'do not serve the Temporal Web UI')
    .addOption(
      new Option(
        '--temporal <server>',
        'the Temporal dev server (SQLite), or the full server on the embedded PostgreSQL (npm run setup -- --temporal-server builds it)',
      )
        .choices(['dev', 'full'])
        .default('dev'),
    )
    .option('--postgres-port <port>', 'embedded PostgreSQL port', port, DEV_PORTS.postgres)
    .option('--smtp-port <port>', "the mail catcher's SMTP port", port, DEV_PORTS.smtp)
    .option('--mail-port <port>', 'the web page of caught mail', port, DEV_PORTS.mail)
    .option('--webhook-port <port>', 'the dev webhook receiver', port, DEV_PORTS.webhooks)
    .option('--mail-in-port <port>', "the engine's SMTP ingress (mail to support@localhost)", port, DEV_PORTS.mailIn)
    .option('--site-port <port>', 'the demo host page embedding the widget (Acme shop)', port, DEV_PORTS.site)
    .option('--data-dir <dir>', 'where PostgreSQL, Temporal and the dev secret keep their data', devPaths().root)
    .action((options) => run(runDev(options, io)));

  program
    .command('api')
    .description('serve the GraphQL API with /healthz and /readyz (configured by the environment)')
    .action(() => run(runApi(io)));

  program
    .command('worker')
    .description('run the Temporal worker and the reactor (configured by the environment)')
    .action(() => run(runWorkerCommand(io)));

  program
    .command('projector')
    .description('keep the read models up to date (configured by the environment)')
    .action(() => run(runProjectorCommand(io)));

  program
    .command('mail-in')
    .description('receive mail by SMTP for the configured mailboxes, each message recorded before 250 (MAIL_IN_*)')
    .action(() => run(runMailIn(io)));

  program
    .command('migrate')
    .description('create or update the event store, reactor and read-model tables')
    .action(() => run(runMigrate(io)));

  program
    .command('rebuild')
    .description('replay projections from the start of the log, with progress and events/s')
    .option('--projection <name>', 'only this projection (tickets, chats, agents or articles; metrics is tickets)')
    .option('--in-place', 'replay into the live tables instead of a side schema compared with them', false)
    .action((options) => run(runRebuild(options, io)));

  program
    .command('sla')
    .description('the SLA configuration')
    .command('presets')
    .description('load shipped SLA presets (calendars, policies, categories) in one command')
    .addArgument(
      new Argument('[presets...]', 'the presets to load').choices(SlaPreset.options).default([...SlaPreset.options]),
    )
    .addOption(
      new Option('--default <preset>', 'the preset whose policy becomes the default').choices(SlaPreset.options),
    )
    .action((presets: SlaPreset[], options: { default?: SlaPreset }) =>
      run(runLoadPresets({ presets, ...(options.default ? { defaultPreset: options.default } : {}) }, io)),
    );

  program
    .command('chaos')
    .description(
      'run the production topology here under simulated traffic and a seeded schedule of faults, then check nothing was lost or doubled; exits 1 on any violation',
    )
    .option(
      '--seed <n>',
      'the seed of the fault schedule and the traffic (printed at the start; default: a random one)',
      positiveInteger,
    )
    .option('--minutes <n>', 'how long the traffic runs', positiveNumber, 10)
    .option(
      '--rounds <n>',
      'rounds of faults, each kind once a round (default: one fault about every 25 s)',
      positiveInteger,
    )
    .option('--concurrency <n>', 'conversations under way at once', positiveInteger, 6)
    .option(
      '--day-ms <ms>',
      'a "day" of the ticket clocks (reminders on days 3 and 5, auto-close on day 7)',
      positiveInteger,
      2_000,
    )
    .option('--dir <dir>', "where the data, logs, clients' records and report go (default: a new temporary folder)")
    .addOption(
      new Option(
        '--temporal <server>',
        "the Temporal dev server (SQLite), or the full server on the run's PostgreSQL (npm run setup -- --temporal-server builds it)",
      )
        .choices(['dev', 'full'])
        .default('dev'),
    )
    .action((options) => run(runChaosCommand(options, io)));

  const audit = program.command('audit').description('audit the event log');
  audit
    .command('verify')
    .description('verify the hash chains and the seals; prints the first bad event per stream, exits 1 if any')
    .option('--stream <id>', 'only this stream, e.g. ticket-t-1')
    .action((options) => run(runAuditVerify(options, io)));
  audit
    .command('attachments')
    .description(
      'read back every file the log names and check it against its recorded SHA-256; exits 1 if any is altered or missing',
    )
    .action(() => run(runAuditAttachments(io)));
  audit
    .command('seals')
    .description('the signed seals of the log (SEAL_FILE)')
    .command('export')
    .description('write the checked seal file (or, with --public-key, its public key) to stdout')
    .option('--public-key', 'the public key seals verify with, as PEM')
    .action((options) => run(runAuditSealsExport(options, io)));

  program
    .command('token')
    .description('print a JWT for a role (signed with SUPPORT_JWT_SECRET, else the dev secret)')
    .addOption(new Option('--role <role>', 'role of the token').choices(Role.options).makeOptionMandatory())
    .requiredOption('--sub <id>', 'subject: the customer, agent or user id the token speaks for')
    .option('--ttl <seconds>', 'validity in seconds', positiveInteger, 3600)
    .option('--data-dir <dir>', 'the dev data folder holding the dev secret', devPaths().root)
    .action((options) =>
      run(
        runToken(
          {
            role: options.role,
            sub: options.sub,
            ttl: options.ttl,
            devSecretFile: devPaths(options.dataDir).jwtSecret,
          },
          io,
        ),
      ),
    );

  return program;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < 1 || parsed > 65_535)
    throw new InvalidArgumentError('expected a port (1-65535)');
  return parsed;
}

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || parsed <= 0) throw new InvalidArgumentError('expected a positive number');
  return parsed;
}

function positiveInteger(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('expected a positive whole number');
  return Number(value);
}
