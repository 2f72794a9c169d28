import { setTimeout as sleep } from 'node:timers/promises';
import { type CommandBus, customerOfAddress } from '@support-engine/application';
import { isDomainError, LanguageTag } from '@support-engine/domain';
import { customerDecider } from '@support-engine/domain/customer';
import { mailAddressKey } from '@support-engine/domain/inbound-mail';
import { MAIL_IN_ACTOR } from '../actor.js';
import type { MailIds } from './ids.js';
import type { MailPerson } from './parse.js';

/** The longest single wait for another message's registration of the same sender (10 ms, doubled each time). */
const MAX_REGISTRATION_WAIT_MS = 640;

/** The address a customer's profile holds, if any. */
export async function addressOfCustomer(bus: CommandBus, customerId: string): Promise<string | undefined> {
  return (await bus.fold('customer', customerId, customerDecider)).profile?.email ?? undefined;
}

/**
 * The customer a sender is: the one holding their address, else a new customer registered under
 * the id derived from the message (named as the `From` header names them, else by their
 * address's local part; in `language` when it is a valid tag). Two messages of one new sender
 * processed at once both try; the address's claim lets one win, and the other takes its customer.
 */
export async function customerOfSender(
  bus: CommandBus,
  sender: MailPerson,
  language: string | undefined,
  ids: MailIds,
): Promise<{ readonly customerId: string; readonly registered: boolean }> {
  const known = await customerOfAddress(bus, sender.address);
  if (known !== undefined) return { customerId: known, registered: false };
  const email = mailAddressKey(sender.address);
  const name = (sender.name ?? '').trim().slice(0, 200) || email.slice(0, email.lastIndexOf('@')).slice(0, 200);
  const tag = LanguageTag.safeParse(language);
  try {
    await bus.send(
      'customer',
      ids.customerId,
      {
        type: 'RegisterCustomer',
        data: { customerId: ids.customerId, name, email, ...(tag.success ? { language: tag.data } : {}) },
      },
      MAIL_IN_ACTOR,
      ids.registerCommand,
    );
    return { customerId: ids.customerId, registered: true };
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'CUSTOMER_EMAIL_TAKEN') throw error;
    // A registration still under way has claimed the address before writing its customer: it is
    // waited for a moment, then the message is tried again later (not the domain's lasting refusal).
    for (let wait = 0; wait <= MAX_REGISTRATION_WAIT_MS; wait = wait === 0 ? 10 : wait * 2) {
      if (wait > 0) await sleep(wait);
      const holder = await customerOfAddress(bus, sender.address);
      if (holder !== undefined) return { customerId: holder, registered: false };
    }
    throw new Error(`The address ${email} is being registered for another message's sender; tried again later`);
  }
}
