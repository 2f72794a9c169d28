import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Raised when a URL leads to an address the deployment does not deliver to. */
export class AddressNotAllowedError extends Error {
  override readonly name = 'AddressNotAllowedError';
  readonly code = 'WEBHOOK_URL_NOT_ALLOWED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} resolves to ${address} (${range}), which this deployment does not deliver to`);
  }
}

/**
 * Whether an IP address is a public one: IPv4 `unicast`, IPv6 `unicast` (global), after
 * unwrapping IPv4-mapped IPv6. Loopback, private, link-local (cloud metadata), carrier-grade
 * NAT, multicast, reserved and unspecified ranges are not.
 */
export function addressRange(address: string): { public: boolean; range: string } {
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  return { public: range === 'unicast', range };
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request` that refuses private and loopback addresses unless allowed: the
 * check runs on the address the socket will connect to, so a DNS answer that changes between
 * registration and delivery (rebinding) is caught too.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      if (!allowPrivate) {
        for (const { address } of list) {
          const { public: isPublic, range } = addressRange(address);
          if (!isPublic) return callback(new AddressNotAllowedError(hostname, address, range), []);
        }
      }
      const all = (options as { all?: boolean }).all === true;
      if (all) return callback(null, list);
      const [first] = list;
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}

/** The `http:` and `https:` agents of one channel, keeping connections alive. */
export type GuardedAgents = Readonly<Record<'http:' | 'https:', http.Agent>>;

/**
 * Agents whose connections go only where {@link guardedLookup} lets them (`ca`: extra
 * certificates to trust over https). A host given as a literal address is never looked up:
 * {@link literalAddressRefusal} checks those.
 */
export function guardedAgents(allowPrivate: boolean, ca?: string): GuardedAgents {
  const lookup = guardedLookup(allowPrivate);
  return {
    'http:': new http.Agent({ keepAlive: true, lookup } as http.AgentOptions),
    'https:': new https.Agent({ keepAlive: true, lookup, ...(ca === undefined ? {} : { ca }) } as https.AgentOptions),
  };
}

/** Why a URL whose host is a literal address may not be delivered to, or `null` when it may (or is a name). */
export function literalAddressRefusal(url: URL, allowPrivate: boolean): AddressNotAllowedError | null {
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (allowPrivate || isIP(literal) === 0) return null;
  const { public: isPublic, range } = addressRange(literal);
  return isPublic ? null : new AddressNotAllowedError(literal, literal, range);
}

/**
 * Checks where a webhook URL leads before it is registered: every address its host resolves to
 * (or the literal address) must be public, unless the deployment allows private ones. Throws
 * {@link AddressNotAllowedError}; DNS failures propagate (the host may not exist).
 */
export async function assertDeliverableUrl(url: string, allowPrivate: boolean): Promise<void> {
  if (allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : await new Promise<string[]>((resolve, reject) =>
        dnsLookup(host, { all: true }, (error, list) => (error ? reject(error) : resolve(list.map((a) => a.address)))),
      );
  for (const address of addresses) {
    const { public: isPublic, range } = addressRange(address);
    if (!isPublic) throw new AddressNotAllowedError(host, address, range);
  }
}
