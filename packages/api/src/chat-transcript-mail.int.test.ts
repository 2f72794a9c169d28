import type { RunningMailCatcher } from '@support-engine/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, codes, createApiHarness, createTimedWriter, field } from './testing/harness.fixture.js';
import { type MailDispatch, startMailDispatch } from './testing/mail-dispatch.fixture.js';

// "Email me the transcript" over real HTTP, PostgreSQL and SMTP: the mutation records the request
// on the chat, the notifier plans its one mail, the dispatcher sends it to a real SMTP receiver.
// A request repeated with its commandId mails once; internal notes never reach the mail; the
// customer's address rules and every refusal write nothing.

const ANA = 'cust-tr-ana';
const VIC = 'cust-tr-vic';
const NOBODY = 'cust-tr-nobody';

let h: ApiHarness;
let mail: RunningMailCatcher;
let admin: string;
let ada: string;
let ana: string;
let vic: string;
let nobody: string;
let dispatch: MailDispatch | undefined;
const writes = createTimedWriter(() => h);
const write = writes.write;

const SEND =
  'mutation($c: ID!, $b: String!, $i: Boolean) { sendChatMessage(input: { chatId: $c, body: $b, internal: $i }) { consistencyToken } }';
const EMAIL =
  'mutation($i: EmailChatTranscriptInput!, $k: ID) { emailChatTranscript(input: $i, commandId: $k) { id version consistencyToken } }';

const mailsTo = (address: string) => mail.messages().filter((m) => m.to.includes(address));
const eventsOf = async (chatId: string) => (await h.store.readStream(`chat-${chatId}`)).map((e) => e.type);

/** A chat of `customer`: their words, Ada's answer, a staff-only note, then Ada's goodbye. */
async function chatOf(minutes: number, chatId: string, customer: string, token: string) {
  await write(
    minutes,
    admin,
    `mutation { startChat(input: { chatId: "${chatId}", customerId: "${customer}" }) { id consistencyToken } }`,
  );
  await write(minutes, token, SEND, { c: chatId, b: 'My parcel never came, see www.tracking.example' });
  await write(minutes + 1, ada, `mutation { acceptChat(input: { chatId: "${chatId}" }) { consistencyToken } }`);
  await write(minutes + 2, ada, SEND, { c: chatId, b: 'Sorry! A new one leaves today: https://shop.example/track' });
  await write(minutes + 3, ada, SEND, { c: chatId, b: 'Third lost parcel for this customer', i: true });
}

beforeAll(async () => {
  h = await createApiHarness({ notifier: { email: true } });
  dispatch = await startMailDispatch(h.delivery);
  mail = dispatch.mail;
  admin = await h.token('admin', 'admin-1');
  ada = await h.token('agent', 'agent-ada');
  ana = await h.token('customer', ANA);
  vic = await h.token('customer', VIC);
  nobody = await h.token('customer', NOBODY);
  await write(
    0,
    admin,
    'mutation { registerAgent(input: { agentId: "agent-ada", name: "Ada Lovelace" }) { consistencyToken } }',
  );
  await write(
    0,
    ada,
    'mutation { setAgentAvailability(input: { agentId: "agent-ada", availability: available }) { consistencyToken } }',
  );
  // Ana's address set by staff (confirmed), in Paris; Vic gives his own in the widget (pending); nobody has none.
  await write(
    0,
    admin,
    `mutation { registerCustomer(input: { customerId: "${ANA}", name: "Ana", email: "ana@example.com", language: "en", timeZone: "Europe/Paris" }) { consistencyToken } }`,
  );
  await write(
    0,
    vic,
    `mutation { registerCustomer(input: { customerId: "${VIC}", name: "Vic", email: "vic@example.com" }) { consistencyToken } }`,
  );
  await write(
    0,
    admin,
    `mutation { registerCustomer(input: { customerId: "${NOBODY}", name: "Nobody" }) { consistencyToken } }`,
  );
  await chatOf(10, 'chat-tr-ana', ANA, ana);
  await write(14, ana, 'mutation { closeChat(input: { chatId: "chat-tr-ana" }) { consistencyToken } }');
  await chatOf(20, 'chat-tr-vic', VIC, vic);
  await chatOf(30, 'chat-tr-nobody', NOBODY, nobody);
});

afterAll(async () => {
  await dispatch?.stop();
  await h?.close();
});

