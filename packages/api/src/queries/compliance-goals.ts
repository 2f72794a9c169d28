import type { SlaConfigurationSource } from '@support-engine/application';
import type { ComplianceGoals } from '@support-engine/projections';

/**
 * Each SLA policy's compliance goal as the configuration holds it now (a report compares past
 * tickets with today's goal, as a supervisor reading it would), `null` for a policy that sets
 * none or no longer exists.
 */
export async function complianceGoals(configuration: SlaConfigurationSource): Promise<ComplianceGoals> {
  const { policies } = await configuration.current();
  return (policyId) =>
    Object.hasOwn(policies, policyId) ? (policies[policyId]!.definition.complianceGoal ?? null) : null;
}
