import { type CommandContext, type EventSchemaRegistry, streamId } from '@support-engine/domain';
import { customerDecider } from '@support-engine/domain/customer';
import {
  EMPTY_SLA_CONFIGURATION,
  evolveSlaConfiguration,
  SLA_CONFIGURATION_ID,
  type SlaConfigEvent,
  type SlaConfiguration,
} from '@support-engine/domain/sla-config';
import type { TicketCommandContext } from '@support-engine/domain/ticket';
import type { CommandHandler, EventStore } from '@support-engine/eventstore';
import { createFoldedStream, type FoldedStream } from './folded-stream.js';

/** The SLA configuration as the log holds it now. */
export type SlaConfigurationSource = FoldedStream<SlaConfiguration>;

/**
 * Reads the SLA configuration stream (`slaconfig-default`), keeping the folded state and reading
 * only the events after it on each call: one short query per command that needs it.
 */
export function createSlaConfigurationSource(store: EventStore, registry: EventSchemaRegistry): SlaConfigurationSource {
  return createFoldedStream<SlaConfiguration, SlaConfigEvent>(
    store,
    registry,
    streamId('slaconfig', SLA_CONFIGURATION_ID),
    EMPTY_SLA_CONFIGURATION,
    evolveSlaConfiguration,
  );
}

/** Customers' plans as their profiles hold them now. */
export interface CustomerPlanSource {
  planOf(customerId: string): Promise<string | null>;
}

/** Reads the customer's stream (`customer-<id>`) and folds their profile: one query per ticket opened. */
export function createCustomerPlanSource(store: EventStore, registry: EventSchemaRegistry): CustomerPlanSource {
  return {
    async planOf(customerId) {
      const events = await store.readStream(streamId('customer', customerId));
      const state = events.reduce(
        (folded, event) => customerDecider.evolve(folded, registry.upcast(event) as never),
        customerDecider.initialState,
      );
      return state.profile?.plan ?? null;
    },
  };
}

/**
 * The commands decided with the configuration: the ticket commands whose SLA terms follow from
 * it, starting a chat (the chat desk's opening hours), and configuring a mailbox or a widget key (the
 * categories they name).
 */
const NEEDS_CONFIGURATION: ReadonlySet<string> = new Set([
  'OpenTicket',
  'ChangeCategory',
  'RefreshSla',
  'StartChat',
  'ConfigureMailbox',
  'ConfigureWidget',
]);

/**
 * The handler with the SLA configuration in the context of the commands that need it (a
 * ticket's opening, a category change, `RefreshSla`, a chat's start, a mailbox's configuration),
 * so a ticket records the terms that govern it, a chat starts only in the desk's opening hours
 * and a mailbox names a category that exists; and, with `plans`,
 * the customer's plan in the context of a ticket's opening (each unless the caller gave it).
 */
export function withSlaConfiguration<C, E, Ctx extends CommandContext>(
  handler: CommandHandler<C, E, Ctx>,
  source: SlaConfigurationSource,
  plans?: CustomerPlanSource,
): CommandHandler<C, E, Ctx> {
  return {
    async handle(request) {
      const context = await configuredContext(source, request.command, request.context, plans);
      // What it adds follows the command's type: the configuration only for the ticket and chat
      // commands decided with it, the plan only for `OpenTicket`, so it is that decider's context.
      return handler.handle({ ...request, context: context as Ctx });
    },
  };
}

/**
 * `context`, with the SLA configuration if `command` is decided with it, and the customer's plan
 * if it opens a ticket (and `plans` is given); each unless the caller gave it (a test deciding
 * with a configuration the log does not hold).
 */
export async function configuredContext(
  source: SlaConfigurationSource,
  command: unknown,
  context: TicketCommandContext,
  plans?: CustomerPlanSource,
): Promise<TicketCommandContext> {
  const { type, data } = command as { type?: unknown; data?: { customerId?: unknown } };
  if (typeof type !== 'string' || !NEEDS_CONFIGURATION.has(type)) return context;
  const configured =
    context.slaConfiguration === undefined ? { ...context, slaConfiguration: await source.current() } : context;
  const customerId = data?.customerId;
  const needsPlan = type === 'OpenTicket' && plans !== undefined && context.customerPlan === undefined;
  if (!needsPlan || typeof customerId !== 'string') return configured;
  return { ...configured, customerPlan: await plans.planOf(customerId) };
}
