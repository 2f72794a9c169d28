import { describe, expect, it } from 'vitest';
import { maskedPushEndpoint, pushSecretsMasked } from './push.js';

describe('push secrets as readers of the log see them', () => {
  it('keep the push service and drop the capability, user information included', () => {
    expect(maskedPushEndpoint('https://fcm.googleapis.com/fcm/send/abc:def')).toBe('https://fcm.googleapis.com/…');
    expect(maskedPushEndpoint('https://user:secret@Push.Example:8443/x?y')).toBe('https://push.example:8443/…');
    expect(maskedPushEndpoint('not a url')).toBe('…');
  });

  it('mask push events only', () => {
    const subscription = { endpoint: 'https://push.example/send/abc', keys: { p256dh: 'k', auth: 'a' } };
    expect(pushSecretsMasked('StaffPushSubscribed', { staffId: 's', subscription })).toEqual({
      staffId: 's',
      subscription: { endpoint: 'https://push.example/…' },
    });
    expect(pushSecretsMasked('CustomerPushUnsubscribed', { endpoint: subscription.endpoint })).toEqual({
      endpoint: 'https://push.example/…',
    });
    const other = { endpoint: 'https://hooks.example/in', subscription };
    expect(pushSecretsMasked('WebhookEndpointRegistered', other)).toEqual(other);
  });
});
