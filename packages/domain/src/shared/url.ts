import { z } from 'zod';

// The WHATWG URL parser is part of every JavaScript runtime the engine supports and does no I/O;
// the domain compiles without platform types, so it names the little of it that it uses.
declare const URL: {
  parse(input: string): { protocol: string; username: string; password: string; hash: string; href: string } | null;
};

/** The longest URL the engine stores (webhook endpoints, push endpoints). */
export const MAX_URL_LENGTH = 2048;

/** The outcome of {@link checkHttpUrl}: the normalised URL, or why it was refused. */
export type UrlCheck = { readonly ok: true; readonly href: string } | { readonly ok: false; readonly reason: string };

/**
 * The rule for a URL the engine will call: it parses, its scheme is `http:` or `https:`, it
 * carries no user name or password (credentials in a URL end up in logs and delivery records),
 * and it is at most {@link MAX_URL_LENGTH} characters, before and after normalisation (which drops
 * a `#fragment`, never sent over HTTP). Whether
 * its host is safe to call (no private addresses) is decided when it is called, since DNS can
 * change: that is the delivery package's SSRF guard, not a domain rule.
 */
export function checkHttpUrl(input: string): UrlCheck {
  if (input.length > MAX_URL_LENGTH) return { ok: false, reason: `longer than ${MAX_URL_LENGTH} characters` };
  const url = URL.parse(input);
  if (url === null) return { ok: false, reason: 'not a URL' };
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `scheme ${url.protocol} is not http: or https:` };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'carries a user name or password' };
  // A fragment is never sent over HTTP: kept, it would only make two equal URLs differ.
  url.hash = '';
  if (url.href.length > MAX_URL_LENGTH) {
    return { ok: false, reason: `longer than ${MAX_URL_LENGTH} characters once normalised` };
  }
  return { ok: true, href: url.href };
}

/** A string that passes {@link checkHttpUrl}, parsed to its normalised form. */
export const HttpUrl = z.string().transform((input, ctx) => {
  const checked = checkHttpUrl(input);
  if (checked.ok) return checked.href;
  ctx.addIssue({ code: 'custom', message: `expected an http(s) URL without credentials: ${checked.reason}` });
  return z.NEVER;
});
