import { describe, expect, it } from 'vitest';
import { Refusal, renewalDelay, requestSession } from './session.ts';

const answer = (status: number, body: unknown) =>
  (async () => new Response(JSON.stringify(body), { status })) as unknown as typeof fetch;

describe("the frame's session", () => {
  it('is renewed a minute before it expires, or at four fifths of a short life', () => {
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(renewalDelay('2026-01-01T10:15:00Z', now)).toBe(14 * 60_000);
    expect(renewalDelay('2026-01-01T10:01:40Z', now)).toBe(80_000);
    expect(renewalDelay('2026-01-01T09:00:00Z', now)).toBe(0);
  });

  it("gives the engine's session", async () => {
    const session = {
      token: 't',
      expiresAt: '2026-01-01T10:15:00Z',
      customerId: 'c',
      visitorToken: 'v',
      identified: false,
    };
    const request = { widgetKey: 'wk_demo', hostOrigin: 'http://127.0.0.1:8088', visitorToken: null, identity: null };
    await expect(requestSession(request, answer(200, session))).resolves.toEqual(session);
  });

  it('throws the refusal with its code', async () => {
    const request = { widgetKey: 'wk_x', hostOrigin: 'http://evil.test', visitorToken: null, identity: null };
    const refused = requestSession(request, answer(403, { error: { code: 'WIDGET_ORIGIN_REFUSED', message: 'no' } }));
    await expect(refused).rejects.toBeInstanceOf(Refusal);
    await expect(refused).rejects.toMatchObject({ code: 'WIDGET_ORIGIN_REFUSED' });
  });
});