describe('emailing a chat transcript', () => {
  it('mails the ended chat once per request, even retried with its commandId: in French, without the internal note', async () => {
    const input = { chatId: 'chat-tr-ana', language: 'fr' };
    const first = field<{ version: number }>(
      await h.gql(EMAIL, { i: input, k: 'transcript-1' }, ana),
      'emailChatTranscript',
    );
    const retried = field<{ version: number }>(
      await h.gql(EMAIL, { i: input, k: 'transcript-1' }, ana),
      'emailChatTranscript',
    );
    expect(retried.version).toBe(first.version);
    expect((await eventsOf('chat-tr-ana')).filter((type) => type === 'ChatTranscriptRequested')).toHaveLength(1);

    const [caught] = await mail.waitFor(() => mailsTo('ana@example.com').length > 0, 20_000);
    expect(caught!.subject).toBe('Chat avec le support : votre transcription');
    expect(caught!.headers['auto-submitted']).toBe('auto-generated');
    expect(caught!.text).toContain(
      'Voici la transcription de votre conversation avec nous du 2025-03-03 10:10 (Europe/Paris)',
    );
    expect(caught!.text).toContain(
      '2025-03-03 10:12 (Europe/Paris), Ada Lovelace:\nSorry! A new one leaves today: https://shop.example/track',
    );
    expect(caught!.text).toContain('2025-03-03 10:10 (Europe/Paris), Vous:\nMy parcel never came');
    expect(caught!.text).not.toContain('www.tracking.example');
    expect(caught!.text).not.toContain('Third lost parcel');
    expect(caught!.html).not.toContain('Third lost parcel');

    // Asked again on purpose (a new commandId): a second mail. The mails of one chat to one
    // address go out in log order, so with the second here a duplicate of the first would be too.
    field(await h.gql(EMAIL, { i: { chatId: 'chat-tr-ana' }, k: 'transcript-2' }, ana), 'emailChatTranscript');
    const both = await mail.waitFor(() => mailsTo('ana@example.com').length >= 2, 20_000);
    // Newest first: the second request's (in the customer's language), then the first's.
    expect(both.filter((m) => m.to.includes('ana@example.com')).map((m) => m.subject)).toEqual([
      'Support chat: Your transcript',
      'Chat avec le support : votre transcription',
    ]);
  });

  it('mails a customer’s to the address they gave before chatting, never to another they name', async () => {
    const before = await eventsOf('chat-tr-vic');
    const elsewhere = await h.gql(EMAIL, { i: { chatId: 'chat-tr-vic', email: 'victim@example.org' } }, vic);
    expect(codes(elsewhere)).toEqual(['TRANSCRIPT_ADDRESS_NOT_ON_FILE']);
    expect(await eventsOf('chat-tr-vic')).toEqual(before);

    field(await h.gql(EMAIL, { i: { chatId: 'chat-tr-vic', email: 'VIC@example.com' } }, vic), 'emailChatTranscript');
    const [caught] = await mail.waitFor(() => mailsTo('vic@example.com').length > 0, 20_000);
    expect(caught!.subject).toBe('Support chat: Your transcript');
    expect(caught!.text).toContain(', You:\nMy parcel never came');
    expect(mailsTo('victim@example.org')).toEqual([]);
  });

  it('lets staff mail it to any address, after the chat became a ticket', async () => {
    await write(40, ada, 'mutation { convertChatToTicket(input: { chatId: "chat-tr-nobody" }) { consistencyToken } }');
    field(
      await h.gql(EMAIL, { i: { chatId: 'chat-tr-nobody', email: 'manager@example.org' } }, ada),
      'emailChatTranscript',
    );
    const [caught] = await mail.waitFor(() => mailsTo('manager@example.org').length > 0, 20_000);
    expect(caught!.text).toContain('Ada Lovelace:\nSorry!');
    expect(caught!.text).not.toContain('Third lost parcel');
  });

  it('answers each refusal with its code and writes nothing', async () => {
    const before = await eventsOf('chat-tr-nobody');
    const cases: [string, Record<string, unknown>, string][] = [
      [nobody, { chatId: 'chat-tr-nobody' }, 'TRANSCRIPT_NO_ADDRESS'],
      [ana, { chatId: 'chat-tr-nobody' }, 'NOT_FOUND'],
      [await h.token('auditor', 'auditor-1'), { chatId: 'chat-tr-nobody' }, 'FORBIDDEN'],
      [ada, { chatId: 'chat-tr-nobody', email: 'not an address' }, 'BAD_USER_INPUT'],
      [ada, { chatId: 'chat-tr-nobody', language: 'not a language!' }, 'BAD_USER_INPUT'],
    ];
    for (const [token, input, code] of cases) expect(codes(await h.gql(EMAIL, { i: input }, token))).toEqual([code]);
    expect(await eventsOf('chat-tr-nobody')).toEqual(before);
  });
});
