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

describe('the request log', () => {
  it("shows an upload's PUT without the URL's signed grant", async () => {
    const customer = await h.token('customer', 'cust-log');
    const created = await h.gql(
      'mutation($f: String!) { createAttachmentUpload(input: { fileName: $f }) { uploadUrl } }',
      { f: 'notes.txt' },
      customer,
    );
    const { uploadUrl } = field<{ uploadUrl: string }>(created, 'createAttachmentUpload');
    const grant = uploadUrl.split('/').at(-1)!;
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
