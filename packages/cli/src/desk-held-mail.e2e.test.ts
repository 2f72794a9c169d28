import { type CommandBus, createCommandBus } from '@support-engine/application';
import type { HeldMailCommand, HeldMailReason } from '@support-engine/domain/held-mail';
import { createPostgresEventStore, type PostgresEventStore } from '@support-engine/eventstore-postgres';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { startBrowser, withScreenshotOnFailure } from './testing/browser.fixture.js';
import { type DeskSuite, expectAccessible, keepScreenshot, startDeskSuite } from './testing/desk.fixture.js';
import type { E2eStack } from './testing/stack.fixture.js';

// Held mail in the desk: messages naming a ticket from senders the engine cannot trust, held
// through the domain's own command (HoldMail, sent through the engine's command bus on its store,
// as the mail ingress does), reviewed by an agent: one accepted (on the ticket as the customer's
// message), one discarded after a confirmation, one arriving live; the ticket page's notice. In
// English, as the README's screenshot.

/** How long a change may take to reach the page (the projectors, the socket, a busy machine): a bound, not a measure. */
const LIVE = { timeout: 20_000 };
const INGRESS = { id: 'mail-in', role: 'system' } as const;
const TICKET = 'held-e2e-parcel';

let suite: DeskSuite;
let stack: E2eStack;
let store: PostgresEventStore;
let bus: CommandBus;

/** Holds a message naming {@link TICKET}, as the mail ingress does. */
async function hold(heldMailId: string, reason: HeldMailReason, subject: string, body: string): Promise<void> {
  const command: HeldMailCommand = {
    type: 'HoldMail',
    data: {
      heldMailId,
      ticketId: TICKET,
      reason,
      content: {
        body,
        mail: {
          messageId: `${heldMailId}@mail.example`,
          mailKey: `mid:${heldMailId}@mail.example`,
          original: `raw-${heldMailId}`,
          from: 'dan@example.com',
          mailbox: 'support@engine.example',
          authentication: { spf: 'fail', dkim: 'none', dmarc: reason === 'dmarc-failed' ? 'fail' : 'pass' },
        },
        subject,
        from: 'Dan Okafor <dan@example.com>',
        receivedAt: new Date().toISOString(),
      },
    },
  };
  await bus.send('heldmail', heldMailId, command, INGRESS, `hold:${heldMailId}`);
}

const held = (page: Page, subject: string) => page.locator('article[data-held-id]', { hasText: subject });

/** The ids of the messages waiting, as a supervisor reads them through the API (the read model's). */
async function pendingIds(): Promise<string[]> {
  const { heldMails } = await stack.client.request<{ heldMails: { edges: { node: { id: string } }[] } }>(
    '{ heldMails(state: pending, first: 100) { edges { node { id } } } }',
    {},
    await stack.token('supervisor', 'sup-e2e'),
  );
  return heldMails.edges.map((edge) => edge.node.id);
}

beforeAll(async () => {
  suite = await startDeskSuite('en-GB');
  ({ stack } = suite);
  store = createPostgresEventStore({ connectionString: stack.databaseUrl, listen: false });
  bus = createCommandBus(store, () => new Date());
  // Opened by the customer portal (the system), which names its tickets.
  const token = await stack.token('system', 'customer-portal');
  await mutate(
    stack.client,
    'openTicket',
    {
      ticketId: TICKET,
      customerId: 'cust-dan',
      subject: 'Parcel never arrived',
      description: 'Order 77',
      channel: 'email',
    },
    { token },
  );
  await hold(
    'held-e2e-discard',
    'token-for-another-sender',
    'Re: [#held-e2e-parcel] Change of address',
    'Please deliver the replacement to 1 Other Street instead.',
  );
  await hold(
    'held-e2e-accept',
    'dmarc-failed',
    'Re: [#held-e2e-parcel] Parcel never arrived',
    'The tracking number is 1Z999 — thanks for checking.',
  );
}, 300_000);

afterAll(async () => {
  await store?.close();
  await suite?.close();
});

