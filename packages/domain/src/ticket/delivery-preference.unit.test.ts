import { describe, expect, it } from 'vitest';
import { RegisterCustomer } from '../customer/commands.js';
import { DEFAULT_DELIVERY_PREFERENCE } from './notifications.js';

describe('DEFAULT_DELIVERY_PREFERENCE', () => {
  it('is both channels, and what a registration without a choice records', () => {
    expect(DEFAULT_DELIVERY_PREFERENCE).toBe('both');
    const registered = RegisterCustomer.parse({ type: 'RegisterCustomer', data: { customerId: 'c-1', name: 'Cora' } });
    expect(registered.data.deliveryPreference).toBe(DEFAULT_DELIVERY_PREFERENCE);
  });
});
