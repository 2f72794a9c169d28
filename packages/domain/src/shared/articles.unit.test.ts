import { describe, expect, it } from 'vitest';
import { Role } from './actor.js';
import { mayNot, withArticle } from './articles.js';

describe('role refusal texts', () => {
  it.each([
    ['auditor', 'an auditor'],
    ['agent', 'an agent'],
    ['admin', 'an admin'],
    ['supervisor', 'a supervisor'],
    ['customer', 'a customer'],
    ['system', 'a system'],
  ])('%s takes its article', (role, expected) => {
    expect(withArticle(role)).toBe(expected);
  });

  it('starts the refusal with a capital and the right article', () => {
    expect(mayNot('auditor', 'close a ticket')).toBe('An auditor may not close a ticket');
    expect(mayNot('supervisor', 'reserve work')).toBe('A supervisor may not reserve work');
    // The automation is one: "the system".
    expect(mayNot('system', 'call replyToTicket')).toBe('The system may not call replyToTicket');
  });

  it('never reads "A a..." or "An c..." for any role', () => {
    for (const role of Role.options) expect(mayNot(role, 'x')).not.toMatch(/^(A [aeiou]|An [^aeiou])/i);
  });
});
