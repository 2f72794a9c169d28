import { z } from 'zod';

/**
 * The address rule of the engine: an address mail can be sent to and a customer or staff member
 * may hold. An ASCII address follows the rule addresses always followed (zod's `email` pattern: a
 * dot-atom of letters, digits and `_'+-`, a domain of at least two labels). An internationalised
 * address (RFC 6531, "EAI") may also have letters of any script in its local part (with the same
 * punctuation, and dots between), and a domain written in any script (an IDN, checked as its ASCII
 * form, `xn--…`). Quoted local parts, comments and IP-literal domains (`[192.0.2.1]`) are refused:
 * no support mail comes from them that a person could not answer better otherwise.
 */
export function isEmailAddress(address: string): boolean {
  if (address.length > 320) return false;
  if (/^[\x20-\x7e]*$/.test(address)) return z.regexes.email.test(address);
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const domain = asciiDomain(address.slice(at + 1));
  return local.length <= 64 && INTERNATIONAL_LOCAL.test(local) && domain !== undefined && isAsciiDomain(domain);
}

/** A local part of letters, marks and digits of any script and `_'+-`, dots only between them. */
const INTERNATIONAL_LOCAL = /^[\p{L}\p{M}\p{N}_'+-]+(?:\.[\p{L}\p{M}\p{N}_'+-]+)*$/u;

/** The WHATWG URL parser (node's and browsers' global; the domain's types name no platform). */
const WhatwgUrl = (globalThis as unknown as { URL: new (input: string) => { readonly hostname: string } }).URL;

/**
 * A domain as DNS names it: written in any script, its ASCII form (IDNA: `bücher.de` is
 * `xn--bcher-kva.de`), lower case; undefined when it is not a host name.
 */
export function asciiDomain(domain: string): string | undefined {
  if (/^[\x20-\x7e]*$/.test(domain)) return domain.toLowerCase();
  try {
    // The WHATWG URL parser applies IDNA (UTS #46) to a host, in node and in browsers alike.
    const host = new WhatwgUrl(`http://${domain}/`).hostname;
    return host.length > 0 && !host.startsWith('[') ? host : undefined;
  } catch {
    return undefined;
  }
}

/** Labels of letters, digits and inner hyphens, at least two, the last alphabetic or an IDN (`xn--`). */
function isAsciiDomain(domain: string): boolean {
  if (domain.length > 253) return false;
  const labels = domain.split('.');
  return (
    labels.length >= 2 &&
    labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) &&
    /^(?:[a-z]{2,}|xn--[a-z0-9-]+)$/.test(labels.at(-1)!)
  );
}

/**
 * The key an address is known by, so one mailbox is one key however it is written: trimmed,
 * without angle brackets, in Unicode's composed form (NFC), in lower case, its domain as DNS names
 * it (an IDN in its ASCII form). Mail systems treat the local part case-insensitively in practice.
 */
export function emailAddressKey(address: string): string {
  const bare = address
    .trim()
    .replace(/^<(.*)>$/, '$1')
    .trim()
    .normalize('NFC')
    .toLowerCase();
  const at = bare.lastIndexOf('@');
  if (at < 0) return bare;
  return `${bare.slice(0, at)}@${asciiDomain(bare.slice(at + 1)) ?? bare.slice(at + 1)}`;
}

/** An address as the engine takes one ({@link isEmailAddress}), trimmed and in composed form (NFC), as written otherwise. */
export const EmailAddress = z
  .string()
  .trim()
  .transform((address) => address.normalize('NFC'))
  .refine(
    isEmailAddress,
    'expected an email address such as ada@example.com (any script; no quoted parts or IP literals)',
  );