describe('held mail', () => {
  it('an agent accepts one (on its ticket as the customer’s message), discards another after confirming, and sees a new one live', async () => {
    const { page, consoleErrors } = await suite.signIn('Sign in as Ada Lovelace');
    await withScreenshotOnFailure(page, 'desk-held-mail', async () => {
      await page.getByRole('link', { name: 'Held mail' }).click();
      await page.getByRole('heading', { level: 1, name: 'Held mail' }).waitFor();
      const accepting = held(page, 'Parcel never arrived');
      const discarding = held(page, 'Change of address');
      await accepting.waitFor(LIVE);
      await discarding.waitFor(LIVE);
      // Each reason as a sentence, the sender, the start of the text, the ticket it names.
      await accepting.getByText('says this message is not from them (DMARC failed)', { exact: false }).waitFor();
      await discarding.getByText('It answers a reply address the engine gave someone else', { exact: false }).waitFor();
      await accepting.getByText('From Dan Okafor <dan@example.com>', { exact: false }).waitFor();
      await accepting.getByText('The tracking number is 1Z999').waitFor();
      await accepting.getByRole('link', { name: `Names ticket ${TICKET}` }).waitFor();
      await expectAccessible(page);
      await keepScreenshot(page, 'desk-held-mail');

      // The keyboard: the newest held is first and selected; `a` accepts it.
      await page.keyboard.press('a');
      await page.getByText(`Added to ticket ${TICKET} as the customer’s message.`).waitFor(LIVE);
      await expect.poll(() => accepting.count(), LIVE).toBe(0);

      // Discard asks first: the dialog, a note, then it is gone.
      await discarding.getByRole('button', { name: 'Discard “Re: [#held-e2e-parcel] Change of address”' }).focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Discard this message?' });
      await dialog.waitFor();
      await expectAccessible(page);
      await dialog.getByLabel('Note (optional)').fill('Not the customer’s address');
      await dialog.getByRole('button', { name: 'Discard it' }).click();
      await page.getByText('Message discarded.').waitFor(LIVE);
      await expect.poll(() => discarding.count(), LIVE).toBe(0);
      await page.getByText('No held mail', { exact: false }).waitFor();

      // A message held meanwhile shows without a reload.
      await hold('held-e2e-live', 'dmarc-failed', 'Re: [#held-e2e-parcel] Still waiting', 'Any news?');
      await held(page, 'Still waiting').waitFor(LIVE);
      await expectAccessible(page);

      // The ticket: the accepted message is the customer's; the one still held is announced.
      await held(page, 'Still waiting')
        .getByRole('link', { name: `Names ticket ${TICKET}` })
        .click();
      await page.getByRole('heading', { level: 1, name: 'Parcel never arrived' }).waitFor();
      await page.locator('.timeline li', { hasText: 'The tracking number is 1Z999' }).waitFor(LIVE);
      await page.getByText('Held messages naming this ticket wait for review: 1.').waitFor(LIVE);
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();

    // What the API holds: the accepted message once, by the customer; the discarded one never.
    const supervisor = await stack.token('supervisor', 'sup-e2e');
    const { ticket } = await stack.client.request<{
      ticket: {
        messages: { authorKind: string; authorId: string; body: string }[];
        heldMails: { id: string; state: string; note: string | null }[];
      };
    }>(
      `{ ticket(id: "${TICKET}") { messages { authorKind authorId body } heldMails { id state note } } }`,
      {},
      supervisor,
    );
    expect(ticket.messages.filter((message) => message.body.includes('1Z999'))).toEqual([
      { authorKind: 'customer', authorId: 'cust-dan', body: 'The tracking number is 1Z999 — thanks for checking.' },
    ]);
    expect(ticket.messages.some((message) => message.body.includes('Other Street'))).toBe(false);
    expect(ticket.heldMails).toEqual([
      { id: 'held-e2e-live', state: 'pending', note: null },
      { id: 'held-e2e-accept', state: 'accepted', note: null },
      { id: 'held-e2e-discard', state: 'discarded', note: 'Not the customer’s address' },
    ]);
  });

  it('an auditor reads held mail and its reasons, without the buttons to decide', async () => {
    await hold('held-e2e-audit', 'dmarc-failed', 'Re: [#held-e2e-parcel] Audit me', 'Checking the trail.');
    // Held before the page subscribes, so it shows from the first read: once the read model has it
    // (a busy run's projection can be seconds behind the log).
    await expect.poll(async () => (await pendingIds()).includes('held-e2e-audit'), LIVE).toBe(true);
    const { page, consoleErrors } = await suite.signIn('Sign in as Dev Auditor');
    await withScreenshotOnFailure(page, 'desk-held-mail-auditor', async () => {
      await page.getByRole('link', { name: 'Held mail' }).click();
      const audited = held(page, 'Audit me');
      await audited.waitFor(LIVE);
      await audited.getByText('says this message is not from them (DMARC failed)', { exact: false }).waitFor();
      expect(await audited.getByRole('button').count()).toBe(0);
      // The keys decide nothing for an auditor either.
      await page.keyboard.press('a');
      await expectAccessible(page);
      expect(consoleErrors).toEqual([]);
    });
    await page.close();
    // Still waiting: the auditor's keys decided nothing.
    expect(await pendingIds()).toContain('held-e2e-audit');
  });

  it('in French: the waiting messages a page at a time, then those decided, with who decided and their note', async () => {
    for (let lot = 1; lot <= 20; lot += 1)
      await hold(`held-e2e-lot-${lot}`, 'dmarc-failed', `Re: [#held-e2e-parcel] Lot ${lot}`, `Lot ${lot}.`);
    await expect.poll(async () => (await pendingIds()).length, LIVE).toBe(22);
    const french = await startBrowser('fr-FR');
    try {
      const { page, consoleErrors } = await suite.signIn('Se connecter en tant que Ada Lovelace', undefined, french);
      await withScreenshotOnFailure(page, 'desk-held-mail-fr', async () => {
        await page.getByRole('link', { name: 'Courriels retenus' }).click();
        await page.getByRole('heading', { level: 1, name: 'Courriels retenus' }).waitFor();
        const tabs = page.getByRole('tablist', { name: 'Courriels retenus par état' });
        expect(await tabs.getByRole('tab', { name: 'En attente' }).getAttribute('aria-selected')).toBe('true');

        // A page of 20, newest held first; "Afficher plus" reads the rest, none twice.
        const shown = () =>
          page.locator('article[data-held-id]').evaluateAll((all) => all.map((a) => a.getAttribute('data-held-id')));
        await expect.poll(async () => (await shown()).length, LIVE).toBe(20);
        await held(page, 'Lot 20').getByText('Le domaine de l’expéditeur', { exact: false }).waitFor();
        await expectAccessible(page);
        await page.getByRole('button', { name: 'Afficher plus' }).click();
        await expect.poll(shown, LIVE).toEqual(await pendingIds());
        expect(await page.getByRole('button', { name: 'Afficher plus' }).count()).toBe(0);

        // The tabs by keyboard: the accepted message, who accepted it; the discarded one with its note.
        await tabs.getByRole('tab', { name: 'En attente' }).focus();
        await page.keyboard.press('ArrowRight');
        await expect.poll(() => tabs.getByRole('tab', { name: 'Acceptés' }).getAttribute('aria-selected')).toBe('true');
        const accepted = held(page, 'Parcel never arrived');
        await accepted.getByText(/^Accepté par Ada Lovelace, /).waitFor(LIVE);
        expect(await page.locator('article[data-held-id]').count()).toBe(1);
        expect(await accepted.getByRole('button').count()).toBe(0);
        await expectAccessible(page);
        await page.keyboard.press('ArrowRight');
        const discarded = held(page, 'Change of address');
        await discarded.getByText(/^Écarté par Ada Lovelace, /).waitFor(LIVE);
        await discarded.getByText('Note : Not the customer’s address').waitFor();
        // The keys decide nothing outside the waiting messages.
        await page.locator('h1').click();
        await page.keyboard.press('a');
        await expectAccessible(page);
        expect(consoleErrors).toEqual([]);
      });
      await page.close();
    } finally {
      await french.close();
    }
    expect(await pendingIds()).toHaveLength(22);
  });
});
