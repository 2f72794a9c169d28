import { describe, expect, it } from 'vitest';
import { roleOfClaim } from './role-claim.js';

describe('the role a role claim grants', () => {
  it('is the role a string names, and none for a name that is no role', () => {
    expect(roleOfClaim('agent')).toBe('agent');
    expect(roleOfClaim('auditor')).toBe('auditor');
    expect(roleOfClaim('engineering')).toBeNull();
    expect(roleOfClaim('')).toBeNull();
  });

  it('is the strongest role of a list of groups, other groups ignored', () => {
    expect(roleOfClaim(['engineering', 'agent'])).toBe('agent');
    expect(roleOfClaim(['agent', 'supervisor'])).toBe('supervisor');
    expect(roleOfClaim(['auditor', 'admin', 'agent'])).toBe('admin');
    expect(roleOfClaim(['auditor', 'agent'])).toBe('agent');
    expect(roleOfClaim(['customer', 'auditor'])).toBe('auditor');
  });

  it('grants nothing for a list without a role, the engine’s own role, or a claim of another type', () => {
    expect(roleOfClaim([])).toBeNull();
    expect(roleOfClaim(['engineering', 42, null])).toBeNull();
    expect(roleOfClaim(['system'])).toBeNull();
    expect(roleOfClaim(undefined)).toBeNull();
    expect(roleOfClaim(3)).toBeNull();
    expect(roleOfClaim({ role: 'admin' })).toBeNull();
  });
});
