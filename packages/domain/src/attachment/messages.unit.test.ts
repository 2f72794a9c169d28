import { describe, expect, it } from 'vitest';
import { chatDecider } from '../chat/index.js';
import { runCommand } from '../shared/decider.js';
import { ticketDecider } from '../ticket/index.js';

const now = new Date('2026-03-02T09:00:00Z');
const customer = { id: 'c-1', role: 'customer' } as const;
const agent = { id: 'agent-7', role: 'agent' } as const;
const screenshot = {
  attachmentId: 'file-1',
  fileName: 'screenshot.png',
  contentType: 'image/png',
  size: 2_048,
  sha256: 'ab'.repeat(32),
};

describe('files on messages', () => {
  const opened = runCommand(
    ticketDecider,
    [],
    {
      type: 'OpenTicket',
      data: {
        ticketId: 't-1',
        customerId: 'c-1',
        subject: 'Cannot log in',
        description: 'See the screenshot',
        channel: 'web',
        attachments: [screenshot],
      },
    },
    { now, actor: customer },
  ).events;

  it('records the files, with their digest, on the opening, replies and notes', () => {
    expect(opened[0]).toMatchObject({ type: 'TicketOpened', data: { attachments: [screenshot] } });
    const note = runCommand(
      ticketDecider,
      opened,
      {
        type: 'ReplyToTicket',
        data: { ticketId: 't-1', body: 'Logs', visibility: 'internal', attachments: [screenshot] },
      },
      { now, actor: agent },
    ).events;
    expect(note).toEqual([
      expect.objectContaining({
        type: 'TicketAgentReplied',
        data: expect.objectContaining({ attachments: [screenshot], visibility: 'internal' }),
      }),
    ]);
    const reply = runCommand(
      ticketDecider,
      opened,
      { type: 'CustomerReply', data: { ticketId: 't-1', body: 'Another one', attachments: [screenshot] } },
      { now, actor: customer },
    ).events;
    expect(reply.at(-1)?.data).toMatchObject({ attachments: [screenshot] });
  });

  it('leaves the field out of a message without files', () => {
    const reply = runCommand(
      ticketDecider,
      opened,
      { type: 'CustomerReply', data: { ticketId: 't-1', body: 'Nothing attached', attachments: [] } },
      { now, actor: customer },
    ).events;
    expect(reply.at(-1)?.data).not.toHaveProperty('attachments');
  });

  it('records the files of chat messages, the first one included', () => {
    const started = runCommand(
      chatDecider,
      [],
      {
        type: 'StartChat',
        data: {
          chatId: 'ch-1',
          customerId: 'c-1',
          firstMessage: { messageId: 'm-1', body: 'Hi', attachments: [screenshot] },
        },
      },
      { now, actor: customer },
    ).events;
    expect(started.at(-1)).toMatchObject({ type: 'ChatMessageSent', data: { attachments: [screenshot] } });
    const next = runCommand(
      chatDecider,
      started,
      {
        type: 'SendChatMessage',
        data: { chatId: 'ch-1', messageId: 'm-2', body: 'And this', attachments: [screenshot] },
      },
      { now, actor: customer },
    ).events;
    expect(next.at(-1)).toMatchObject({
      type: 'ChatMessageSent',
      data: { messageId: 'm-2', attachments: [screenshot] },
    });
  });

  it('takes a message that only sends files, and refuses one with neither words nor files', () => {
    const files = [screenshot];
    const refusal = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      return null;
    };
    for (const [decider, history, command, actor] of [
      [ticketDecider, opened, { type: 'CustomerReply', data: { ticketId: 't-1' } }, customer],
      [ticketDecider, opened, { type: 'ReplyToTicket', data: { ticketId: 't-1', body: '  ' } }, agent],
    ] as const) {
      const withFiles = { ...command, data: { ...command.data, attachments: files } };
      const [message] = runCommand(decider, history, withFiles, { now, actor }).events.slice(-1);
      expect(message?.data).toMatchObject({ body: '', attachments: files });
      expect(refusal(() => runCommand(decider, history, command, { now, actor }))).toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
    const started = runCommand(
      chatDecider,
      [],
      {
        type: 'StartChat',
        data: { chatId: 'ch-2', customerId: 'c-1', firstMessage: { messageId: 'm-1', attachments: files } },
      },
      { now, actor: customer },
    ).events;
    expect(started.at(-1)).toMatchObject({ type: 'ChatMessageSent', data: { body: '', attachments: files } });
    const send = (attachments?: typeof files) => ({
      type: 'SendChatMessage' as const,
      data: { chatId: 'ch-2', messageId: 'm-2', ...(attachments ? { attachments } : {}) },
    });
    expect(runCommand(chatDecider, started, send(files), { now, actor: customer }).events.at(-1)).toMatchObject({
      data: { body: '', attachments: files },
    });
    expect(refusal(() => runCommand(chatDecider, started, send(), { now, actor: customer }))).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    expect(
      refusal(() =>
        runCommand(
          chatDecider,
          [],
          { type: 'StartChat', data: { chatId: 'ch-3', customerId: 'c-1', firstMessage: { messageId: 'm-1' } } },
          { now, actor: customer },
        ),
      ),
    ).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
