import {
  createDomainEventRegistry,
  draftSlaPolicy,
  SLA_METRICS,
  type SlaComparison,
  type SlaFigures,
  STANDARD_POLICY,
} from '@support-engine/domain';
import { replaySlaWhatIf } from '@support-engine/projections';
import { SlaPolicyDefinitionInput, toSlaPolicyDefinition } from '../commands/sla-config-input.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';

interface WhatIfArgs {
  readonly policy: unknown;
  readonly from: Date;
  readonly to: Date;
}

/** The schema's `SlaFigures`: metric ids become field names. */
function figures({ compliance, ...rest }: SlaFigures) {
  const [firstResponse, nextResponse, resolution] = SLA_METRICS.map((metric) => compliance[metric]);
  return { ...rest, compliance: { firstResponse, nextResponse, resolution } };
}

const comparison = ({ actual, whatIf }: SlaComparison) => ({ actual: figures(actual), whatIf: figures(whatIf) });

const keyed = (groups: Readonly<Record<string, SlaComparison>>) =>
  Object.entries(groups)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => ({ key, ...comparison(group) }));

/**
 * What a draft policy would have produced for the tickets opened in `[from, to)`, beside what
 * their recorded terms produced: a replay of the log, read-only.
 */
export const slaWhatIfQuery = defineQuery<WhatIfArgs>(null, async (args, context) => {
  const { store, slaSettings } = context.services.deps;
  const input = parseInput(SlaPolicyDefinitionInput, args.policy);
  const registry = createDomainEventRegistry();
  const config = await context.services.bus.configuration.current();
  const draft = draftSlaPolicy(config, toSlaPolicyDefinition(input));
  const report = await replaySlaWhatIf(store, registry, {
    draft,
    bootstrap: slaSettings?.bootstrapPolicy ?? STANDARD_POLICY,
    from: args.from.getTime(),
    to: args.to.getTime(),
  });
  return {
    from: args.from,
    to: args.to,
    overall: comparison(report.overall),
    byPriority: keyed(report.byPriority),
    byCategory: keyed(report.byCategory),
    byAgent: keyed(report.byAgent),
  };
});
