import { customerDecider, emailClaimDecider, emailClaimId, holdsEmail } from '@support-engine/domain/customer';
import { mailAddressKey } from '@support-engine/domain/inbound-mail';
import type { CommandBus } from './bus.js';

/**
 * The customer who holds `address`, whatever its case: read from the address's claim stream (the
 * one place the engine keeps an address to one customer; docs/domain.md#one-customer-per-email),
 * never from a read model, and only while that customer's profile still holds it (a claim a dead
 * command left behind names nobody). The mail ingress finds a sender's customer by it.
 */
export async function customerOfAddress(bus: CommandBus, address: string): Promise<string | undefined> {
  const key = emailClaimId(mailAddressKey(address));
  const claim = await bus.fold('custemail', key, emailClaimDecider);
  if (claim.holder === null) return undefined;
  const customer = await bus.fold('customer', claim.holder, customerDecider);
  return holdsEmail(customer, key) ? claim.holder : undefined;
}
