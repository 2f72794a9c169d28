import fc from 'fast-check';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, field } from './testing/harness.fixture.js';

// An upload URL is a credential: whoever holds it may upload. The API's request log must not
// hold one.

let h: ApiHarness;
const lines: string[] = [];

beforeAll(async () => {
  h = await createApiHarness({ logger: pino({ level: 'info' }, { write: (line: string) => lines.push(line) }) });
});
afterAll(async () => h?.close());

/** An upload URL asked for as `customerId`, and its signed grant (the URL's last segment). */
async function uploadUrlFor(customerId: string): Promise<{ uploadUrl: string; grant: string }> {
  const created = await h.gql(
    'mutation($f: String!) { createAttachmentUpload(input: { fileName: $f }) { uploadUrl } }',
    { f: 'notes.txt' },
    await h.token('customer', customerId),
  );
  const { uploadUrl } = field<{ uploadUrl: string }>(created, 'createAttachmentUpload');
  return { uploadUrl, grant: uploadUrl.split('/').at(-1)! };
}

describe('the request log', () => {
  it("shows an upload's PUT without the URL's signed grant", async () => {
    const { uploadUrl, grant } = await uploadUrlFor('cust-log');
    expect(grant.length).toBeGreaterThan(20);
    const stored = await h.app.inject({
      method: 'PUT',
      url: uploadUrl,
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(stored.statusCode).toBe(201);
    const logged = lines.map((line) => JSON.parse(line) as { req?: { method: string; url: string } });
    expect(logged.filter((line) => line.req?.method === 'PUT').map((line) => line.req?.url)).toEqual([
      '/attachments/uploads/<grant>',
    ]);
    expect(lines.filter((line) => line.includes(grant))).toEqual([]);
  });

  it('keeps the grant out of the log however the path is percent-encoded', async () => {
    const { uploadUrl, grant } = await uploadUrlFor('cust-log-encoded');
    const put = (url: string) =>
      h.app.inject({ method: 'PUT', url, headers: { 'content-type': 'text/plain' }, payload: 'hello' });
    const loggedUrls = (from: number) =>
      lines
        .slice(from)
        .map((line) => JSON.parse(line) as { req?: { method: string; url: string } })
        .filter((line) => line.req?.method === 'PUT')
        .map((line) => line.req?.url);
    // The router decodes the path: an encoded letter reaches the upload route with the grant.
    const from = lines.length;
    expect((await put(uploadUrl.replace('/uploads/', '/%75ploads/'))).statusCode).toBe(201);
    expect(loggedUrls(from)).toEqual(['/attachments/uploads/<grant>']);
    // Any character after the first slash encoded, in either case of hex digits, slashes too.
    const encoded = (char: string, upper: boolean) => {
      const hex = char.charCodeAt(0).toString(16).padStart(2, '0');
      return `%${upper ? hex.toUpperCase() : hex}`;
    };
    const chars = [...uploadUrl.slice(1)];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: chars.length, maxLength: chars.length }),
        fc.boolean(),
        async (encode, upper) => {
          const url = `/${chars.map((char, i) => (encode[i] ? encoded(char, upper) : char)).join('')}`;
          const start = lines.length;
          await put(url);
          expect(loggedUrls(start)).toEqual(['/attachments/uploads/<grant>']);
          expect(lines.slice(start).filter((line) => line.includes(grant))).toEqual([]);
        },
      ),
      { numRuns: 40 },
    );
    expect(lines.filter((line) => line.includes(grant))).toEqual([]);
  });

  it("logs a failure that is not the caller's with the request's id, which the client was answered with", async () => {
    const agent = await h.token('agent', 'agent-log');
    // A read model table out of the way: a fault of the deployment, not of the request.
    await sql`alter table tickets rename to tickets_away`.execute(h.db);
    try {
      const response = await h.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${agent}`,
          'x-request-id': 'req-fault-1',
        },
        payload: { query: '{ tickets { items { id } } }' },
      });
      expect(response.body).toContain('"INTERNAL"');
      expect(response.headers['x-request-id']).toBe('req-fault-1');
    } finally {
      await sql`alter table tickets_away rename to tickets`.execute(h.db);
    }
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; reqId?: string });
    expect(logged.filter((line) => line.msg === 'unexpected GraphQL error').map((line) => line.reqId)).toEqual([
      'req-fault-1',
    ]);
  });
});
