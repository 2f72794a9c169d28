import { describe, expect, it } from 'vitest';
import { CHANNEL, identityOf, toFrame, toLoader, widgetConfigOf } from './protocol.ts';

const config = {
  widgetKey: 'wk_demo',
  name: 'Acme',
  topics: [{ id: 'billing', label: { en: 'Billing', fr: 'Facturation' }, categoryId: 'billing' }],
  greeting: null,
  chat: { open: true },
};

describe('the messages between the loader and the frame', () => {
  it('reads the config of GET /widget/v1/config with each label in the language asked', () => {
    expect(widgetConfigOf(config, 'fr')).toEqual({
      widgetKey: 'wk_demo',
      name: 'Acme',
      topics: [{ id: 'billing', label: 'Facturation', categoryId: 'billing' }],
      greeting: null,
      open: true,
    });
    expect(widgetConfigOf({ ...config, chat: { open: false } }, 'en')?.open).toBe(false);
  });

  it('reads labels and the greeting given as lists of { language, text }', () => {
    const listed = {
      ...config,
      topics: [
        {
          id: 'billing',
          label: [
            { language: 'en', text: 'Billing' },
            { language: 'fr', text: 'Facturation' },
          ],
          categoryId: 'billing',
        },
      ],
      greeting: [
        { language: 'en', text: 'Hi' },
        { language: 'fr', text: 'Bonjour' },
      ],
    };
    expect(widgetConfigOf(listed, 'fr')).toMatchObject({ topics: [{ label: 'Facturation' }], greeting: 'Bonjour' });
    expect(widgetConfigOf(listed, 'de')).toMatchObject({ topics: [{ label: 'Billing' }], greeting: 'Hi' });
  });

  it('refuses a config that is none', () => {
    expect(widgetConfigOf({ ...config, topics: [{ id: 'x' }] }, 'en')).toBeNull();
    expect(widgetConfigOf('wk_demo', 'en')).toBeNull();
  });

  it('reads the loader init, identity and visibility, and nothing else', () => {
    const init = { channel: CHANNEL, kind: 'init', config: widgetConfigOf(config, 'en'), identity: null };
    expect(toFrame(init)?.kind).toBe('init');
    expect(toFrame({ channel: CHANNEL, kind: 'visibility', open: false })).toEqual({
      channel: CHANNEL,
      kind: 'visibility',
      open: false,
    });
    expect(toFrame({ channel: CHANNEL, kind: 'identity', identity: { userId: 'u' } })).toBeNull();
    expect(toFrame({ channel: 'other', kind: 'init' })).toBeNull();
    expect(toFrame('hello')).toBeNull();
  });

  it('reads the frame unread count, ready and close', () => {
    expect(toLoader({ channel: CHANNEL, kind: 'unread', count: 3 })).toEqual({
      channel: CHANNEL,
      kind: 'unread',
      count: 3,
    });
    expect(toLoader({ channel: CHANNEL, kind: 'unread', count: -1 })).toBeNull();
    expect(toLoader({ channel: CHANNEL, kind: 'close' })?.kind).toBe('close');
    expect(toLoader({ channel: CHANNEL, kind: 'navigate', to: 'x' })).toBeNull();
  });

  it('takes an identity with a user id, an email and a hash only', () => {
    const identity = { userId: 'u-1', email: 'ann@example.com', name: 'Ann', hash: 'ab12' };
    expect(identityOf(identity)).toEqual(identity);
    expect(identityOf({ ...identity, hash: '' })).toBeNull();
    expect(identityOf({ ...identity, name: 3 })).toBeNull();
  });
});
