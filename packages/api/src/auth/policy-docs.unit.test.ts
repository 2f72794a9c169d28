import { readFileSync } from 'node:fs';
import type { Role } from '@support-engine/domain';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, type Operation, POLICY } from './policy.js';

// docs/architecture.md#authorization-table summarises POLICY for readers; this keeps the two equal,
// so the page never promises an access rule the API does not enforce (or the other way round).

const PAGE = readFileSync(new URL('../../../../docs/architecture.md', import.meta.url), 'utf8');
const COLUMNS = ['customer', 'staff', 'leads only', 'admins only', 'auditor', 'system'] as const;

/** The documented cells of every operation, as `column: cell` with empty cells left out. */
function documentedRules(): Map<string, string[]> {
  const table = PAGE.split('### Authorization table')[1]?.split('\n## ')[0] ?? '';
  const rules = new Map<string, string[]>();
  for (const line of table.split('\n')) {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (cells.length !== COLUMNS.length + 1 || !cells[0]!.startsWith('`')) continue;
    const rule = COLUMNS.flatMap((column, i) => (cells[i + 1] ? [`${column}: ${cells[i + 1]}`] : []));
    for (const [, operation] of cells[0]!.matchAll(/`(\w+)`/g)) rules.set(operation!, rule);
  }
  return rules;
}

/** What the table's row for `operation` must say, derived from POLICY. */
function expectedRule(operation: Operation): string[] {
  const roles: readonly Role[] = POLICY[operation].roles;
  const has = (role: Role) => roles.includes(role);
  return [
    ...(has('customer') ? ['customer: own'] : []),
    ...(has('agent') ? ['staff: yes'] : []),
    ...(has('supervisor') && !has('agent') ? ['leads only: yes'] : []),
    ...(has('admin') && !has('supervisor') ? ['admins only: yes'] : []),
    ...(has('auditor') ? ['auditor: yes'] : []),
    ...(has('system') ? ['system: yes'] : []),
  ];
}

describe('the documented authorization table', () => {
  it('lists every operation, and only those', () => {
    expect([...documentedRules().keys()].sort()).toEqual([...OPERATIONS].sort());
  });

  it('gives each operation the roles POLICY allows', () => {
    const documented = documentedRules();
    const mismatches = OPERATIONS.filter(
      (operation) => JSON.stringify(documented.get(operation)) !== JSON.stringify(expectedRule(operation)),
    ).map((operation) => ({ operation, documented: documented.get(operation), policy: expectedRule(operation) }));
    expect(mismatches).toEqual([]);
  });
});
