import { createDomainEventRegistry, Id, SLA_METRICS, type SlaMetric } from '@support-engine/domain';
import { STANDARD_POLICY } from '@support-engine/domain/sla';
import {
  draftSlaTerms,
  requireWhatIfScope,
  type SlaComparison,
  type SlaFigures,
  type SlaOutcome,
  type SlaWhatIfTicket,
} from '@support-engine/domain/sla-config';
import { replaySlaWhatIf } from '@support-engine/projections';
import { z } from 'zod';
import { SlaPolicyDefinitionInput, toSlaPolicyDefinition } from '../commands/sla-config-input.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import { periodInOrder } from './period.js';

interface WhatIfArgs {
  readonly policy: unknown;
  readonly from: Date;
  readonly to: Date;
  readonly policyId?: string | null;
}

const WhatIfPeriod = z.object({ from: z.date(), to: z.date() }).refine(...periodInOrder);

/** The schema's `SlaFigures`: metric ids become field names. */
function figures({ compliance, ...rest }: SlaFigures) {
  const [firstResponse, nextResponse, resolution] = SLA_METRICS.map((metric) => compliance[metric]);
  return { ...rest, compliance: { firstResponse, nextResponse, resolution } };
}

const comparison = ({ actual, whatIf }: SlaComparison) => ({ actual: figures(actual), whatIf: figures(whatIf) });

/** The schema's metric names, as `SlaCompliance` names its fields. */
const METRIC_FIELDS: Readonly<Record<SlaMetric, string>> = {
  first_response: 'firstResponse',
  next_response: 'nextResponse',
  resolution: 'resolution',
};

/** The schema's `SlaOutcome`: metric ids become the field names the figures use. */
const outcome = ({ breached, warned, escalated }: SlaOutcome) => ({
  breached: breached.map((metric) => METRIC_FIELDS[metric]),
  warned: warned.map((metric) => METRIC_FIELDS[metric]),
  escalated,
});

const changedTicket = ({ actual, whatIf, ...ticket }: SlaWhatIfTicket) => ({
  ...ticket,
  actual: outcome(actual),
  whatIf: outcome(whatIf),
});

const keyed = (groups: Readonly<Record<string, SlaComparison>>) =>
  Object.entries(groups)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => ({ key, ...comparison(group) }));

/**
 * What a draft policy would have produced for the tickets opened in `[from, to)`, beside what
 * their recorded terms produced: a replay of those tickets' streams, read-only, within the
 * deployment's what-if budget (`config.whatIf`). The tickets are found in the tickets read model, so
 * a `consistencyToken` waits for it. One per operation (see `ONE_PER_OPERATION` in graphql/limits.ts).
 */
export const slaWhatIfQuery = defineQuery<WhatIfArgs>('tickets', async (args, context) => {
  const { store, db, slaSettings } = context.services.deps;
  const { from, to } = parseInput(WhatIfPeriod, { from: args.from, to: args.to });
  const policy = parseInput(SlaPolicyDefinitionInput, args.policy);
  const registry = createDomainEventRegistry();
  const config = await context.services.bus.configuration.current();
  const draft = draftSlaTerms(config, toSlaPolicyDefinition(policy), { anyTimings: slaSettings?.anyTimings ?? false });
  const bootstrap = slaSettings?.bootstrapPolicy ?? STANDARD_POLICY;
  const governedBy = args.policyId == null ? undefined : parseInput(z.object({ policyId: Id }), args).policyId;
  if (governedBy !== undefined) requireWhatIfScope(config, bootstrap, governedBy);
  const input = {
    draft,
    bootstrap,
    from: from.getTime(),
    to: to.getTime(),
    now: context.services.deps.clock().getTime(),
    ...(governedBy === undefined ? {} : { governedBy }),
  };
  const report = await replaySlaWhatIf({ store, db }, registry, input, context.services.config.whatIf);
  return {
    from,
    to,
    overall: comparison(report.overall),
    changedTickets: report.changedTickets.map(changedTicket),
    byPriority: keyed(report.byPriority),
    byCategory: keyed(report.byCategory),
    byAgent: keyed(report.byAgent),
  };
});
