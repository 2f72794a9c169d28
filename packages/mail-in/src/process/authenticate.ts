import type { MailAuthentication, MailAuthResult } from '@support-engine/domain/inbound-mail';
import { authenticate } from 'mailauth';

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
  const result = await authenticate(raw, {
    resolver: options.resolver,
    mta: options.mta,
    disableArc: true,
    disableBimi: true,
    ...(sender.client === undefined
      ? {}
      : {
          ip: sender.client.ip,
          ...(sender.client.helo === undefined ? {} : { helo: sender.client.helo }),
          ...(sender.envelopeFrom === undefined ? {} : { sender: sender.envelopeFrom }),
        }),
  });
  const signatures = result.dkim.results ?? [];
  const aligned = signatures.find((row) => row.status.result === 'pass' && row.status.aligned);
  // A signature that verified for another domain says nothing of the From: neutral.
  const failed = signatures.find((row) => row.status.result !== 'pass');
  const dkim = aligned ? 'pass' : (failed?.status.result ?? (signatures.length > 0 ? 'neutral' : 'none'));
  return {
    spf: sender.client === undefined || result.spf === false ? 'none' : verdict(result.spf.status.result),
    dkim: verdict(dkim),
    dmarc: result.dmarc === false ? 'none' : verdict(result.dmarc.status.result),
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
