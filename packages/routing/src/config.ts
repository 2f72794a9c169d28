import { z } from 'zod';

const Flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const Positive = z.coerce.number().int().positive();

/**
 * The variables the router reads. `ROUTING_MODE=manual` turns automatic routing off: agents
 * pick work from the queue themselves, while the router still gives slots back and finishes
 * interrupted hand-overs (the ledger needs that in both modes).
 */
const RouterEnv = z.object({
  ROUTING_MODE: z.enum(['auto', 'manual']).default('auto'),
  ROUTER_ENABLED: Flag.default(true),
  ROUTER_NAME: z.string().min(1).max(100).default('router'),
  ROUTER_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  ROUTER_POLL_INTERVAL_MS: Positive.default(500),
  ROUTER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  ROUTER_MAX_DECISIONS: z.coerce.number().int().min(1).max(100_000).default(500),
  ROUTER_SETTLE_AFTER_MS: Positive.default(10_000),
});

/** How the router runs. */
export interface RouterConfig {
  /** `auto` routes queued work; `manual` leaves it for agents to pick. */
  readonly mode: 'auto' | 'manual';
  /** Run the router in this process; one active router per database (the others stand by on its lock). */
  readonly enabled: boolean;
  /** Names its checkpoint, board and lock. */
  readonly name: string;
  /** Events read per cycle. */
  readonly batchSize: number;
  /** Longest an idle router sleeps without an append notification before reading again. */
  readonly pollIntervalMs: number;
  /** Hand-overs and reactions in flight at once (each to its own item; one agent's serialise on their stream). */
  readonly concurrency: number;
  /** Routing decisions per cycle; the rest of the queue waits for the next cycle. */
  readonly maxDecisions: number;
  /** How long a reservation may stay unfinished before the router finishes or cancels it itself. */
  readonly settleAfterMs: number;
}

/** The router's configuration from the environment; throws a ZodError naming every invalid variable. */
export function loadRouterConfig(env: NodeJS.ProcessEnv = process.env): RouterConfig {
  const e = RouterEnv.parse(env);
  return {
    mode: e.ROUTING_MODE,
    enabled: e.ROUTER_ENABLED,
    name: e.ROUTER_NAME,
    batchSize: e.ROUTER_BATCH_SIZE,
    pollIntervalMs: e.ROUTER_POLL_INTERVAL_MS,
    concurrency: e.ROUTER_CONCURRENCY,
    maxDecisions: e.ROUTER_MAX_DECISIONS,
    settleAfterMs: e.ROUTER_SETTLE_AFTER_MS,
  };
}
