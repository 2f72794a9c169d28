import { createHash } from 'node:crypto';
import { type Actor, isDomainError } from '@support-engine/domain';
import { customerDecider } from '@support-engine/domain/customer';
import type { CommandBus } from './bus.js';
import { customerOfAddress } from './customer-address.js';

/** The engine's chat widget, registering the customers its sessions speak for. */
export const WIDGET_ACTOR: Actor = { id: 'widget', role: 'system' };

/** What the widget calls a visitor it knows nothing of (the pre-chat form may give a name later). */
const VISITOR_NAME = 'Visitor';

/** A signed-in user of a host site, as the host's server vouched for them (its HMAC verified). */
export interface WidgetIdentity {
  readonly userId: string;
  readonly email: string;
  readonly name?: string | undefined;
}

/**
 * The id of the customer a host's user is on this widget key: derived from the key and the user
 * id, so every device and every retry names the same one (and no table maps them).
 */
export function identifiedCustomerId(widgetKey: string, userId: string): string {
  return `wu-${createHash('sha256').update(`${widgetKey}\n${userId}`).digest('hex').slice(0, 40)}`;
}

/**
 * Registers a new visitor customer `customerId` (named "Visitor"); the command id is derived
 * from it, so a retry writes nothing twice.
 */
export async function registerVisitor(bus: CommandBus, customerId: string): Promise<void> {
  await register(bus, customerId, { name: VISITOR_NAME }, `widget-visitor:${customerId}`);
}

/**
 * The customer a host's identified user is (docs/widget.md#sessions-and-identity-verification):
 * the one their user id names on this key when registered, else the one holding their email,
 * else a new one registered under the user id's customer, with that email (the host vouched for
 * it). Concurrent calls for one user register them once.
 */
export async function identifiedCustomer(
  bus: CommandBus,
  widgetKey: string,
  identity: WidgetIdentity,
): Promise<string> {
  const customerId = identifiedCustomerId(widgetKey, identity.userId);
  if (await isRegistered(bus, customerId)) return customerId;
  const byEmail = await customerOfAddress(bus, identity.email);
  if (byEmail !== undefined) return byEmail;
  const name = identity.name ?? identity.email.slice(0, identity.email.indexOf('@')).slice(0, 200);
  try {
    await register(bus, customerId, { name, email: identity.email }, `widget-identity:${customerId}`);
  } catch (error) {
    // Another customer took the address meanwhile: the user is theirs, as the address says.
    if (isDomainError(error) && error.code === 'CUSTOMER_EMAIL_TAKEN') {
      const holder = await customerOfAddress(bus, identity.email);
      if (holder !== undefined) return holder;
    }
    throw error;
  }
  return customerId;
}

async function isRegistered(bus: CommandBus, customerId: string): Promise<boolean> {
  return (await bus.fold('customer', customerId, customerDecider)).profile !== null;
}

/** Registers the customer, a concurrent registration of the same one (same command) taken as done. */
async function register(
  bus: CommandBus,
  customerId: string,
  profile: { readonly name: string; readonly email?: string },
  commandId: string,
): Promise<void> {
  try {
    await bus.send(
      'customer',
      customerId,
      { type: 'RegisterCustomer', data: { customerId, ...profile } },
      WIDGET_ACTOR,
      commandId,
    );
  } catch (error) {
    if (isDomainError(error) && error.code === 'ALREADY_EXISTS') return;
    throw error;
  }
}
