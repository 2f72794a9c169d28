import type { MailAuthentication, MailAuthResult } from '@support-engine/domain/inbound-mail';
import { dkimVerify } from 'mailauth/lib/dkim/verify.js';
import { evaluateDmarc } from 'mailauth/lib/dmarc/index.js';
import { spf } from 'mailauth/lib/spf/index.js';

/** Answers DNS questions as mailauth asks them (node's `dns.promises.resolve` in production). */
export type MailDnsResolver = (domain: string, rrtype: string) => Promise<string[][] | string[]>;

/** What is known of how a message reached the engine, for SPF. */
export interface MailSender {
  /** The connecting client (SMTP only): without it SPF is `none`. */
  readonly client?: { readonly ip: string; readonly helo?: string };
  /** The envelope's `MAIL FROM`. */
  readonly envelopeFrom?: string;
}

/**
 * Verifies who sent a message: SPF for the client that handed it over (only an SMTP ingress saw
 * one; mail fetched by IMAP or posted by a provider has no client to check, so SPF is `none`),
 * DKIM (`pass` when a signature aligned with the From domain verified, else the first failing
 * signature's result, `neutral` when only other domains' signatures verified, `none` without one), and DMARC for the From domain (`none` when the
 * domain publishes no policy, or the From names no single domain).
 */
export async function authenticateMail(
  raw: Buffer,
  sender: MailSender,
  options: { readonly resolver: MailDnsResolver; readonly mta: string },
): Promise<MailAuthentication> {
  const { resolver } = options;
  const envelopeFrom = sender.envelopeFrom === undefined ? {} : { sender: sender.envelopeFrom };
  const verified = await dkimVerify(raw, { resolver, ...envelopeFrom });
  const { client } = sender;
  // The steps of mailauth's `authenticate`, without ARC and BIMI (see mailauth-modules.d.ts).
  const spfResult =
    client === undefined
      ? undefined
      : await spf({
          ip: client.ip,
          helo: client.helo ?? `[${client.ip}]`,
          sender: verified.envelopeFrom || sender.envelopeFrom || '',
          mta: options.mta,
          resolver,
        });
  const signatures = verified.results ?? [];
  const passed = signatures.filter((row) => row.status.result === 'pass' && row.signingDomain !== undefined);
  const dmarcResult =
    verified.headerFrom.length === 0
      ? undefined
      : await evaluateDmarc({
          headerFrom: verified.headerFrom,
          fromFields: verified.fromFields,
          spfDomains: spfResult?.status.result === 'pass' && spfResult.domain ? [spfResult.domain] : [],
          dkimDomains: passed.map((row) => ({
            domain: row.signingDomain ?? '',
            ...(row.id === undefined ? {} : { id: row.id }),
            ...(row.status.aligned === undefined ? {} : { aligned: row.status.aligned }),
            ...(row.status.underSized === undefined ? {} : { underSized: row.status.underSized }),
          })),
          resolver,
        });
  const alignedDomains = dmarcResult?.dkimAligned;
  const aligned = passed.some((row) =>
    alignedDomains === undefined
      ? Boolean(row.status.aligned)
      : alignedDomains.has((row.signingDomain ?? '').toLowerCase()),
  );
  // A signature that verified for another domain says nothing of the From: neutral.
  const failed = signatures.find((row) => row.status.result !== 'pass');
  const dkim = aligned ? 'pass' : (failed?.status.result ?? (signatures.length > 0 ? 'neutral' : 'none'));
  const dmarc = dmarcResult?.response;
  return {
    spf: spfResult === undefined ? 'none' : verdict(spfResult.status.result),
    dkim: verdict(dkim),
    dmarc: dmarc === undefined || dmarc === false ? 'none' : verdict(dmarc.status.result),
  };
}

/** mailauth's result words as RFC 8601 spells them. */
function verdict(result: string): MailAuthResult {
  switch (result) {
    case 'pass':
    case 'fail':
    case 'softfail':
    case 'neutral':
    case 'policy':
    case 'temperror':
    case 'permerror':
      return result;
    case 'temperr':
      return 'temperror';
    default:
      return 'none';
  }
}
