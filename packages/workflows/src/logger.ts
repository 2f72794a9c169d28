import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from 'pino';

export type { Logger } from 'pino';

/** Routes the Temporal SDK's logs (worker, workflows' `log`, activities) into pino. */
export function temporalLoggerFrom(logger: Logger): TemporalLogger {
  const at =
    (level: Lowercase<LogLevel>) =>
    (message: string, meta?: LogMetadata): void =>
      logger[level](meta ?? {}, message);
  return {
    log: (level, message, meta) => at(level.toLowerCase() as Lowercase<LogLevel>)(message, meta),
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
}
