import { createCustomerPlanSource } from '@support-engine/application';
import { createDomainEventRegistry } from '@support-engine/domain';
import { SlaCategory, STANDARD_POLICY } from '@support-engine/domain/sla';
import { expectedFirstResponse as expectedAt } from '@support-engine/domain/sla-config';
import { z } from 'zod';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';

const Args = z.object({ category: SlaCategory.nullish() });

/**
 * When a ticket the caller opens now in `category` would be owed its first answer (what a chat
 * widget's offline form tells the visitor): the terms that ticket would record, the customer's
 * plan included (a customer's own; staff ask without a plan).
 */
export const expectedFirstResponse = defineQuery<{ category?: string | null }>(
  null,
  async (args, context, principal) => {
    const { category } = parseInput(Args, args);
    const { deps } = context.services;
    const config = await context.services.bus.configuration.current();
    const plan =
      principal.role === 'customer'
        ? await createCustomerPlanSource(deps.store, createDomainEventRegistry()).planOf(principal.id)
        : null;
    const expected = expectedAt(config, deps.slaSettings?.bootstrapPolicy ?? STANDARD_POLICY, {
      category: category ?? null,
      plan,
      openedAt: deps.clock().getTime(),
    });
    return { ...expected, dueAt: new Date(expected.dueAt) };
  },
);
