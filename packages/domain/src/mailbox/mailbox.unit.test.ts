import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { EMPTY_SLA_CONFIGURATION, type SlaConfiguration } from '../sla-config/state.js';
import type { MailboxCommand } from './commands.js';
import type { MailboxEvent } from './events.js';
import { mailboxesDecider } from './index.js';
import { isOwnMailboxAddress, mailboxFor, ownMailboxAddresses } from './rules.js';
import { EMPTY_MAILBOX_CONFIGURATION, type MailboxConfiguration } from './state.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const ADMIN: Actor = { id: 'ada', role: 'admin' };
const SUE: Actor = { id: 'sue', role: 'supervisor' };
const SLA: SlaConfiguration = {
  ...EMPTY_SLA_CONFIGURATION,
  categories: { billing: { id: 'billing', version: 1, definition: { name: 'Billing' } as never } },
};

function decide(state: MailboxConfiguration, command: MailboxCommand, actor: Actor = ADMIN): readonly MailboxEvent[] {
  return mailboxesDecider.decide(command, state, { now: T0, actor, slaConfiguration: SLA });
}
function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : String(error);
  }
  return 'none';
}
const configure = (address: string, definition: Record<string, unknown> = {}, adding = false): MailboxCommand => ({
  type: 'ConfigureMailbox',
  data: { address, definition: { name: 'Support', ...definition } as never, adding },
});
const after = (state: MailboxConfiguration, command: MailboxCommand) =>
  fold(mailboxesDecider, decide(state, command), state);

describe('the mailbox configuration', () => {
  it('keys a mailbox by its address in lower case, with the engine defaults where left out', () => {
    const events = decide(EMPTY_MAILBOX_CONFIGURATION, configure(' Support@Example.COM ', {}, true));
    expect(events).toEqual([
      {
        type: 'MailboxConfigured',
        data: {
          at: T0.toISOString(),
          actor: ADMIN,
          address: 'support@example.com',
          version: 1,
          definition: { name: 'Support', category: null, language: null, priority: null, active: true },
        },
      },
    ]);
  });

  it('takes a single-label host, as a development deployment’s support@localhost', () => {
    expect(decide(EMPTY_MAILBOX_CONFIGURATION, configure('support@localhost'))[0]?.data.address).toBe(
      'support@localhost',
    );
  });

  it('replaces a definition with a new version, and writes nothing when it is unchanged', () => {
    const one = after(EMPTY_MAILBOX_CONFIGURATION, configure('billing@example.com', { category: 'billing' }));
    const two = after(one, configure('billing@example.com', { category: 'billing', language: 'FR', priority: 'high' }));
    expect(two.mailboxes['billing@example.com']).toMatchObject({
      version: 2,
      definition: { category: 'billing', language: 'fr', priority: 'high' },
    });
    expect(
      decide(two, configure('BILLING@example.com', { category: 'billing', language: 'fr', priority: 'high' })),
    ).toEqual([]);
  });

  it('refuses adding an address configured already, whatever its case (unique address)', () => {
    const one = after(EMPTY_MAILBOX_CONFIGURATION, configure('support@example.com'));
    expect(code(() => decide(one, configure('SUPPORT@example.com', { name: 'Other' }, true)))).toBe(
      'MAILBOX_ADDRESS_TAKEN',
    );
  });

  it('refuses a sub-address, an invalid address and an unknown category, writing nothing', () => {
    expect(code(() => decide(EMPTY_MAILBOX_CONFIGURATION, configure('support+vip@example.com')))).toBe(
      'MAILBOX_SUB_ADDRESS',
    );
    for (const invalid of ['not an address', 'a@', '@example.com', 'a..b@example.com', 'a@-example.com', 'a b@x.com'])
      expect(
        code(() => decide(EMPTY_MAILBOX_CONFIGURATION, configure(invalid))),
        invalid,
      ).toBe('VALIDATION_FAILED');
    expect(code(() => decide(EMPTY_MAILBOX_CONFIGURATION, configure('a@example.com', { category: 'sales' })))).toBe(
      'MAILBOX_CATEGORY_UNKNOWN',
    );
    expect(code(() => decide(EMPTY_MAILBOX_CONFIGURATION, configure('a@example.com', { priority: 'asap' })))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('lets only admins and the system configure mailboxes', () => {
    expect(code(() => decide(EMPTY_MAILBOX_CONFIGURATION, configure('a@example.com'), SUE))).toBe('FORBIDDEN');
    expect(
      decide(EMPTY_MAILBOX_CONFIGURATION, configure('a@example.com'), { id: 'demo', role: 'system' }),
    ).toHaveLength(1);
  });

  it('removes a mailbox, refuses removing one that is not there, and goes on counting versions when re-added', () => {
    const one = after(EMPTY_MAILBOX_CONFIGURATION, configure('support@example.com'));
    const removed = after(one, { type: 'RemoveMailbox', data: { address: 'Support@example.com' } });
    expect(removed.mailboxes).toEqual({});
    expect(code(() => decide(removed, { type: 'RemoveMailbox', data: { address: 'support@example.com' } }))).toBe(
      'NOT_FOUND',
    );
    const again = after(removed, configure('support@example.com', {}, true));
    expect(again.mailboxes['support@example.com']?.version).toBe(3);
  });
});

describe('mailboxFor and the own addresses', () => {
  const configuration = [
    configure('support@example.com', { language: 'en' }),
    configure('billing@example.com', { category: 'billing', priority: 'high' }),
    configure('old@example.com', { active: false }),
  ].reduce(after, EMPTY_MAILBOX_CONFIGURATION);

  it('finds a mailbox by its address whatever its case, and by its sub-addresses', () => {
    expect(mailboxFor(configuration, 'Support@Example.com')?.address).toBe('support@example.com');
    expect(mailboxFor(configuration, '<billing+ab12cd@example.com>')?.definition).toMatchObject({
      category: 'billing',
      priority: 'high',
    });
  });

  it('finds none for another address, another domain, an address without a domain, or an inactive mailbox', () => {
    expect(mailboxFor(configuration, 'sales@example.com')).toBeUndefined();
    expect(mailboxFor(configuration, 'support@example.org')).toBeUndefined();
    expect(mailboxFor(configuration, 'support')).toBeUndefined();
    expect(mailboxFor(configuration, 'supportx+1@example.com')).toBeUndefined();
    expect(mailboxFor(configuration, 'old@example.com')).toBeUndefined();
  });

  it('counts every configured mailbox, inactive ones included, and their sub-addresses as the engine’s own', () => {
    expect(ownMailboxAddresses(configuration)).toEqual([
      'billing@example.com',
      'old@example.com',
      'support@example.com',
    ]);
    expect(isOwnMailboxAddress(configuration, 'OLD@example.com')).toBe(true);
    expect(isOwnMailboxAddress(configuration, 'support+token@example.com')).toBe(true);
    expect(isOwnMailboxAddress(configuration, 'customer@example.com')).toBe(false);
  });
});
