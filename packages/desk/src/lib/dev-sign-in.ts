/**
 * Development-only sign-in: the API mints a token for one of the demo's people (`POST
 * /dev/token`, which only an engine in development mode serves; a production one answers 404;
 * `signInOptions` in oidc/provider.ts says whether it is offered).
 */

/** The demo data's staff (`npm start -- --demo`), one per role the desk serves. */
export const DEMO_PEOPLE = [
  { sub: 'agent-ada', role: 'agent', name: 'Ada Lovelace' },
  { sub: 'agent-linus', role: 'agent', name: 'Linus Pauling' },
  { sub: 'sup-sue', role: 'supervisor', name: 'Sue Supervisor' },
  { sub: 'dev-admin', role: 'admin', name: 'Dev Admin' },
  { sub: 'dev-auditor', role: 'auditor', name: 'Dev Auditor' },
] as const;

export type DemoPerson = (typeof DEMO_PEOPLE)[number];

/** The path the development token route answers on. */
export const DEV_TOKEN_PATH = '/dev/token';

/** A development token for `person` (a demo person at sign-in, the signed-in user when renewing it). */
export async function devToken(person: { readonly sub: string; readonly role: string }): Promise<string> {
  const response = await fetch(DEV_TOKEN_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sub: person.sub, role: person.role }),
  });
  const body = (await response.json()) as { token?: string; errors?: { message: string }[] };
  if (!response.ok || body.token === undefined) throw new Error(body.errors?.[0]?.message ?? response.statusText);
  return body.token;
}
