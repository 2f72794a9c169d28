import type { CommandBus, CommandsByCategory, Sent } from '@support-engine/application';
import { DomainError, type StreamCategory } from '@support-engine/domain';
import type { z } from 'zod';
import type { UploadClaims } from '../attachments/claims.js';
import type { Attachments } from '../attachments/service.js';
import type { Principal } from '../auth/tokens.js';
import type { Inboxes } from '../delivery/inboxes.js';
import type { Webhooks } from '../delivery/webhooks.js';
import type { DeliveryAccess } from '../deps.js';
import type { ChatSignals } from '../signals/chat-signals.js';
import { type InputIssue, issueSummary, parseInput } from '../validation.js';
import type { VisitorTraffic } from '../visitor-traffic.js';

/** What a command run may use: the bus, the caller, and a helper for ids. */
export interface CommandEnv {
  readonly bus: CommandBus;
  readonly principal: Principal;
  /** The idempotency key of this mutation (the client's, or a fresh one). */
  readonly commandId: string;
  /** Ids the API generates for create commands whose client left them out. */
  readonly newId: () => string;
  /** Holds a customer to the operation's ownership rule, given the validated input. */
  readonly checkOwnership: (input: Readonly<Record<string, unknown>>) => Promise<void>;
  /** Webhook endpoints, their secrets and URL checks, and the delivery log. */
  readonly webhooks: Webhooks;
  /** The delivery tables and settings; `undefined` where delivery is not wired in. */
  readonly delivery: DeliveryAccess | undefined;
  /** Uploads and the files of messages; `undefined` when the deployment stores none. */
  readonly attachments: Attachments | undefined;
  /** The uploads this mutation marked attached: given back if it is refused before any write. */
  readonly uploads: UploadClaims;
  /** The in-app inboxes, whose read marks the caller sets. */
  readonly inboxes: Inboxes;
  /** Typing indicators and read receipts (relayed, never written). */
  readonly signals: ChatSignals;
  /** A public help center's visitors' traffic, counted outside the log. */
  readonly visitors: VisitorTraffic;
  /** The client's address (see `ApiContext.address`). */
  readonly address: string;
}

/** What a mutation reports: the affected entity, its new version and checkpoint, and an opened ticket's id. */
export interface CommandOutcome {
  readonly id: string;
  readonly sent: Sent;
  readonly ticketId?: string;
}

/** What a mutation that answers with a type of its own reports: the value of that type. */
export interface PayloadOutcome {
  readonly payload: unknown;
}

/** One mutation: its description (in the schema), its input schema and how it runs. */
export interface CommandSpec {
  readonly description: string;
  readonly input: z.ZodObject;
  /** The GraphQL type it answers with; `CommandResult` when absent. */
  readonly returns?: string;
  /** Validates `raw` (BAD_USER_INPUT before any I/O), checks ownership, then runs. */
  execute(raw: unknown, env: CommandEnv): Promise<CommandOutcome | PayloadOutcome>;
}

/** A mutation with its own run function (commands that touch more than one stream, or read first). */
export function defineMutation<S extends z.ZodObject>(
  description: string,
  input: S,
  run: (input: z.output<S>, env: CommandEnv) => Promise<CommandOutcome>,
): CommandSpec {
  return {
    description,
    input,
    async execute(raw, env) {
      const parsed = parseInput(input, raw, 'input');
      await env.checkOwnership(parsed);
      try {
        return await run(parsed, env);
      } catch (error) {
        throw withInputPaths(error, input);
      }
    },
  };
}

/**
 * A domain refusal whose issues name fields by the input's own paths: a mutation whose command
 * groups its input (`data.timings.firstReminderAfterMs`, `data.content.related` for inputs whose
 * fields are flat) is answered with the field the client sent (`input.firstReminderAfterMs`).
 */
function withInputPaths(error: unknown, input: z.ZodObject): unknown {
  if (!(error instanceof DomainError) || !Array.isArray(error.details?.issues)) return error;
  const fields = new Set(Object.keys(input.shape));
  const issues = (error.details.issues as unknown[]).map((issue) => {
    if (typeof issue !== 'object' || issue === null || !('path' in issue) || typeof issue.path !== 'string')
      return issue;
    const [head, ...rest] = issue.path.split('.');
    if (head !== 'data' || rest.length === 0 || fields.has(rest[0]!)) return issue;
    const at = rest.findIndex((segment) => fields.has(segment));
    return at < 0 ? issue : { ...issue, path: ['data', ...rest.slice(at)].join('.') };
  });
  // A schema refusal's message lists its issues: it names the moved ones as the issues do.
  const before = issueSummary(error.details.issues as InputIssue[]);
  const message =
    before !== '' && error.message.endsWith(`: ${before}`)
      ? `${error.message.slice(0, -before.length)}${issueSummary(issues as InputIssue[])}`
      : error.message;
  return new DomainError(error.code, message, { ...error.details, issues });
}

/** A mutation that answers with `returns`, a GraphQL type of its own, rather than `CommandResult`. */
export function definePayloadMutation<S extends z.ZodObject>(
  description: string,
  returns: string,
  input: S,
  run: (input: z.output<S>, env: CommandEnv) => Promise<unknown>,
): CommandSpec {
  return {
    description,
    input,
    returns,
    async execute(raw, env) {
      const parsed = parseInput(input, raw, 'input');
      await env.checkOwnership(parsed);
      return { payload: await run(parsed, env) };
    },
  };
}

/**
 * The common mutation: one command to one stream. `target` picks the entity id (generating it
 * for create commands), `toCommand` builds the domain command from the input.
 */
export function defineCommand<S extends z.ZodObject, K extends StreamCategory>(
  description: string,
  input: S,
  category: K,
  target: (input: z.output<S>, env: CommandEnv) => string,
  toCommand: (
    input: z.output<S>,
    id: string,
    env: CommandEnv,
  ) => CommandsByCategory[K] | Promise<CommandsByCategory[K]>,
): CommandSpec {
  return defineMutation(description, input, async (parsed, env) => {
    const id = target(parsed, env);
    const sent = await env.bus.send(category, id, await toCommand(parsed, id, env), env.principal, env.commandId);
    return { id, sent };
  });
}
