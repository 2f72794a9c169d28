/** Test support (not a test file): DNS answered from a zone map, and DKIM keys and signatures made in the test. */
import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import type { MailDnsResolver } from '../process/authenticate.js';

/** DNS records by name (lower case), then type: TXT records as their text, others as their values. */
export type Zone = Record<string, Partial<Record<'TXT' | 'A' | 'MX', readonly string[]>>>;

const dnsError = (code: 'ENOTFOUND' | 'ENODATA', name: string) => Object.assign(new Error(`${code} ${name}`), { code });

/**
 * A resolver over `zone` answering as node's does: TXT records as arrays of strings, ENODATA for
 * a name with no record of that type, ENOTFOUND for a name with none at all.
 */
export function zoneResolver(zone: Zone): MailDnsResolver {
  return async (domain, rrtype) => {
    const name = domain.toLowerCase().replace(/\.$/, '');
    const records = zone[name];
    if (records === undefined) throw dnsError('ENOTFOUND', name);
    const values = records[rrtype as keyof typeof records];
    if (values === undefined || values.length === 0) throw dnsError('ENODATA', name);
    return rrtype === 'TXT' ? values.map((text) => [text]) : [...values];
  };
}

/** A DKIM key pair: the private key to sign with, and the TXT record publishing the public one. */
export function dkimKeys(): { privateKey: string; record: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const spki = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    record: `v=DKIM1; k=rsa; p=${spki}`,
  };
}

/** `raw` with a DKIM signature of `domain` under `selector` on top. */
export async function signed(raw: Buffer, domain: string, selector: string, privateKey: string): Promise<Buffer> {
  const signature = { signingDomain: domain, selector, privateKey };
  const result = await dkimSign(raw, { ...signature, canonicalization: 'relaxed/relaxed', signatureData: [signature] });
  if (result.errors.length > 0 || result.signatures === '')
    throw new Error(`DKIM signing failed: ${JSON.stringify(result.errors)}`);
  return Buffer.concat([Buffer.from(result.signatures), raw]);
}
