import { type RunningMailCatcher, startMailCatcher } from '@support-engine/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from './graphql-client.js';
import { withScreenshotOnFailure } from './testing/browser.fixture.js';
import { expectAccessible } from './testing/desk.fixture.js';
import { chatAcceptedByAda, frameOf, openShop, startWidgetSuite, type WidgetSuite } from './testing/widget.fixture.js';

// "Email me the transcript": a visitor chats with Ada working the desk, ends the chat, asks for
// the transcript from the widget (keyboard only) and it arrives at the SMTP server the engine
// sends to, at the address of the pre-chat form, with the conversation and without Ada's internal note.

let widget: WidgetSuite;
let mail: RunningMailCatcher;

beforeAll(async () => {
  mail = await startMailCatcher();
  widget = await startWidgetSuite({ SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}` });
});
afterAll(async () => {
  await widget?.close();
  await mail?.stop();
});

describe('the transcript by email from the widget', () => {
  it('a visitor ends the chat, asks for the transcript, and it arrives with the conversation', async () => {
    await widget.setAvailability('agent-ada', 'available');
    const ada = await widget.suite.signIn('Sign in as Ada Lovelace');
    const visitor = await widget.suite.browser.context.newPage();
    const errors = await openShop(visitor, widget.shop.url);
    await withScreenshotOnFailure(visitor, 'widget-transcript', async () => {
      const desk = ada.page;
      const frame = await chatAcceptedByAda(visitor, desk, {
        name: 'Tess Transcript',
        email: 'tess@example.com',
        message: 'My kettle leaks.',
      });
      await desk.getByLabel('Your reply (the customer sees it)').fill('A new kettle ships today.');
      await desk.getByRole('button', { name: 'Send reply' }).click();
      await frame.getByText('A new kettle ships today.').waitFor();

      // A note among the team, which the visitor never sees, nor the mail.
      const { chats } = await widget.suite.stack.client.request<{
        chats: { id: string; customer: { name: string } }[];
      }>('{ chats(status: ["active"]) { id customer { name } } }', {}, widget.supervisor);
      const chatId = chats.find((chat) => chat.customer.name === 'Tess Transcript')!.id;
      const adaToken = await widget.suite.stack.token('agent', 'agent-ada');
      await mutate(
        widget.suite.stack.client,
        'sendChatMessage',
        { chatId, body: 'Third kettle this month', internal: true },
        { token: adaToken },
      );

      // The visitor ends the chat, then asks for the transcript with the keyboard.
      await frame.getByRole('button', { name: 'End the chat' }).click();
      await frame.getByText('The chat has ended.').waitFor();
      const ask = frame.getByRole('button', { name: 'Email me the transcript' });
      await ask.focus();
      await visitor.keyboard.press('Enter');
      await frame
        .getByRole('status')
        .filter({ hasText: 'The transcript is on its way to your email address.' })
        .waitFor();
      await expectAccessible(await frameOf(visitor));

      await mail.waitFor((messages) => messages.some((m) => m.to.includes('tess@example.com')), 60_000);
      const sent = mail.messages().filter((m) => m.to.includes('tess@example.com'));
      expect(sent.map((m) => m.subject)).toEqual(['Support chat: Your transcript']);
      expect(sent[0]!.headers['auto-submitted']).toBe('auto-generated');
      expect(sent[0]!.text).toMatch(/, You:\nMy kettle leaks\./);
      expect(sent[0]!.text).toMatch(/, Ada Lovelace:\nA new kettle ships today\./);
      expect(sent[0]!.text).not.toContain('Third kettle');
    });
    expect(errors).toEqual([]);
    expect(ada.consoleErrors).toEqual([]);
    await visitor.close();
    await ada.page.close();
  });
});
