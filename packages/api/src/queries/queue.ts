import { LanguageTag, TicketPriority } from '@support-engine/domain';
import { Skill, WorkKind } from '@support-engine/domain/agent';
import { ChatPriority } from '@support-engine/domain/chat';
import { Tier } from '@support-engine/domain/ticket';
import { DEFAULT_QUEUE_SIZE, MAX_QUEUE_SIZE, supervisorQueue, workQueue } from '@support-engine/projections';
import { z } from 'zod';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import { ticketFromView } from './ticket-dto.js';

// GraphQL has typed the arguments; these bounds are the API's own (and the domain's formats).
const First = z.int().min(1).max(MAX_QUEUE_SIZE).default(DEFAULT_QUEUE_SIZE);

const WorkQueueArgs = z.object({
  filter: z
    .object({
      kind: WorkKind.optional(),
      tier: z.array(Tier).optional(),
      category: Skill.optional(),
      language: LanguageTag.optional(),
      // One enum of both scales (a chat's medium is a ticket's normal), so a refusal lists every value.
      priority: z.array(z.enum([...new Set([...TicketPriority.options, ...ChatPriority.options])])).optional(),
      olderThanSeconds: z.int().min(0).optional(),
    })
    .default({}),
  first: First,
});

const QueueArgs = z.object({ first: First });

/** The unassigned open tickets and waiting chats in routing order, with their waits at the API's clock. */
export const workQueueQuery = defineQuery<object>(['tickets', 'chats'], async (args, context) => {
  const { filter, first } = parseInput(WorkQueueArgs, args);
  const { olderThanSeconds, ...rest } = filter;
  return workQueue(context.services.deps.db, {
    ...rest,
    olderThanMs: olderThanSeconds === undefined ? undefined : olderThanSeconds * 1000,
    now: context.services.deps.clock(),
    first,
  });
});

/** Open tickets escalated past the top tier, oldest first. */
export const supervisorQueueQuery = defineQuery<object>('tickets', async (args, context) => {
  const { first } = parseInput(QueueArgs, args);
  const tickets = await supervisorQueue(context.services.deps.db, { first });
  return tickets.map((view) => ticketFromView(view));
});
