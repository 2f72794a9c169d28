import { describe, expect, it } from 'vitest';
import { isDomainError } from '../shared/errors.js';
import { firstNameOf, placeholdersIn, renderCannedReply, requireKnownPlaceholders } from './placeholders.js';

const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : String(error);
  }
  return 'none';
};

describe('canned reply placeholders', () => {
  it('finds each placeholder once, spaces inside the braces allowed', () => {
    expect(placeholdersIn('Hi {{ customer.firstName }}, {{ticket.subject}} / {{customer.firstName}}')).toEqual([
      'customer.firstName',
      'ticket.subject',
    ]);
  });

  it('renders every placeholder, and refuses a missing or blank value rather than leave a gap', () => {
    const body = 'Hello {{customer.firstName}}, about "{{ticket.subject}}" — {{agent.name}}';
    expect(
      renderCannedReply(body, { 'customer.firstName': 'Ada', 'ticket.subject': 'Login', 'agent.name': 'Sam Agent' }),
    ).toBe('Hello Ada, about "Login" — Sam Agent');
    expect(codeOf(() => renderCannedReply(body, { 'customer.firstName': 'Ada', 'ticket.subject': 'Login' }))).toBe(
      'MISSING_PLACEHOLDER_VALUE',
    );
    expect(
      codeOf(() => renderCannedReply(body, { 'customer.firstName': ' ', 'ticket.subject': 'x', 'agent.name': 'y' })),
    ).toBe('MISSING_PLACEHOLDER_VALUE');
  });

  it('refuses a placeholder it does not know, and leaves other braces as text', () => {
    expect(codeOf(() => requireKnownPlaceholders('Hi {{customer.shoeSize}}'))).toBe('UNKNOWN_PLACEHOLDER');
    expect(codeOf(() => requireKnownPlaceholders('A set {a, b} and a {single} brace'))).toBe('none');
    // A value that looks like a placeholder is inserted as it is, never expanded again.
    expect(renderCannedReply('{{ticket.subject}}', { 'ticket.subject': '{{agent.name}}' })).toBe('{{agent.name}}');
  });

  it('refuses a placeholder written wrong, which would reach the customer as it is', () => {
    for (const body of [
      'Hi {{customer.firstName',
      'Hi {{{customer.firstName}}}',
      'Hi {{customer.firstName}}}',
      'Hi {{{customer.firstName}}',
      'Hi customer.firstName}}',
      'Hi {{customer.{firstName}}',
      '{{ticket.id}} and {{',
      'Hi {customer.firstName}',
      'Hi { agent.name }, {{ticket.id}}',
    ])
      expect(
        codeOf(() => requireKnownPlaceholders(body)),
        body,
      ).toBe('UNKNOWN_PLACEHOLDER');
    expect(() => requireKnownPlaceholders('Dear all, about {{ticket.subject')).toThrow(
      'Malformed placeholder near "Dear all, about {{ticket.subject": write {{name}}, with two braces on each side',
    );
    expect(
      codeOf(() =>
        requireKnownPlaceholders('{{ticket.id}}{{ticket.subject}} {x} }{ {v1.2} {"a": 1} {order.id} C:\\{app.dir}'),
      ),
    ).toBe('none');
    expect(() => requireKnownPlaceholders('Hi {customer.firstName},')).toThrow(
      'Malformed placeholder "{customer.firstName}": write {{customer.firstName}}, with two braces on each side',
    );
  });

  it('takes the first word of a name as the first name', () => {
    expect(firstNameOf('  Alice  Martin ')).toBe('Alice');
    expect(firstNameOf('')).toBeNull();
    expect(firstNameOf(null)).toBeNull();
  });
});
