import { Role } from '@support-engine/domain';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../commands/table.js';
import { createApiSchema } from '../graphql/schema.js';
import { requireOwnership, requireRole } from './guard.js';
import type { OwnerLookup } from './owners.js';
import { customerRule, OPERATIONS, POLICY, roleAllows } from './policy.js';

const ROLES = Role.options;
const owners: OwnerLookup = {
  ownerOf: async (_kind, id) => (id === 'missing' ? null : `owner-of-${id}`),
  mergedInto: async () => null,
};

describe('the policy table', () => {
  it('lists exactly the root fields of the schema', () => {
    const schema = createApiSchema();
    const fields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      Object.keys(type?.getFields() ?? {}),
    );
    expect([...OPERATIONS].sort()).toEqual(fields.sort());
  });

  it('gives every operation open to customers an ownership rule', () => {
    for (const operation of OPERATIONS) {
      if (roleAllows(operation, 'customer')) expect(customerRule(operation), operation).toBeDefined();
    }
  });

  it('lets auditors issue no command', () => {
    for (const mutation of Object.keys(COMMANDS))
      expect(roleAllows(mutation as keyof typeof POLICY, 'auditor')).toBe(false);
  });

  describe.each(OPERATIONS)('%s', (operation) => {
    it.each(ROLES)('as %s: allowed exactly when the table says so', (role) => {
      const call = () => requireRole(operation, { id: 'someone', role });
      if ((POLICY[operation].roles as readonly string[]).includes(role))
        expect(call()).toEqual({ id: 'someone', role });
      else expect(call).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN', policy: 'role' } }));
    });
  });

  it('refuses anonymous callers', () => {
    for (const operation of OPERATIONS) {
      expect(() => requireRole(operation, null)).toThrow(
        expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }),
      );
    }
  });
});

describe('ownership', () => {
  const customer = { id: 'owner-of-t1', role: 'customer' as const };

  it("lets a customer reach their own ticket and answers another one's as a missing one", async () => {
    await expect(requireOwnership('customerReply', customer, { ticketId: 't1' }, owners)).resolves.toBeUndefined();
    await expect(requireOwnership('customerReply', customer, { ticketId: 't2' }, owners)).rejects.toMatchObject({
      message: 'No ticket "t2"',
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('reports a missing ticket as NOT_FOUND', async () => {
    await expect(requireOwnership('ticket', customer, { id: 'missing' }, owners)).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('compares customer ids directly', async () => {
    await expect(
      requireOwnership('openTicket', customer, { customerId: 'someone-else' }, owners),
    ).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(
      requireOwnership('openTicket', customer, { customerId: customer.id }, owners),
    ).resolves.toBeUndefined();
  });

  it('does not hold staff to customer rules', async () => {
    await expect(
      requireOwnership('ticket', { id: 'a1', role: 'agent' }, { id: 't2' }, owners),
    ).resolves.toBeUndefined();
  });
});
