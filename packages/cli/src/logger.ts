import { type LevelWithSilent, type Logger, pino } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

/** How log lines look: JSON lines for collectors (production) or coloured text for a terminal (dev). */
export type LogFormat = 'json' | 'pretty';

/**
 * The one logger of a `support-engine` process; every component (API, worker, projector,
 * Temporal's runtime) logs through it or a child of it.
 */
export function createLogger(level: LevelWithSilent, format: LogFormat): Logger {
  const options = { name: 'support-engine', level };
  if (format === 'json') return pino(options);
  // A synchronous stream rather than a transport thread: lines printed just before exit (the
  // shutdown report) must not be lost, and a dev terminal does not need the throughput.
  return pino(
    options,
    pretty({
      sync: true,
      singleLine: true,
      colorize: process.stdout.isTTY,
      translateTime: 'HH:MM:ss.l',
      ignore: 'pid,hostname,name',
    }),
  );
}
