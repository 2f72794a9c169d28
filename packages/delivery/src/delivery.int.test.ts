import { streamId } from '@support-engine/domain';
import { inboxDbOf } from '@support-engine/inbox';
import {
  type RunningMailCatcher,
  type RunningPushReceiver,
  type RunningWebhookReceiver,
  startMailCatcher,
  startPushReceiver,
  startWebhookReceiver,
} from '@support-engine/servers';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import webPush from 'web-push';
import { redeliver } from './outbox.js';
import { migrateDelivery } from './schema.js';
import { webhookSecret } from './secrets.js';
import {
  ADMIN,
  agent,
  createDesk,
  customer,
  type Desk,
  runDeskDelivery,
  SUPERVISOR,
  SYSTEM,
  testDeliveryConfig,
} from './testing/desk.fixture.js';

// The whole delivery path on real parts: events commanded through the deciders into PostgreSQL,
// the notifier and the dispatchers, a real SMTP server, a real webhook receiver checking
// signatures, and a push service stand-in decrypting what it gets.

const KEY = Buffer.alloc(32, 3);
const VAPID = webPush.generateVAPIDKeys();

describe('delivery, end to end', () => {
  let desk: Desk;
  let mail: RunningMailCatcher;
  let hooks: RunningWebhookReceiver;
  let push: RunningPushReceiver;
  const running = new AbortController();
  let service: Promise<void>;

  beforeAll(async () => {
    desk = await createDesk('delivery');
    mail = await startMailCatcher();
    hooks = await startWebhookReceiver({
      secrets: (path) => (path === '/hooks/crm' ? webhookSecret(KEY, 'crm', 1) : undefined),
    });
    push = await startPushReceiver();
    const config = testDeliveryConfig(
      { smtpPort: mail.smtpPort, key: KEY, timeoutMs: 5_000 },
      {
        push: {
          vapid: { subject: 'mailto:ops@example.test', ...VAPID },
          timeoutMs: 5_000,
          ttlSeconds: 60,
          ca: push.certificate,
          allowPrivate: true,
        },
        helpCenterArticleUrl: 'https://help.example.test/{locale}/articles/{articleId}',
      },
    );
    service = runDeskDelivery(desk, config, running.signal);
  });

  afterAll(async () => {
    running.abort();
    await service;
    await Promise.all([mail?.stop(), hooks?.stop(), push?.stop()]);
    await desk?.close();
  });

  it('tells customers and staff on the channels they chose, and every subscribed endpoint, once each', async () => {
    // Staff: a supervisor by mail and inbox, an on-call engineer by push, an agent by mail in French.
    const onCallPhone = push.subscription('on-call-phone', { applicationServerKey: VAPID.publicKey });
    await desk.run(
      'staff',
      'sue',
      {
        type: 'SetStaffProfile',
        data: {
          staffId: 'sue',
          name: 'Sue',
          email: 'sue@example.test',
          channels: ['web', 'email'],
          groups: ['supervisors'],
        },
      },
      SUPERVISOR,
    );
    await desk.run(
      'staff',
      'omar',
      {
        type: 'SetStaffProfile',
        data: { staffId: 'omar', name: 'Omar', channels: ['web', 'push'], groups: ['on_call'] },
      },
      SUPERVISOR,
    );
    await desk.run(
      'staff',
      'omar',
      { type: 'RegisterStaffPushSubscription', data: { staffId: 'omar', subscription: onCallPhone } },
      agent('omar'),
    );
    await desk.run(
      'staff',
      'ana',
      {
        type: 'SetStaffProfile',
        data: {
          staffId: 'ana',
          name: 'Ana',
          email: 'ana@example.test',
          language: 'fr',
          timeZone: 'Europe/Paris',
          channels: ['email'],
        },
      },
      agent('ana'),
    );
    await desk.run(
      'webhook',
      'crm',
      {
        type: 'RegisterWebhookEndpoint',
        data: { endpointId: 'crm', url: `${hooks.url}/hooks/crm`, eventTypes: ['TicketOpened', 'TicketStatusChanged'] },
      },
      ADMIN,
    );

    // A French customer who wants email only; an English one who wants everything.
    await desk.run(
      'customer',
      'claire',
      {
        type: 'RegisterCustomer',
        data: {
          customerId: 'claire',
          name: 'Claire',
          email: 'claire@example.test',
          language: 'fr',
          deliveryPreference: 'email_only',
        },
      },
      SYSTEM,
    );
    await desk.run(
      'customer',
      'bob',
      {
        type: 'RegisterCustomer',
        data: { customerId: 'bob', name: 'Bob', email: 'bob@example.test', deliveryPreference: 'both' },
      },
      SYSTEM,
    );
    const bobBrowser = push.subscription('bob-browser', { applicationServerKey: VAPID.publicKey });
    await desk.run(
      'customer',
      'bob',
      { type: 'RegisterCustomerPushSubscription', data: { customerId: 'bob', subscription: bobBrowser } },
      customer('bob'),
    );

    // Claire's urgent ticket (its subject carries markup), given to Ana, late, then answered.
    const subject = 'Panne <b>totale</b> & paiement';
    await desk.openTicket('t1', 'claire', { subject, description: 'Rien ne marche', priority: 'urgent' });
    await desk.run('ticket', 't1', { type: 'AssignTicket', data: { ticketId: 't1', agentId: 'ana' } }, SUPERVISOR);
    const breachDue = new Date();
    await desk.run(
      'ticket',
      't1',
      { type: 'RecordSlaBreach', data: { ticketId: 't1', metric: 'first_response', dueAt: breachDue.toISOString() } },
      SYSTEM,
    );
    await desk.run(
      'ticket',
      't1',
      {
        type: 'ReplyToTicket',
        data: {
          ticketId: 't1',
          body: 'Pouvez-vous préciser ?',
          nextStatus: 'waiting_customer',
          articles: [{ articleId: 'kb-reset', locale: 'fr', title: 'Réinitialiser votre mot de passe' }],
          attachments: [
            {
              attachmentId: 'file-1',
              fileName: 'capture.png',
              contentType: 'image/png',
              size: 20_480,
              sha256: 'b'.repeat(64),
            },
          ],
        },
      },
      agent('ana'),
    );
    // Bob's ticket, resolved.
    await desk.openTicket('t2', 'bob', { subject: 'Invoice copy', channel: 'email' });
    await desk.run('ticket', 't2', { type: 'AssignTicket', data: { ticketId: 't2', agentId: 'sue' } }, SUPERVISOR);
    await desk.run('ticket', 't2', { type: 'ChangeStatus', data: { ticketId: 't2', to: 'in_progress' } }, SUPERVISOR);
    await desk.run('ticket', 't2', { type: 'ChangeStatus', data: { ticketId: 't2', to: 'resolved' } }, SUPERVISOR);

    const byRecipient = (to: string) => mail.messages().filter((m) => m.to.includes(to));
    // Claire 3, Bob 2, Ana 2, Sue 1.
    await mail.waitFor((all) => all.length >= 8, 30_000);
    await hooks.waitFor((state) => state.events.length >= 6, 30_000);
    await push.waitFor((all) => all.length >= 3, 30_000);

    // Claire, in French: opened, replied, waiting, arriving in that order (one after the other);
    // her subject is text in the HTML, never markup.
    const claire = byRecipient('claire@example.test');
    expect([...claire].sort((a, b) => a.id - b.id).map((m) => m.subject)).toEqual([
      'Ticket de support : Reçu',
      'Ticket de support : Nouvelle réponse',
      'Ticket de support : En attente de votre réponse',
    ]);
    expect(claire.map((m) => m.subject).sort()).toEqual(
      [
        'Ticket de support : En attente de votre réponse',
        'Ticket de support : Nouvelle réponse',
        'Ticket de support : Reçu',
      ].sort(),
    );
    const waiting = claire.find((m) => m.subject === 'Ticket de support : En attente de votre réponse')!;
    expect(waiting.text).toBe(`Votre ticket '${subject}' est maintenant en attente de votre réponse.`);
    expect(waiting.html).toContain('Panne &lt;b&gt;totale&lt;/b&gt; &amp; paiement');
    expect(waiting.html).not.toContain('<b>totale</b>');
    // The reply's mail carries the reply itself, then the articles it links and the files it sent:
    // a customer who reads mail only reads the answer and what to open.
    const replied = claire.find((m) => m.subject === 'Ticket de support : Nouvelle réponse')!;
    expect(replied.text).toMatch(
      /\n\nPouvez-vous préciser \?\n\nRéinitialiser votre mot de passe: https:\/\/help\.example\.test\/fr\/articles\/kb-reset\n\nFichiers joints à cette réponse \(à télécharger depuis votre ticket\) :\n- capture\.png \(20 Ko\)$/,
    );
    expect(replied.html).toContain('<blockquote');
    expect(replied.html).toContain('Pouvez-vous préciser ?');
    // Linked where the help center shows it (HELP_CENTER_ARTICLE_URL).
    expect(replied.html).toContain(
      'Réinitialiser votre mot de passe: <a href="https://help.example.test/fr/articles/kb-reset">https://help.example.test/fr/articles/kb-reset</a>',
    );
    // Her three mails about the ticket are one thread to her mail client: each its own
    // Message-ID, all answering the same thread id, which is none of theirs.
    const threads = claire.map((m) => [m.headers['in-reply-to'], m.headers.references]);
    const [thread] = threads[0]!;
    expect(thread).toMatch(/^<thread-[0-9a-f]{40}@example\.test>$/);
    expect(threads).toEqual(claire.map(() => [thread, thread]));
    expect(new Set(claire.map((m) => m.messageId)).size).toBe(3);
    expect(claire.map((m) => m.messageId)).not.toContain(thread);
    // Bob: email for opened and resolved, and the same two by push; his ticket is another thread.
    expect(byRecipient('bob@example.test')).toHaveLength(2);
    const bobThreads = new Set(byRecipient('bob@example.test').map((m) => m.headers['in-reply-to']));
    expect(bobThreads.size).toBe(1);
    expect(bobThreads.has(thread)).toBe(false);
    const bobPushes = push.received().filter((p) => p.subscriptionId === 'bob-browser');
    expect(bobPushes).toHaveLength(2);
    expect(bobPushes.map((p) => JSON.parse(p.payload!).template).sort()).toEqual(['ticket.opened', 'ticket.resolved']);
    // Staff: Ana's assignment and breach alerts in French; Sue's breach alert; Omar's incident page.
    expect(
      byRecipient('ana@example.test').map((m) => m.headers['x-support-notification']?.startsWith('alert:')),
    ).toEqual([true, true]);
    expect(byRecipient('sue@example.test')).toHaveLength(1);
    // Each reads the breach's due time in their own zone: Ana in Paris, Sue (no zone set) in UTC.
    const minute = (timeZone: string) =>
      new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(breachDue);
    const breachText = (to: string) => byRecipient(to).find((m) => m.subject.includes('SLA'))?.text;
    expect(breachText('ana@example.test')).toContain(`(échéance ${minute('Europe/Paris')} (Europe/Paris))`);
    expect(breachText('sue@example.test')).toContain(`(due at ${minute('UTC')} UTC)`);
    const incident = push.received().filter((p) => p.subscriptionId === 'on-call-phone');
    expect(incident.map((p) => JSON.parse(p.payload!).template)).toEqual(['staff.incident']);
    const sueInbox = await inboxDbOf(desk.db)
      .selectFrom('staff_notifications')
      .selectAll()
      .where('staff_id', '=', 'sue')
      .execute();
    expect(sueInbox.map((row) => row.template)).toEqual(['staff.sla.breached']);
    // Every email and push row names whom it is for by id, which an operator finds it by.
    const persons = await desk.db
      .selectFrom('deliveries')
      .select(['channel', 'recipient', 'person_kind', 'person_id'])
      .where('channel', 'in', ['email', 'push'])
      .execute();
    const personOf = (channel: string, recipient: string) => [
      ...new Set(
        persons
          .filter((r) => r.channel === channel && r.recipient === recipient)
          .map((r) => `${r.person_kind}:${r.person_id}`),
      ),
    ];
    expect(personOf('email', 'claire@example.test')).toEqual(['customer:claire']);
    expect(personOf('email', 'ana@example.test')).toEqual(['staff:ana']);
    expect(personOf('push', bobBrowser.endpoint)).toEqual(['customer:bob']);
    expect(personOf('push', onCallPhone.endpoint)).toEqual(['staff:omar']);

    // The endpoint got exactly the types it asked for, each ticket's in log order, all signed.
    const events = hooks
      .events()
      .map((e) => e.payload as { type: string; data: { ticketId: string; version: number } });
    expect(events.map((e) => e.type).every((t) => t === 'TicketOpened' || t === 'TicketStatusChanged')).toBe(true);
    const t1 = events.filter((e) => e.data.ticketId === 't1').map((e) => e.data.version);
    expect(t1).toEqual([...t1].sort((a, b) => a - b));
    expect(hooks.requests().every((r) => r.verified)).toBe(true);

    // Nothing twice: no Message-ID repeated, no webhook-id delivered twice, no push topic replaced.
    expect(mail.duplicates()).toBe(0);
    expect(hooks.requests().length).toBe(hooks.events().length);
    expect(push.replaced()).toBe(0);
  });

  it('offers a proactive suggestion on the channels the customer chose, once, with the id the answer takes', async () => {
    await desk.run(
      'customer',
      'zoe',
      {
        type: 'RegisterCustomer',
        data: { customerId: 'zoe', name: 'Zoé', email: 'zoe@example.test', language: 'fr', deliveryPreference: 'both' },
      },
      SYSTEM,
    );
    const zoePhone = push.subscription('zoe-phone', { applicationServerKey: VAPID.publicKey });
    await desk.run(
      'customer',
      'zoe',
      { type: 'RegisterCustomerPushSubscription', data: { customerId: 'zoe', subscription: zoePhone } },
      customer('zoe'),
    );
    await desk.run(
      'customer',
      'web-only',
      {
        type: 'RegisterCustomer',
        data: { customerId: 'web-only', name: 'Wes', email: 'wes@example.test', deliveryPreference: 'web_only' },
      },
      SYSTEM,
    );
    // Three failed sign-ins each: the third makes the suggestion (named after the third signal).
    for (const customerId of ['zoe', 'web-only']) {
      for (const n of [1, 2, 3]) {
        await desk.run(
          'activity',
          customerId,
          {
            type: 'RecordCustomerActivity',
            data: { customerId, signalId: `${customerId}-login-${n}`, signalType: 'login_failed' },
          },
          SYSTEM,
        );
      }
    }

    // Planned after both suggestions: once its mail is out, their deliveries are all planned.
    await desk.openTicket('t-zoe', 'zoe', { subject: 'Connexion impossible' });
    const toZoe = () => mail.messages().filter((m) => m.to.includes('zoe@example.test'));
    await mail.waitFor(() => toZoe().length >= 2, 30_000);
    await push.waitFor((all) => all.filter((p) => p.subscriptionId === 'zoe-phone').length >= 2, 30_000);
    const offers = toZoe().filter((m) => m.subject === 'Support : Pouvons-nous vous aider ?');
    expect(offers).toHaveLength(1);
    const offer = offers[0];
    // All in French, the suggestion's subject too (the event records it in English).
    expect(offer!.text).toBe(
      'Des difficultés à vous connecter ? Acceptez notre suggestion et un ticket est ouvert pour vous, avec ce que nous avons constaté.',
    );
    const pushed = push
      .received()
      .filter((p) => p.subscriptionId === 'zoe-phone')
      .map((p) => JSON.parse(p.payload!));
    expect(pushed.filter((p) => p.template === 'suggestion.offered')).toEqual([
      expect.objectContaining({
        suggestionId: 'zoe-login-3',
        locale: 'fr',
        title: 'Support : Pouvons-nous vous aider ?',
      }),
    ]);
    // A customer who chose the web inbox alone gets nothing sent (the inbox is the projections' part).
    const toWes = await desk.db
      .selectFrom('deliveries')
      .select('delivery_id')
      .where('recipient', '=', 'wes@example.test')
      .execute();
    expect(toWes).toEqual([]);
    expect(mail.duplicates()).toBe(0);
    expect(push.replaced()).toBe(0);
  });
  it('forgets a push subscription its push service says is gone, and sends it nothing more', async () => {
    await desk.run(
      'customer',
      'gus',
      { type: 'RegisterCustomer', data: { customerId: 'gus', name: 'Gus', deliveryPreference: 'both' } },
      SYSTEM,
    );
    const oldPhone = push.subscription('gus-old', { applicationServerKey: VAPID.publicKey });
    const newPhone = push.subscription('gus-new', { applicationServerKey: VAPID.publicKey });
    for (const subscription of [oldPhone, newPhone])
      await desk.run(
        'customer',
        'gus',
        { type: 'RegisterCustomerPushSubscription', data: { customerId: 'gus', subscription } },
        customer('gus'),
      );
    push.unsubscribe('gus-old');
    const toGus = (endpoint: string) =>
      desk.db.selectFrom('deliveries').select(['status']).where('recipient', '=', endpoint).execute();

    await desk.openTicket('t-gus-1', 'gus', { subject: 'My phone changed' });
    const unsubscribed = async () =>
      (await desk.store.readStream(streamId('customer', 'gus'))).filter((e) => e.type === 'CustomerPushUnsubscribed');
    await expect.poll(async () => (await unsubscribed()).length, { timeout: 30_000 }).toBe(1);
    const [forgotten] = await unsubscribed();
    expect(forgotten!.data).toMatchObject({ endpoint: oldPhone.endpoint, actor: { role: 'system', id: 'notifier' } });
    // The subscription is forgotten first, then its delivery marked dead.
    await expect.poll(() => toGus(oldPhone.endpoint), { timeout: 30_000 }).toEqual([{ status: 'dead' }]);

    // The next notification goes to the phone that is still there, and not to the gone one.
    await desk.openTicket('t-gus-2', 'gus', { subject: 'Still there?' });
    await push.waitFor((all) => all.filter((p) => p.subscriptionId === 'gus-new').length >= 2, 30_000);
    expect(await toGus(oldPhone.endpoint)).toHaveLength(1);
    expect(await unsubscribed()).toHaveLength(1);
  });

  it("sends an endpoint subscribed to a knowledge-base event that article's approval, signed", async () => {
    const help = await startWebhookReceiver({
      secrets: (path) => (path === '/hooks/help' ? webhookSecret(KEY, 'help-cache', 1) : undefined),
    });
    try {
      await desk.run(
        'webhook',
        'help-cache',
        {
          type: 'RegisterWebhookEndpoint',
          data: { endpointId: 'help-cache', url: `${help.url}/hooks/help`, eventTypes: ['ArticleApproved'] },
        },
        ADMIN,
      );
      const content = { title: 'Reset your password', slug: 'reset-password', body: 'Choose **Forgot password**.' };
      const writer = { id: 'ana', role: 'agent' } as const;
      await desk.run(
        'article',
        'kb-hook',
        { type: 'CreateArticleDraft', data: { articleId: 'kb-hook', locale: 'en', content } },
        writer,
      );
      await desk.run('article', 'kb-hook', { type: 'SubmitArticleForReview', data: { articleId: 'kb-hook' } }, writer);
      await desk.run('article', 'kb-hook', { type: 'ApproveArticle', data: { articleId: 'kb-hook' } }, SUPERVISOR);
      await expect.poll(() => help.requests().length, { timeout: 30_000 }).toBe(1);
      const [request] = help.requests();
      expect(request!.verified).toBe(true);
      expect(JSON.parse(request!.body)).toMatchObject({
        type: 'ArticleApproved',
        // The article's published version, beside the event's place in its stream.
        data: {
          articleId: 'kb-hook',
          version: 1,
          content: { title: 'Reset your password' },
          streamId: 'article-kb-hook',
          streamVersion: 3,
        },
      });
    } finally {
      await help.stop();
    }
  });

  it('disables a webhook endpoint that answers 410 Gone, and sends it nothing more', async () => {
    const gone = await startWebhookReceiver({ secrets: () => undefined, respond: () => ({ status: 410 }) });
    try {
      await desk.run(
        'webhook',
        'old-crm',
        {
          type: 'RegisterWebhookEndpoint',
          data: { endpointId: 'old-crm', url: `${gone.url}/hooks/old`, eventTypes: ['TicketOpened'] },
        },
        ADMIN,
      );
      await desk.openTicket('t-gone-1', 'gone-cust', { subject: 'First' });
      const disabled = async () =>
        (await desk.store.readStream(streamId('webhook', 'old-crm'))).filter(
          (e) => e.type === 'WebhookEndpointDisabled',
        );
      await expect.poll(async () => (await disabled()).length, { timeout: 30_000 }).toBe(1);
      expect((await disabled())[0]!.data).toMatchObject({
        reason: 'The endpoint answered 410 Gone',
        actor: { role: 'system', id: 'notifier' },
      });
      const toOld = () =>
        desk.db.selectFrom('deliveries').select(['status', 'attempts']).where('recipient', '=', 'old-crm').execute();
      // The endpoint is disabled first, then its delivery marked dead.
      await expect.poll(toOld, { timeout: 30_000 }).toEqual([{ status: 'dead', attempts: 1 }]);

      // Nothing more is planned to the disabled endpoint (the other endpoint gets the next event).
      await desk.openTicket('t-gone-2', 'gone-cust', { subject: 'Second' });
      const planned = () =>
        desk.db
          .selectFrom('deliveries')
          .select('recipient')
          .where('message_id', '=', 'evt_ticket-t-gone-2_1')
          .execute();
      await expect.poll(async () => (await planned()).map((d) => d.recipient), { timeout: 30_000 }).toEqual(['crm']);
      expect(await toOld()).toHaveLength(1);
      expect(gone.requests()).toHaveLength(1);

      // Enabled again by an admin, then its dead delivery sent again: the 410 disables it again.
      await desk.run('webhook', 'old-crm', { type: 'EnableWebhookEndpoint', data: { endpointId: 'old-crm' } }, ADMIN);
      const [dead] = await desk.db
        .selectFrom('deliveries')
        .select('delivery_id')
        .where('recipient', '=', 'old-crm')
        .execute();
      expect(await redeliver(desk.db, 'webhook', dead!.delivery_id)).toBe('scheduled');
      await expect.poll(async () => (await disabled()).length, { timeout: 30_000 }).toBe(2);
      expect(gone.requests()).toHaveLength(2);
    } finally {
      await gone.stop();
    }
  });

  it('tells nobody when the sender of a ticket closed as spam writes again, and the assignee once it is reopened', async () => {
    await desk.openTicket('spam-1', 'spammer', { subject: 'Cheap watches', description: 'Buy now' });
    await desk.run(
      'ticket',
      'spam-1',
      { type: 'AssignTicket', data: { ticketId: 'spam-1', agentId: 'val' } },
      SUPERVISOR,
    );
    await desk.run('ticket', 'spam-1', { type: 'CloseAsSpam', data: { ticketId: 'spam-1' } }, SUPERVISOR);
    const reply = (body: string) =>
      desk.run('ticket', 'spam-1', { type: 'CustomerReply', data: { ticketId: 'spam-1', body } }, customer('spammer'));
    await reply('Buy now!!');
    await reply('Last chance');
    // Staff who judged wrongly reopen it: from then on the sender is a customer again.
    await desk.run(
      'ticket',
      'spam-1',
      { type: 'ChangeStatus', data: { ticketId: 'spam-1', to: 'in_progress' } },
      SUPERVISOR,
    );
    await reply('Sorry, my real question: my watch stopped');
    const replied = () =>
      inboxDbOf(desk.db)
        .selectFrom('staff_notifications')
        .select('notification_id')
        .where('ticket_id', '=', 'spam-1')
        .where('template', '=', 'staff.customer.replied')
        .execute();
    // The alerts come in the log's order: once the last reply's is there, the earlier ones had their turn.
    await expect.poll(async () => (await replied()).length, { timeout: 30_000 }).toBe(1);
    const events = await desk.store.readStream('ticket-spam-1');
    expect(events.at(-1)?.type).toBe('TicketCustomerReplied');
    expect((await replied())[0]?.notification_id).toBe(`alert:ticket-spam-1:${events.length}`);
  });

  it('mails the assignee what the customer wrote, under the alert that they replied', async () => {
    await desk.openTicket('quoted-1', 'claire', { subject: 'Export' });
    await desk.run(
      'ticket',
      'quoted-1',
      { type: 'AssignTicket', data: { ticketId: 'quoted-1', agentId: 'ana' } },
      SUPERVISOR,
    );
    const body = 'Here is the file you asked for: export-2024.csv';
    await desk.run(
      'ticket',
      'quoted-1',
      { type: 'CustomerReply', data: { ticketId: 'quoted-1', body } },
      customer('claire'),
    );
    // The customer's words as they read, "export-2024.csv" kept from being a link (an invisible joiner).
    const seen = (text: string) => text.replaceAll('\u2060', '');
    const toAna = (all: readonly { to: readonly string[]; text: string }[]) =>
      all.filter(
        (m) => m.to.includes('ana@example.test') && m.text.includes('quoted-1') && seen(m.text).includes(body),
      );
    await mail.waitFor((all) => toAna(all).length > 0);
    const [mailed] = mail.messages().filter((m) => toAna([m]).length > 0);
    expect(seen(mailed!.text)).toMatch(new RegExp(`'Export'\\.?\\n\\n${body}$`));
    expect(mailed?.text).toContain('export-2024.\u2060csv');
    expect(mailed?.html).toContain('<blockquote');
  });

  it("tells the supervisors of a chat's low rating as a chat, with the chat's id to link it by", async () => {
    await desk.run(
      'chat',
      'low',
      { type: 'StartChat', data: { chatId: 'low', customerId: 'bob', priority: 'medium' } },
      SUPERVISOR,
    );
    await desk.run('chat', 'low', { type: 'CloseChat', data: { chatId: 'low' } }, SUPERVISOR);
    await desk.run(
      'chat',
      'low',
      { type: 'RateChat', data: { chatId: 'low', score: 2, comment: 'Slow' } },
      customer('bob'),
    );
    const alertOf = () =>
      inboxDbOf(desk.db)
        .selectFrom('staff_notifications')
        .select(['notification_id', 'ticket_id', 'chat_id', 'template', 'text'])
        .where('staff_id', '=', 'sue')
        .where('template', '=', 'staff.csat.low.chat')
        .execute();
    await expect.poll(async () => (await alertOf()).length, { timeout: 30_000 }).toBe(1);
    const [alert] = await alertOf();
    expect(alert).toEqual({
      notification_id: expect.stringMatching(/^alert:chat-low:\d+$/),
      ticket_id: null,
      chat_id: 'low',
      template: 'staff.csat.low.chat',
      text: 'A customer rated chat low 2 out of 5. Comment: Slow',
    });
    // Sue's mail carries the chat's id too.
    const [mailed] = await desk.db
      .selectFrom('deliveries')
      .select('payload')
      .where('message_id', '=', alert!.notification_id)
      .where('channel', '=', 'email')
      .execute();
    expect(mailed?.payload).toMatchObject({ ticketId: null, chatId: 'low' });

    // A chat alert saved before the inbox had chat_id gets it from its id, once, at migration;
    // a ticket's alert keeps none.
    await inboxDbOf(desk.db)
      .updateTable('staff_notifications')
      .set({ chat_id: null })
      .where('notification_id', '=', alert!.notification_id)
      .execute();
    await sql`delete from delivery_backfills where name = 'staff-alert-chat-ids'`.execute(desk.db);
    await migrateDelivery(desk.db);
    const chatIds = await inboxDbOf(desk.db)
      .selectFrom('staff_notifications')
      .select(['template', 'chat_id'])
      .where('staff_id', '=', 'sue')
      .orderBy('template')
      .execute();
    expect(chatIds).toEqual([
      { template: 'staff.csat.low.chat', chat_id: 'low' },
      { template: 'staff.sla.breached', chat_id: null },
    ]);
  });

  it('tells an agent a chat was handed to them, on their channels and in their language', async () => {
    await desk.run(
      'chat',
      'handed',
      { type: 'StartChat', data: { chatId: 'handed', customerId: 'bob', priority: 'medium' } },
      customer('bob'),
    );
    await desk.run('chat', 'handed', { type: 'AssignChat', data: { chatId: 'handed', agentId: 'ana' } }, SUPERVISOR);
    const toAna = () =>
      mail.messages().filter((m) => m.to.includes('ana@example.test') && m.subject === 'Chat attribué');
    await expect.poll(() => toAna().length, { timeout: 30_000 }).toBe(1);
    expect(toAna()[0]!.text).toBe('Le chat handed vous est attribué : un client attend votre réponse.');
    // Her channels are email only: the mail names the chat, and no inbox row is written for her.
    const [mailed] = await desk.db
      .selectFrom('deliveries')
      .select('payload')
      .where('message_id', 'like', 'alert:chat-handed:%')
      .where('channel', '=', 'email')
      .execute();
    expect(mailed?.payload).toMatchObject({ ticketId: null, chatId: 'handed' });
  });
});
