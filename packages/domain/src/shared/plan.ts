import { z } from 'zod';

/** A customer's plan, their entitlement as the customer's CRM names it ("Premium", "Enterprise"). */
export const PlanName = z.string().trim().min(1).max(200);

/**
 * The key plans compare by: case and surrounding space count for nothing, so a profile's
 * "Premium" and a configuration's "premium" name one plan.
 */
export function planKey(plan: string): string {
  return plan.trim().toLocaleLowerCase('en');
}

/** Whether two plans (null: none) are one plan, compared by {@link planKey}. */
export function samePlan(a: string | null, b: string | null): boolean {
  return a === null || b === null ? a === b : planKey(a) === planKey(b);
}
