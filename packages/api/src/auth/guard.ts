import { mayNot } from '@support-engine/domain';
import { ApiError } from '../errors/codes.js';
import { badInput, requireStorableArgs } from '../validation.js';
import type { OwnerLookup } from './owners.js';
import { assignedForCustomers, customerRule, isPublic, type Operation, roleAllows } from './policy.js';
import type { Principal } from './tokens.js';

const OWNERSHIP = { policy: 'ownership' } as const;

/**
 * Who a caller without a token is, on the operations a public help center opens to them: a
 * customer of no one (they reach only what every customer may, published articles).
 */
export const VISITOR: Principal = Object.freeze({ id: 'visitor', role: 'customer' });

/**
 * The first half of every authorization: a caller is required (or, with a public help center,
 * none for the operations the policy table marks public: they act as {@link VISITOR}) and their
 * role must be in the policy table. Runs before input is even validated, so anonymous or
 * misplaced calls learn nothing.
 */
export function requireRole(operation: Operation, principal: Principal | null, publicHelpCenter = false): Principal {
  if (principal === null && publicHelpCenter && isPublic(operation)) return VISITOR;
  if (principal === null) throw new ApiError('UNAUTHENTICATED', 'Authentication required');
  if (!roleAllows(operation, principal.role)) {
    throw new ApiError('FORBIDDEN', mayNot(principal.role, `call ${operation}`), { policy: 'role' });
  }
  return principal;
}

/**
 * The second half: a customer may only reach what is theirs, per the operation's rule in the
 * policy table. `args` are the validated arguments (or mutation input) the rule's `arg` names.
 * A ticket or chat that is someone else's is answered exactly as one that does not exist, and a
 * customer may not choose the ids the server assigns them, so nothing tells a customer whether
 * an id they do not own is taken.
 */
export async function requireOwnership(
  operation: Operation,
  principal: Principal,
  args: Readonly<Record<string, unknown>>,
  owners: OwnerLookup,
): Promise<void> {
  if (principal.role !== 'customer') return;
  const rule = customerRule(operation);
  // A table entry admitting customers without a rule would be a hole: refuse rather than allow.
  if (rule === undefined) throw new ApiError('FORBIDDEN', `No customer rule for ${operation}`, OWNERSHIP);
  const chosen = assignedForCustomers(operation).filter((name) => args[name] !== undefined);
  if (chosen.length > 0) {
    // Every such id is a mutation's input field, named as the client sent it.
    throw badInput(
      chosen.map((name) => ({ path: `input.${name}`, message: 'assigned by the server for customers: leave it out' })),
    );
  }
  if (rule.kind === 'scoped') return;
  const id = args[rule.arg];
  if (typeof id !== 'string') throw new ApiError('BAD_USER_INPUT', `Missing ${rule.arg}`);
  if (rule.kind === 'customer') {
    if (id !== principal.id) throw new ApiError('FORBIDDEN', 'Customers may only act for themselves', OWNERSHIP);
    return;
  }
  if ((await owners.ownerOf(rule.kind, id)) !== principal.id)
    throw new ApiError('NOT_FOUND', `No ${rule.kind} "${id}"`);
}

/**
 * A customer merged into another (a widget visitor who identified: `CustomerMerged`) writes nothing
 * more as themself: a token of theirs from before the merge, still unexpired, is refused with
 * `CUSTOMER_MERGED` (the domain's code for what a merged customer may no longer start), so nothing
 * is opened under an id whose chats and tickets moved on. Asked of every customer's write (one
 * row read by its key); the anonymous visitor of a public help center is no customer of record.
 */
export async function requireNotMergedAway(principal: Principal, owners: OwnerLookup): Promise<void> {
  if (principal.role !== 'customer' || principal === VISITOR) return;
  if ((await owners.mergedInto(principal.id)) === null) return;
  throw new ApiError(
    'CUSTOMER_MERGED',
    `Customer ${principal.id} was merged into another customer: this token writes nothing more; get a new one (the widget renews its session, the help center signs in again)`,
    { customerId: principal.id },
  );
}

/**
 * Both halves, for operations whose arguments GraphQL has already typed (queries, subscriptions);
 * between them the arguments are checked for text no lookup could use.
 */
export async function authorize(
  operation: Operation,
  principal: Principal | null,
  args: Readonly<Record<string, unknown>>,
  owners: OwnerLookup,
  publicHelpCenter = false,
): Promise<Principal> {
  const caller = requireRole(operation, principal, publicHelpCenter);
  requireStorableArgs(args);
  await requireOwnership(operation, caller, args, owners);
  return caller;
}
