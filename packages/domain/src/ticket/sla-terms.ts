import { provenance } from '../shared/messages.js';
import type { SlaCommandContext } from '../sla-config/context.js';
import { categoryDefaultPriority, slaTermsToRecord } from '../sla-config/governing.js';
import type { TicketEventOf } from './events.js';
import type { TicketSlaTerms } from './state.js';
import type { TicketPriority } from './values.js';

type Applied = TicketEventOf<'TicketSlaPolicyApplied'>;

/**
 * The `TicketSlaPolicyApplied` a ticket in `category`, of a customer on `plan`, needs now: none
 * without a configuration in the context, none when the configuration sets nothing, none when its terms are the ones the
 * ticket already records (`current`).
 */
export function slaTermsToApply(
  ticketId: string,
  category: string | null,
  plan: string | null,
  current: TicketSlaTerms | null,
  context: SlaCommandContext,
  cause: Applied['data']['cause'],
): Applied[] {
  const config = context.slaConfiguration;
  if (config === undefined) return [];
  const terms = slaTermsToRecord(config, category, current?.key ?? null, plan);
  if (terms === null) return [];
  const { policyId, policyVersion, policy, timings, key, requiredSkill } = terms;
  return [
    {
      type: 'TicketSlaPolicyApplied',
      data: {
        ...provenance(context),
        ticketId,
        policyId,
        policyVersion,
        policy,
        timings,
        key,
        requiredSkill,
        cause,
      },
    },
  ];
}

/** The priority of a ticket opened without one: its category's default, else `normal`. */
export function openingPriority(
  requested: TicketPriority | undefined,
  category: string | undefined,
  context: SlaCommandContext,
): TicketPriority {
  if (requested !== undefined) return requested;
  const config = context.slaConfiguration;
  return (config && categoryDefaultPriority(config, category ?? null)) ?? 'normal';
}
