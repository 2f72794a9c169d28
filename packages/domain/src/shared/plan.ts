import { z } from 'zod';

/** A customer's plan, their entitlement as the customer's CRM names it ("Premium", "Enterprise"). */
export const PlanName = z.string().trim().min(1).max(200);

/**
 * The key plans compare by: case and surrounding white space count for nothing, so a profile's
 * "Premium" and a configuration's "premium" name one plan. Each character is lower-cased on its
 * own ({@link lowerCaseChar}), whatever the characters around it, so that the database folds a
 * stored plan the very same way whatever its locale (the read side's `planKeySql`).
 */
export function planKey(plan: string): string {
  let key = '';
  for (const char of plan.trim()) key += lowerCaseChar(char);
  return key;
}

/**
 * One character's lower case when Unicode gives it as one character (`É` -> `é`); the character
 * itself otherwise (`ß`, or `İ`, whose lower case is two). {@link planKey} folds plans by it.
 */
export function lowerCaseChar(char: string): string {
  const lower = char.toLowerCase();
  return [...lower].length === 1 ? lower : char;
}

/** Whether two plans (null: none) are one plan, compared by {@link planKey}. */
export function samePlan(a: string | null, b: string | null): boolean {
  return a === null || b === null ? a === b : planKey(a) === planKey(b);
}
