import { describe, expect, it } from 'vitest';
import { mayChangeAlertGroups } from './alert-groups.js';

describe('mayChangeAlertGroups', () => {
  it('lets supervisors, admins and the system change alert groups, not agents, customers or auditors', () => {
    const allowed = (['agent', 'supervisor', 'admin', 'system', 'customer', 'auditor'] as const).filter((role) =>
      mayChangeAlertGroups({ id: `${role}-1`, role }),
    );
    expect(allowed).toEqual(['supervisor', 'admin', 'system']);
  });
});
