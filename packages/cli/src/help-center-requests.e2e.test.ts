import { setTimeout as sleep } from 'node:timers/promises';
import { HELP_CENTER_PATH } from '@support-engine/api';
import { type RunningMailCatcher, startMailCatcher } from '@support-engine/servers';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, unlessRefusedWith } from './graphql-client.js';
import { CHROMIUM_ARGS, chromiumPath, consoleErrorsOf, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { expectAccessible, holdSubscriptions, keepScreenshot } from './testing/desk.fixture.js';
import { DEVELOPMENT_API_SETTINGS, type E2eStack, startE2eStack } from './testing/stack.fixture.js';

// "My requests" as customers use it, rendered by the engine: a customer signs in with the link
// mailed to them (read from the SMTP server the engine sends to), lists their requests, reads a
// ticket without the agent's internal note, answers it with a file (with JavaScript, then without
// it, signed in by the development sign-in), rates, reopens and confirms; a French customer sees
// it in French. What the pages wrote is
// read back through the API as staff.

const INTERNAL_NOTE = 'Firmware 2.1 is too old: do not promise a fix';
const LINK = /https?:\/\/[^\s"<>]+\/help\/requests\/sign-in\/verify\?token=[^\s"<>]+/;

let stack: E2eStack;
let mail: RunningMailCatcher;
let browser: Browser;
let english: BrowserContext;
let plain: BrowserContext;
let help: (path?: string) => string;
let chat: string;

/** Gives the chat to Ada, as a supervisor; the router may have given it to her first (she is the only one available). */
async function giveToAda(chatId: string) {
  await mutate(
    stack.client,
    'assignChat',
    { chatId, agentId: 'agent-ada' },
    { token: await stack.token('supervisor', 'sup-requests') },
  ).catch(unlessRefusedWith('ALREADY_ASSIGNED'));
}

/** A page of `context` whose console errors (a script the CSP refused, a failed hydration) are kept. */
async function open(context: BrowserContext) {
  const page = await context.newPage();
  return { page, consoleErrors: consoleErrorsOf(page) };
}

/**
 * axe-core on a page of the context without JavaScript: its run needs timers, which never fire
 * there, so the same address is opened in a context that runs scripts, with the same cookies.
 */
async function expectAccessibleWithoutScripts(page: Page) {
  const twin = await browser.newContext({ locale: 'en-US' });
  try {
    await twin.addCookies(await page.context().cookies());
    const twinPage = await twin.newPage();
    await twinPage.goto(page.url().replace(/\?\/.*$/, ''));
    await expectAccessible(twinPage);
  } finally {
    await twin.close();
  }
}

/**
 * Signs in on `page` by the emailed link: the form, "check your mail", the link from the mail (to
 * the customer's address, whatever the case it was typed in).
 */
async function signInByMail(page: Page, typed: string, labels: { email: string; send: string }) {
  const email = typed.toLowerCase();
  const before = mail.messages().length;
  await page.getByLabel(labels.email).fill(typed);
  await page.getByRole('button', { name: labels.send }).click();
  await expect.poll(() => page.getByRole('status').count(), { timeout: 10_000 }).toBe(1);
  const [sent] = await mail.waitFor(
    (messages) =>
      messages.length > before && messages.some((message) => message.to.includes(email) && LINK.test(message.text)),
    20_000,
  );
  const link = LINK.exec(sent?.to.includes(email) ? sent.text : '')?.[0];
  if (link === undefined) throw new Error(`No sign-in link mailed to ${email}`);
  return link;
}

async function staffTicket(id: string) {
  const supervisor = await stack.token('supervisor', 'sup-requests');
  return (
    await stack.client.request<{
      ticket: {
        status: string;
        csat: { score: number; comment: string | null } | null;
        callbacks: { at: string; timeZone: string; reason: string; status: string }[];
        messages: { authorKind: string; body: string; internal: boolean; attachments: { fileName: string }[] }[];
      };
    }>(
      'query($id: ID!) { ticket(id: $id) { status csat { score comment } callbacks { at timeZone reason status } messages { authorKind body internal attachments { fileName } } } }',
      { id },
      supervisor,
    )
  ).ticket;
}

beforeAll(async () => {
  chromiumPath();
  mail = await startMailCatcher();
  stack = await startE2eStack(
    { SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}` },
    { ...DEVELOPMENT_API_SETTINGS, SUPPORT_PUBLIC_HELP_CENTER: 'true' },
  );
  help = (path = '') => `${stack.engine.api.url}${HELP_CENTER_PATH}${path}`;
  const admin = { token: await stack.token('admin', 'admin-requests') };
  const agent = { token: await stack.token('agent', 'agent-ada') };
  const portal = { token: await stack.token('system', 'customer-portal') };
  await mutate(stack.client, 'registerAgent', { agentId: 'agent-ada', name: 'Ada Lovelace' }, admin);
  // Emma has no time zone on file, Félix has.
  for (const [customerId, name, email, language, timeZone] of [
    ['cust-emma', 'Emma Stone', 'emma@example.com', 'en', undefined],
    ['cust-felix', 'Félix Martin', 'felix@example.com', 'fr', 'Europe/Paris'],
  ] as const)
    await mutate(stack.client, 'registerCustomer', { customerId, name, email, language, timeZone }, admin);
  const ticket = async (ticketId: string, customerId: string, subject: string, replies: readonly object[]) => {
    await mutate(
      stack.client,
      'openTicket',
      { ticketId, customerId, subject, description: `${subject}, since this morning.`, channel: 'web' },
      portal,
    );
    await mutate(stack.client, 'assignTicket', { ticketId, agentId: 'agent-ada' }, agent);
    for (const reply of replies) await mutate(stack.client, 'replyToTicket', { ticketId, ...reply }, agent);
  };
  await ticket('req-printer', 'cust-emma', 'The printer is offline', [
    { body: 'Please restart the printer and tell us what its screen says.' },
    { body: INTERNAL_NOTE, visibility: 'internal' },
  ]);
  await ticket('req-invoice', 'cust-emma', 'A copy of my invoice', [
    { body: 'Here is your invoice.', nextStatus: 'resolved' },
  ]);
  await ticket('req-delivery', 'cust-emma', 'Where is my parcel?', [
    { body: 'It arrives tomorrow.', nextStatus: 'resolved' },
  ]);
  await ticket('req-compte', 'cust-felix', 'Compte bloqué', [
    { body: 'Votre compte est débloqué.', nextStatus: 'resolved' },
  ]);
  // A chat with Ada, closed, with a staff-only note the customer must never see.
  await mutate(stack.client, 'setAgentAvailability', { agentId: 'agent-ada', availability: 'available' }, admin);
  const { id: chatId } = await mutate(
    stack.client,
    'startChat',
    { customerId: 'cust-emma', firstMessage: { body: 'My order page is blank' } },
    { token: await stack.token('customer', 'cust-emma') },
  );
  chat = chatId;
  // Ada is the only one available: the router may give her the chat first.
  await giveToAda(chatId);
  await mutate(stack.client, 'sendChatMessage', { chatId, body: 'Clearing the cache fixes it.' }, agent);
  await mutate(stack.client, 'sendChatMessage', { chatId, body: INTERNAL_NOTE, internal: true }, agent);
  await mutate(stack.client, 'closeChat', { chatId }, agent);
  // Three failed sign-ins: the engine offers Emma a ticket (a proactive suggestion).
  const emma = { token: await stack.token('customer', 'cust-emma') };
  for (const n of [1, 2, 3])
    await mutate(
      stack.client,
      'recordCustomerActivity',
      { customerId: 'cust-emma', signalId: `emma-login-${n}`, signalType: 'login_failed', detail: 'Sign-in page' },
      emma,
    );
  // One Chromium for the file: a customer with JavaScript, the same without it, a French one.
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
  english = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'America/Toronto',
    viewport: { width: 1280, height: 900 },
  });
  plain = await browser.newContext({
    locale: 'en-US',
    javaScriptEnabled: false,
    viewport: { width: 1280, height: 900 },
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await mail?.stop();
});

describe('my requests', () => {
  it('signs a customer in by the mailed link, shows their ticket without the internal note, and takes their answer with a file', async () => {
    const { page, consoleErrors } = await open(english);
    await withScreenshotOnFailure(page, 'help-center-requests', async () => {
      await page.goto(help('/en'));
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.waitForURL(/\/help\/requests\/sign-in\?returnTo=/);
      await expectAccessible(page);
      const link = await signInByMail(page, 'Emma@Example.com', {
        email: 'Email address',
        send: 'Send me a link',
      });
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Check your mail');
      // Opening the link (twice, as a mail scanner and then the customer) spends nothing: a button does.
      for (const _ of [1, 2]) {
        await page.goto(link);
        expect(await page.getByRole('button', { name: 'Sign in', exact: true }).count()).toBe(1);
        expect((await english.cookies()).some((candidate) => candidate.name === 'se_help_session')).toBe(false);
      }
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(help('/requests'));
      const cookie = (await english.cookies()).find((candidate) => candidate.name === 'se_help_session');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/help' });
      // The header says "My requests" once signed in.
      await expect.poll(() => page.getByRole('banner').getByRole('link', { name: 'My requests' }).count()).toBe(1);
      const subjects = page.locator('section[aria-labelledby="tickets"] tbody a');
      expect(await subjects.allTextContents()).toEqual([
        'Where is my parcel?',
        'A copy of my invoice',
        'The printer is offline',
      ]);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'The printer is offline' }).click();
      await page.waitForURL('**/help/requests/tickets/req-printer');
      await expect
        .poll(() => page.locator('.messages').textContent())
        .toContain('Please restart the printer and tell us what its screen says.');
      expect(await page.content()).not.toContain(INTERNAL_NOTE);
      await expectAccessible(page);
      await keepScreenshot(page, 'help-center-requests');

      // Live once the socket is up (before the answer: the answer's own change is then told too).
      await expect.poll(() => page.locator('[data-live="connected"]').count(), { timeout: 10_000 }).toBe(1);
      // "Call me back" proposes the browser's own zone (none on file), from the server's list.
      expect(await page.getByLabel('Time zone').inputValue()).toBe('America/Toronto');
      expect(await page.getByLabel('Time zone').locator('option').count()).toBeGreaterThan(300);
      await page.getByLabel('Your answer').fill('Restarted: the screen says E-42.');
      await page.getByLabel('Attach files (optional)').setInputFiles({
        name: 'printer-screen.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('E-42 paper jam sensor'),
      });
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Your answer was sent.');
      await expect
        .poll(() => page.locator('.messages > li').last().textContent())
        .toContain('Restarted: the screen says E-42.');
      await expect.poll(() => page.getByRole('link', { name: 'printer-screen.txt' }).count()).toBe(1);
      // Enhanced by JavaScript: the page was not loaded again.
      expect(page.url()).toBe(help('/requests/tickets/req-printer'));
      await expectAccessible(page);

      // Live: the socket told of the customer's answer (so it follows the ticket), and the agent's
      // next answer appears without a reload.
      await expect
        .poll(() => page.locator('[data-live="connected"]').getAttribute('data-live-version'), { timeout: 10_000 })
        .not.toBeNull();
      await page.evaluate(() => {
        (window as unknown as { stillHere: boolean }).stillHere = true;
      });
      const sockets: string[] = [];
      page.on('websocket', (socket) => sockets.push(socket.url()));
      const ada = await stack.token('agent', 'agent-ada');
      await mutate(
        stack.client,
        'replyToTicket',
        { ticketId: 'req-printer', body: 'E-42 is the paper sensor: a technician comes tomorrow.' },
        { token: ada },
      );
      await expect
        .poll(() => page.locator('.messages > li').last().textContent(), { timeout: 10_000 })
        .toContain('a technician comes tomorrow');
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
      // Its data read again, the page kept its socket: a new one at each read would leave a moment
      // deaf to changes (an answer given then never showed).
      expect(sockets).toEqual([]);

      // A change told as the customer leaves for another page does not hold them back: the page's
      // data is not read again while the next page loads (that read would cancel their click).
      const notifications = '**/requests/notifications/__data.json*';
      await page.route(notifications, async (route) => {
        await sleep(1_500);
        await route.continue();
      });
      await page.getByRole('link', { name: 'Notifications' }).click();
      await mutate(
        stack.client,
        'replyToTicket',
        { ticketId: 'req-printer', body: 'The technician is on his way.' },
        { token: ada },
      );
      await page.waitForURL(help('/requests/notifications'), { timeout: 10_000 });
      await page.unroute(notifications);

      // The link signs in once.
      await page.goto(link);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('This link was already used');
      expect(await page.getByRole('alert').getAttribute('data-code')).toBe('SIGN_IN_LINK_USED');
      // As a browser without JavaScript (or a scanner) sends them: a GET sets nothing, a post is a 410 and the sentence.
      const scanned = await fetch(link);
      expect([scanned.status, scanned.headers.get('set-cookie')]).toEqual([200, null]);
      const posted = await fetch(link, {
        method: 'POST',
        headers: {
          origin: new URL(link).origin,
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token: new URL(link).searchParams.get('token') ?? '' }),
        redirect: 'manual',
      });
      const refusal = await posted.text();
      expect([posted.status, posted.headers.get('set-cookie')]).toEqual([410, null]);
      expect(refusal).toContain('data-code="SIGN_IN_LINK_USED"');
      expect(refusal).toContain('This link was already used');
      expect(await page.getByRole('button', { name: 'Send me a new link' }).count()).toBe(1);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    const ticket = await staffTicket('req-printer');
    expect(
      ticket.messages.find((message) => message.authorKind === 'customer' && message.attachments.length > 0),
    ).toEqual({
      authorKind: 'customer',
      body: 'Restarted: the screen says E-42.',
      internal: false,
      attachments: [{ fileName: 'printer-screen.txt' }],
    });
  });

  it("keeps a chat's page live: the agent's message appears without a reload, never a staff-only one", async () => {
    // Emma is signed in (the test above), with JavaScript; her new chat, taken by Ada.
    const agent = { token: await stack.token('agent', 'agent-ada') };
    const emma = await stack.token('customer', 'cust-emma');
    const { id: chatId, consistencyToken } = await mutate(
      stack.client,
      'startChat',
      { customerId: 'cust-emma', firstMessage: { body: 'The invoice page is slow' } },
      { token: emma },
    );
    // The page reads the chat from the read models, which may be a moment behind the command.
    await stack.client.request(
      'query($id: ID!, $t: String) { chat(id: $id, consistencyToken: $t) { id } }',
      {
        id: chatId,
        t: consistencyToken,
      },
      emma,
    );
    await giveToAda(chatId);
    const { page, consoleErrors } = await open(english);
    await withScreenshotOnFailure(page, 'help-center-requests-chat', async () => {
      await page.goto(help(`/requests/chats/${chatId}`));
      await expect.poll(() => page.locator('.messages').textContent()).toContain('The invoice page is slow');
      await expect.poll(() => page.locator('[data-live="connected"]').count(), { timeout: 10_000 }).toBe(1);
      expect(await page.locator('[data-live="connected"]').textContent()).toBe(
        'New messages appear here as they arrive.',
      );
      await page.evaluate(() => {
        (window as unknown as { stillHere: boolean }).stillHere = true;
      });
      await mutate(stack.client, 'sendChatMessage', { chatId, body: INTERNAL_NOTE, internal: true }, agent);
      await mutate(stack.client, 'sendChatMessage', { chatId, body: 'Looking at it now.' }, agent);
      await expect
        .poll(() => page.locator('.messages > li').last().textContent(), { timeout: 10_000 })
        .toContain('Looking at it now.');
      expect(await page.content()).not.toContain(INTERNAL_NOTE);
      // Closed by Ada: the status and the rating come without a reload either.
      await mutate(stack.client, 'closeChat', { chatId }, agent);
      await expect
        .poll(() => page.getByRole('button', { name: 'Send my rating' }).count(), { timeout: 10_000 })
        .toBe(1);
      expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
  });

  it("shows a change made while the page's socket was still connecting, on a ticket's page and a chat's", async () => {
    // Each page's subscription is held at the socket until the agent has written: the page read
    // its data before, and the subscription, starting after, must still bring the change.
    const agent = { token: await stack.token('agent', 'agent-ada') };
    const emma = await stack.token('customer', 'cust-emma');
    const { id: chatId } = await mutate(
      stack.client,
      'startChat',
      { customerId: 'cust-emma', firstMessage: { body: 'Is my refund on its way?' } },
      { token: emma },
    );
    await giveToAda(chatId);
    const cases = [
      {
        path: '/requests/tickets/req-printer',
        field: 'ticketUpdated',
        shown: 'a technician comes tomorrow',
        write: () =>
          mutate(
            stack.client,
            'replyToTicket',
            { ticketId: 'req-printer', body: 'The part is ordered: it arrives on Monday.' },
            agent,
          ),
        change: 'The part is ordered: it arrives on Monday.',
      },
      {
        path: `/requests/chats/${chatId}`,
        field: 'chatUpdated',
        shown: 'Is my refund on its way?',
        write: () => mutate(stack.client, 'sendChatMessage', { chatId, body: 'Yes: it left this morning.' }, agent),
        change: 'Yes: it left this morning.',
      },
    ];
    for (const { path, field, shown, write, change } of cases) {
      const { page, consoleErrors } = await open(english);
      await withScreenshotOnFailure(page, `help-center-requests-window-${field}`, async () => {
        const held = await holdSubscriptions(page, field);
        await page.goto(help(path));
        await expect.poll(() => page.locator('.messages').textContent()).toContain(shown);
        // The socket is up and the subscription held: whatever the page reads on connecting is read.
        await expect.poll(() => page.locator('[data-live="connected"]').count(), { timeout: 10_000 }).toBe(1);
        await expect.poll(() => held.count(), { timeout: 10_000 }).toBe(1);
        await page.waitForLoadState('networkidle');
        // Written, and in the read models, before the subscription starts: a subscription's own
        // catch-up starts where they stand, so only the version the page read brings the change.
        const { consistencyToken } = await write();
        await stack.client.request(
          `query($id: ID!, $t: String) { ${field === 'ticketUpdated' ? 'ticket' : 'chat'}(id: $id, consistencyToken: $t) { id } }`,
          { id: field === 'ticketUpdated' ? 'req-printer' : chatId, t: consistencyToken },
          agent.token,
        );
        await sleep(1_000);
        held.release();
        await expect
          .poll(() => page.locator('.messages > li').last().textContent(), { timeout: 10_000 })
          .toContain(change);
        expect(consoleErrors).toEqual([]);
      });
      await page.close();
    }
  });

  it('works without JavaScript: an answer, a rating, a reopened ticket, a confirmed one, and signing out', async () => {
    const { page } = await open(plain);
    await withScreenshotOnFailure(page, 'help-center-requests-plain', async () => {
      await page.goto(help('/requests'));
      await page.waitForURL(/\/help\/requests\/sign-in\?returnTo=/);
      // The development sign-in (the API's development mode, as under npm start): a plain form post.
      await page.getByRole('button', { name: 'Sign in as Emma Stone' }).click();
      await page.waitForURL(help('/requests'));

      await page.goto(help('/requests/tickets/req-printer'));
      expect(await page.content()).not.toContain(INTERNAL_NOTE);
      await page.getByLabel('Your answer').fill('It works again after a second restart.');
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('status').textContent()).toBe('Your answer was sent.');
      expect(await page.locator('.messages > li').last().textContent()).toContain(
        'It works again after a second restart.',
      );
      await expectAccessibleWithoutScripts(page);

      // A call booked two days ahead at 10:00 Paris time, then called off.
      const day = new Date(Date.now() + 2 * 24 * 3600_000).toISOString().slice(0, 10);
      await page.getByLabel('When').fill(`${day}T10:00`);
      // Without JavaScript, none on file: UTC is proposed; Emma picks Paris from the list.
      expect(await page.getByLabel('Time zone').inputValue()).toBe('UTC');
      await page.getByLabel('Time zone').selectOption('Europe/Paris');
      // Emma has no number on file: the form asks for one.
      await page.getByLabel('Phone number to call').fill('+33123456789');
      await page.getByLabel('What should we talk about?').fill('The E-42 error');
      await page.getByRole('button', { name: 'Book the call' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('status').textContent()).toBe('Your call is booked.');
      expect(await page.getByRole('listitem').filter({ hasText: 'The E-42 error' }).textContent()).toContain(
        '(Europe/Paris)',
      );
      await expectAccessibleWithoutScripts(page);
      await page.getByRole('button', { name: /^Cancel the call of/ }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('status').textContent()).toBe('The call is cancelled.');

      await page.goto(help('/requests/tickets/req-invoice'));
      await page.getByLabel('4 out of 5').check();
      await page.getByLabel('Comment (optional)').fill('Quick, thanks');
      await page.getByRole('button', { name: 'Send my rating' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('status').textContent()).toBe('Thank you for your rating.');
      expect(await page.getByText('Your rating: 4 out of 5').count()).toBe(1);
      await page.getByLabel('Your answer').fill('Sorry: the address on it is wrong.');
      await page.getByRole('button', { name: 'Send and reopen' }).click();
      await page.waitForLoadState();
      expect(await page.locator('p.muted').first().textContent()).toContain('In progress');
      await expectAccessibleWithoutScripts(page);

      await page.goto(help('/requests'));
      await page.getByRole('link', { name: 'My order page is blank' }).click();
      await page.waitForURL(help(`/requests/chats/${chat}`));
      expect(await page.locator('.messages').textContent()).toContain('Clearing the cache fixes it.');
      expect(await page.content()).not.toContain(INTERNAL_NOTE);
      await page.getByLabel('5 out of 5').check();
      await page.getByRole('button', { name: 'Send my rating' }).click();
      await page.waitForLoadState();
      expect(await page.getByText('Your rating: 5 out of 5').count()).toBe(1);
      await expectAccessibleWithoutScripts(page);

      await page.goto(help('/requests/tickets/req-delivery'));
      await page.getByRole('button', { name: 'Yes, close the ticket' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('status').textContent()).toBe('Thank you: the ticket is closed.');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL('**/help/requests/sign-in');
      await page.goto(help('/requests'));
      expect(page.url()).toContain('/help/requests/sign-in?returnTo=');
    });
    expect(await staffTicket('req-invoice')).toMatchObject({
      status: 'in_progress',
      csat: { score: 4, comment: 'Quick, thanks' },
    });
    expect((await staffTicket('req-invoice')).messages.at(-1)).toMatchObject({
      authorKind: 'customer',
      body: 'Sorry: the address on it is wrong.',
    });
    expect((await staffTicket('req-delivery')).status).toBe('closed');
    const supervisor = await stack.token('supervisor', 'sup-requests');
    const rated = await stack.client.request<{ chat: { csat: { score: number } | null } }>(
      'query($id: ID!) { chat(id: $id) { csat { score } } }',
      { id: chat },
      supervisor,
    );
    expect(rated.chat.csat).toEqual({ score: 5 });
    const printer = await staffTicket('req-printer');
    expect(printer.messages.at(-1)?.body).toBe('It works again after a second restart.');
    expect(printer.callbacks).toEqual([
      {
        at: expect.stringMatching(/T0[89]:00:00/),
        timeZone: 'Europe/Paris',
        reason: 'The E-42 error',
        status: 'cancelled',
      },
    ]);
  });

  it('speaks French to a French customer', async () => {
    const french = await browser.newContext({
      locale: 'fr-FR',
      timezoneId: 'Asia/Tokyo',
      viewport: { width: 1280, height: 900 },
    });
    const { page, consoleErrors } = await open(french);
    try {
      await withScreenshotOnFailure(page, 'help-center-requests-french', async () => {
        await page.goto(help('/fr'));
        await page.getByRole('link', { name: 'Se connecter' }).click();
        await page.waitForURL(/\/help\/requests\/sign-in\?returnTo=/);
        expect(await page.locator('html').getAttribute('lang')).toBe('fr');
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Connectez-vous à vos demandes');
        const link = await signInByMail(page, 'felix@example.com', {
          email: 'Adresse e-mail',
          send: 'Envoyez-moi un lien',
        });
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Consultez vos e-mails');
        await page.goto(link);
        await page.getByRole('button', { name: 'Se connecter', exact: true }).click();
        await page.waitForURL(help('/requests'));
        expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mes demandes');
        const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Compte bloqué' }) });
        expect(await row.textContent()).toContain('Résolu');
        await expectAccessible(page);
        await page.getByRole('link', { name: 'Compte bloqué' }).click();
        await page.waitForURL('**/help/requests/tickets/req-compte');
        expect(await page.getByText('Comment évaluez-vous notre aide ?').count()).toBe(1);
        // His zone on file is proposed, not the browser's (Tokyo).
        await expect.poll(() => page.locator('[data-live="connected"]').count(), { timeout: 10_000 }).toBe(1);
        expect(await page.getByLabel('Fuseau horaire').inputValue()).toBe('Europe/Paris');
        await expectAccessible(page);
        expect(consoleErrors).toEqual([]);
      });
    } finally {
      await french.close();
    }
  });

  it('accepts a proactive suggestion, clears the notifications and saves the settings', async () => {
    const { page, consoleErrors } = await open(english);
    await withScreenshotOnFailure(page, 'help-center-requests-account', async () => {
      await page.goto(help('/requests'));
      await page.getByRole('button', { name: 'Yes, open a ticket' }).click();
      await page.waitForURL(/\/help\/requests\/tickets\/[^/]+$/);
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Notifications' }).click();
      await page.waitForURL(help('/requests/notifications'));
      await expect.poll(() => page.getByRole('button', { name: 'Mark all as read' }).count()).toBe(1);
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Mark all as read' }).click();
      await expect.poll(() => page.getByText('0 unread').count()).toBe(1);

      await page.getByRole('link', { name: 'Settings' }).click();
      await page.waitForURL(help('/requests/settings'));
      await expectAccessible(page);
      await page.getByLabel('By email only').check();
      await page.getByLabel('Language of our messages').selectOption('fr');
      await page.getByRole('button', { name: 'Save' }).click();
      // The help center speaks the customer's new language from then on.
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Vos préférences sont enregistrées.');
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    const supervisor = await stack.token('supervisor', 'sup-requests');
    const { customer } = await stack.client.request<{
      customer: { deliveryPreference: string; language: string; pendingSuggestions: unknown[] };
    }>(
      'query { customer(id: "cust-emma") { deliveryPreference language pendingSuggestions { suggestionId } } }',
      {},
      supervisor,
    );
    expect(customer).toEqual({ deliveryPreference: 'email_only', language: 'fr', pendingSuggestions: [] });
  });
});
