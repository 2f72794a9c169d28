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
});
