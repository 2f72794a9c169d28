import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.js';
import { fold } from '../shared/decider.js';
import { isDomainError } from '../shared/errors.js';
import { EMPTY_SLA_CONFIGURATION, type SlaConfiguration } from '../sla-config/state.js';
import type { WidgetCommand } from './commands.js';
import type { WidgetEvent } from './events.js';
import { widgetsDecider } from './index.js';
import { identityMessage, normalizeOrigin, originAllowed, visitorMerge, widgetChatOpen, widgetOf } from './rules.js';
import { EMPTY_WIDGET_CONFIGURATION, type WidgetConfiguration } from './state.js';

const T0 = new Date('2026-03-02T09:00:00.000Z');
const ADMIN: Actor = { id: 'ada', role: 'admin' };
const SLA: SlaConfiguration = {
  ...EMPTY_SLA_CONFIGURATION,
  categories: { billing: { id: 'billing', version: 1, definition: { name: 'Billing' } as never } },
};
const BILLING = { id: 'billing', label: { en: 'Billing', fr: 'Facturation' }, categoryId: 'billing' };

function decide(state: WidgetConfiguration, command: WidgetCommand, actor: Actor = ADMIN): readonly WidgetEvent[] {
  return widgetsDecider.decide(command, state, { now: T0, actor, slaConfiguration: SLA });
}
function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return isDomainError(error) ? error.code : String(error);
  }
  return 'none';
}
const configure = (widgetKey: string, definition: Record<string, unknown> = {}, adding = false): WidgetCommand => ({
  type: 'ConfigureWidget',
  data: {
    widgetKey,
    definition: { name: 'Shop', allowedOrigins: ['https://shop.example.com'], ...definition } as never,
    adding,
  },
});
const after = (state: WidgetConfiguration, command: WidgetCommand) =>
  fold(widgetsDecider, decide(state, command), state);

describe('widget keys', () => {
  it('records the origins normalised, the topics and greeting as given', () => {
    const events = decide(
      EMPTY_WIDGET_CONFIGURATION,
      configure(
        'wk_shop',
        {
          allowedOrigins: ['https://Shop.Example.com:443/', 'http://localhost:8088', 'https://shop.example.com'],
          topics: [BILLING],
          greeting: { en: 'Hello', fr: 'Bonjour' },
        },
        true,
      ),
    );
    expect(events).toEqual([
      {
        type: 'WidgetConfigured',
        data: {
          at: T0.toISOString(),
          actor: ADMIN,
          widgetKey: 'wk_shop',
          version: 1,
          definition: {
            name: 'Shop',
            allowedOrigins: ['https://shop.example.com', 'http://localhost:8088'],
            topics: [BILLING],
            greeting: { en: 'Hello', fr: 'Bonjour' },
          },
        },
      },
    ]);
  });

  it('refuses what is not an origin, naming the field', () => {
    for (const origin of [
      'https://shop.example.com/path',
      'ftp://shop.example.com',
      'null',
      'https://u:p@a.example',
      'https://a.example/?q',
    ])
      expect(code(() => decide(EMPTY_WIDGET_CONFIGURATION, configure('wk_shop', { allowedOrigins: [origin] })))).toBe(
        'WIDGET_ORIGIN_INVALID',
      );
  });

  it('refuses a key taken when adding, duplicate topics, unknown categories, a bad key, and non-admins', () => {
    const state = after(EMPTY_WIDGET_CONFIGURATION, configure('wk_shop'));
    expect(code(() => decide(state, configure('wk_shop', {}, true)))).toBe('WIDGET_KEY_TAKEN');
    expect(code(() => decide(state, configure('wk_shop', { topics: [BILLING, BILLING] })))).toBe(
      'WIDGET_TOPIC_DUPLICATE',
    );
    expect(code(() => decide(state, configure('wk_shop', { topics: [{ ...BILLING, categoryId: 'nope' }] })))).toBe(
      'WIDGET_TOPIC_CATEGORY_UNKNOWN',
    );
    expect(code(() => decide(state, configure('shop')))).toBe('VALIDATION_FAILED');
    expect(code(() => decide(state, configure('wk_shop', { name: 'Other' }), { id: 'sue', role: 'supervisor' }))).toBe(
      'FORBIDDEN',
    );
  });

  it('writes nothing for a key saved as it is, and removes a key (NOT_FOUND for one not configured)', () => {
    const state = after(EMPTY_WIDGET_CONFIGURATION, configure('wk_shop'));
    expect(decide(state, configure('wk_shop', { allowedOrigins: ['https://SHOP.example.com'] }))).toEqual([]);
    const removed = after(state, { type: 'RemoveWidget', data: { widgetKey: 'wk_shop' } });
    expect(widgetOf(removed, 'wk_shop')).toBeUndefined();
    expect(code(() => decide(removed, { type: 'RemoveWidget', data: { widgetKey: 'wk_shop' } }))).toBe('NOT_FOUND');
    expect(decide(removed, configure('wk_shop'))[0]?.data.version).toBe(3);
  });

  it('allows an origin only in its normalised form among the key’s own', () => {
    const widget = widgetOf(after(EMPTY_WIDGET_CONFIGURATION, configure('wk_shop')), 'wk_shop')!;
    expect(originAllowed(widget, 'https://shop.example.com')).toBe(true);
    expect(originAllowed(widget, 'https://SHOP.example.com:443')).toBe(true);
    expect(originAllowed(widget, 'http://shop.example.com')).toBe(false);
    expect(originAllowed(widget, 'https://shop.example.com.evil.example')).toBe(false);
    expect(originAllowed(widget, undefined)).toBe(false);
    expect(widgetOf(EMPTY_WIDGET_CONFIGURATION, 'constructor')).toBeUndefined();
    expect(normalizeOrigin('http://127.0.0.1:8088')).toBe('http://127.0.0.1:8088');
  });

  it('offers a chat within the hours while an agent is available to take chats', () => {
    const open = { open: true, closesAt: null, nextOpeningAt: null, calendarId: null };
    const available = { availability: 'available', capacity: 3 } as const;
    expect(widgetChatOpen(open, [available])).toBe(true);
    expect(widgetChatOpen(open, [{ ...available, availability: 'break' }])).toBe(false);
    expect(widgetChatOpen(open, [{ ...available, capacity: 0 }])).toBe(false);
    expect(widgetChatOpen({ ...open, open: false }, [available])).toBe(false);
    expect(identityMessage('u-1', 'a@example.com')).toBe('u-1\na@example.com');
  });
});

describe('visitorMerge', () => {
  it('merges an anonymous visitor who identifies, and nobody else', () => {
    const visitor = { customerId: 'visitor-1', anonymous: true };
    expect(visitorMerge(visitor, 'wu-ann')).toEqual({ from: 'visitor-1', into: 'wu-ann' });
    expect(visitorMerge(visitor, undefined)).toBeNull();
    expect(visitorMerge(undefined, 'wu-ann')).toBeNull();
    expect(visitorMerge({ customerId: 'wu-bob', anonymous: false }, 'wu-ann')).toBeNull();
    expect(visitorMerge({ customerId: 'wu-ann', anonymous: true }, 'wu-ann')).toBeNull();
  });
});
