import { randomUUID } from 'node:crypto';
import { DomainError, Id } from '@support-engine/domain';
import { encodeCheckpoint } from '@support-engine/eventstore';
import { z } from 'zod';
import { UploadClaims } from '../attachments/claims.js';
import { requireNotMergedAway, requireOwnership, requireRole } from '../auth/guard.js';
import { idsFor } from '../commands/ids.js';
import { COMMANDS, type MutationName } from '../commands/table.js';
import { ApiError } from '../errors/codes.js';
import { parseInput, requireStorableArgs } from '../validation.js';
import type { ApiContext } from './context.js';
import type { GraphQLFieldResolver } from './engine.js';

/** Named, so a refusal says which argument it was. */
const CommandIdArg = z.object({ commandId: Id });

type MutationResolver = GraphQLFieldResolver<unknown, ApiContext, Record<string, unknown>>;

/**
 * One resolver per command of the table, all alike: the caller's role first, then the arguments
 * (storable text) and the input (validated before any I/O), the customer's ownership, and the command. Client idempotency keys
 * are namespaced by caller, so nobody can replay or probe someone else's command id.
 */
export function mutationResolvers(): Record<MutationName, MutationResolver> {
  const entries = (Object.keys(COMMANDS) as MutationName[]).map((name): [MutationName, MutationResolver] => [
    name,
    async (_parent, args, context) => {
      const principal = requireRole(name, context.principal, context.services.config.publicHelpCenter);
      requireStorableArgs(args);
      const clientKey =
        args.commandId === undefined || args.commandId === null
          ? undefined
          : `${principal.role}:${principal.id}:${parseInput(CommandIdArg, { commandId: args.commandId }).commandId}`;
      const { bus, owners, webhooks, attachments, signals, inboxes, visitors } = context.services;
      const uploads = new UploadClaims((ids, uploader) => attachments?.release(ids, uploader) ?? Promise.resolve());
      const outcome = await COMMANDS[name]
        .execute(args.input, {
          bus: uploads.settledBy(bus.tracing({ correlationId: context.requestId })),
          principal,
          commandId: clientKey ?? `${principal.role}:${principal.id}:${randomUUID()}`,
          newId: idsFor(clientKey),
          checkOwnership: async (input) => {
            await requireOwnership(name, principal, input, owners);
            await requireNotMergedAway(principal, owners);
          },
          webhooks,
          delivery: context.services.deps.delivery,
          attachments,
          uploads,
          inboxes,
          signals,
          visitors,
          address: context.address,
        })
        .catch(async (error: unknown) => {
          // A refusal wrote nothing: the files it named are free to be swept again. Any other
          // failure may have come after a write, so its files stay attached.
          if (error instanceof DomainError || error instanceof ApiError)
            await uploads
              .giveBack()
              .catch((failure: unknown) =>
                context.services.deps.logger.error(
                  { err: failure },
                  'could not give back the uploads of a refused command',
                ),
              );
          throw error;
        });
      if ('payload' in outcome) return outcome.payload;
      context.services.ownWrites.record(principal, outcome.sent.checkpoint);
      return {
        id: outcome.id,
        version: outcome.sent.version,
        consistencyToken: encodeCheckpoint(outcome.sent.checkpoint),
        ticketId: outcome.ticketId ?? null,
      };
    },
  ]);
  return Object.fromEntries(entries) as Record<MutationName, MutationResolver>;
}
