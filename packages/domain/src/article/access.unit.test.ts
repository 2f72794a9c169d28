import { describe, expect, it } from 'vitest';
import { Role } from '../shared/actor.js';
import { readsDrafts } from './access.js';

describe('readsDrafts', () => {
  it('lets staff and auditors know of drafts; customers (and visitors) only of published versions', () => {
    expect(Role.options.filter(readsDrafts)).toEqual(['agent', 'supervisor', 'admin', 'auditor', 'system']);
    expect(readsDrafts('customer')).toBe(false);
  });
});
