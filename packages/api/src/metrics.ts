import { isDomainError } from '@support-engine/domain';
import { isConcurrencyError, isIdempotencyKeyReusedError } from '@support-engine/eventstore';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { ApiError } from './errors/codes.js';

/** How a command ended, as the metrics count it. */
export type CommandOutcome = 'ok' | 'refused' | 'conflict' | 'error';

/** Runs one command, measured. */
export type CommandObserver = <T>(category: string, type: string, run: () => Promise<T>) => Promise<T>;

/** A process's Prometheus metrics: its registry (others may add to it) and the command meter. */
export interface ApiMetrics {
  readonly registry: Registry;
  readonly observeCommand: CommandObserver;
}

/**
 * The API's metrics, in a registry of its own (several servers may share a process in tests):
 * Node's process metrics (`support_engine_process_*`, `support_engine_nodejs_*`), commands by
 * category, type and outcome (`support_engine_commands_total`), and command latency
 * (`support_engine_command_duration_seconds`: the whole command, reads, decision, append and
 * retries). A refusal is a domain or API error, a conflict a concurrency error that outlived the
 * retries; anything else is an error.
 */
export function createApiMetrics(): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'support_engine_' });
  const commands = new Counter({
    name: 'support_engine_commands_total',
    help: 'Commands handled, by stream category, command type and outcome (ok, refused, conflict, error).',
    labelNames: ['category', 'type', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'support_engine_command_duration_seconds',
    help: 'Time to handle a command (read, decide, append, retries), by stream category and outcome.',
    labelNames: ['category', 'outcome'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    registry,
    async observeCommand(category, type, run) {
      const stop = duration.startTimer({ category });
      let outcome: CommandOutcome = 'ok';
      try {
        return await run();
      } catch (error) {
        outcome = outcomeOf(error);
        throw error;
      } finally {
        stop({ outcome });
        commands.inc({ category, type, outcome });
      }
    },
  };
}

function outcomeOf(error: unknown): CommandOutcome {
  if (isConcurrencyError(error)) return 'conflict';
  if (isDomainError(error) || error instanceof ApiError || isIdempotencyKeyReusedError(error)) return 'refused';
  return 'error';
}
