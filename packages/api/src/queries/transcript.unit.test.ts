import type { ChatTranscriptData, TranscriptMessage } from '@support-engine/projections';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oneLine, transcriptLine, writeTranscript } from './transcript.js';

const AT = new Date('2025-03-03T09:00:00.000Z');

const message = (fields: Partial<TranscriptMessage> = {}): TranscriptMessage => ({
  messageId: 'm-1',
  seq: 1,
  sender: 'customer',
  authorId: 'cust-1',
  authorName: 'Alice Martin',
  body: 'Hello',
  internal: false,
  at: AT,
  attachments: [],
  ...fields,
});

const transcript = (messages: TranscriptMessage[], chatId = 'chat-1'): ChatTranscriptData => ({
  chat: {
    chatId,
    customerId: 'cust-1',
    status: 'closed',
    priority: 'medium',
    category: 'billing',
    language: null,
    assigneeId: 'agent-1',
    startedAt: AT,
    assignedAt: AT,
    lastActivityAt: AT,
    inactivityTimeoutMs: null,
    closedAt: new Date('2025-03-03T10:00:00.000Z'),
    closeCause: 'ended',
    ticketId: null,
    messageCount: messages.length,
    publicMessageCount: messages.length,
    csat: null,
    followUpRequested: false,
    version: 9,
  },
  messages,
  truncated: false,
});

const FILE = {
  attachmentId: 'f-1',
  fileName: 'log, v2.txt',
  contentType: 'text/plain',
  size: 12,
  sha256: 'a'.repeat(64),
};

describe('the text transcript', () => {
  it('writes time, sender kind and name, the internal mark, the body and the files by name', () => {
    expect(transcriptLine(message())).toBe('2025-03-03T09:00:00.000Z customer Alice Martin (cust-1): Hello');
    expect(
      transcriptLine(message({ sender: 'agent', authorId: 'lead-1', authorName: null, internal: true, body: 'Note' })),
    ).toBe('2025-03-03T09:00:00.000Z agent lead-1 [internal]: Note');
    expect(transcriptLine(message({ body: '', attachments: [FILE, { ...FILE, fileName: 'b.png' }] }))).toBe(
      '2025-03-03T09:00:00.000Z customer Alice Martin (cust-1):  [attachments: log, v2.txt, b.png]',
    );
  });

  it('keeps every message on one line whatever its body or author name', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 200 });
    fc.assert(
      fc.property(fc.array(fc.record({ body: text, authorName: fc.option(text) }), { maxLength: 20 }), (fields) => {
        const document = writeTranscript(transcript(fields.map((f) => message(f))), 'text');
        const lines = document.content.split(/\r\n|[\n\v\f\r\u0085\u2028\u2029]/);
        expect(lines.pop()).toBe('');
        expect(lines).toHaveLength(fields.length);
        for (const line of lines) expect(line.startsWith('2025-03-03T09:00:00.000Z customer ')).toBe(true);
      }),
    );
  });

  it('shows a line break as ↵ and leaves other text as it is', () => {
    expect(oneLine('one\r\ntwo\nthree\u2028four')).toBe('one ↵ two ↵ three ↵ four');
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/[\n\v\f\r\u0085\u2028\u2029]/.test(s)),
        (s) => oneLine(s) === s,
      ),
    );
  });

  it('names the file after the chat, with only safe characters', () => {
    expect(writeTranscript(transcript([], 'chat/../1 é'), 'text')).toEqual({
      contentType: 'text/plain; charset=utf-8',
      fileName: 'chat-chat_.._1__.txt',
      content: '',
    });
  });
});

describe('the JSON transcript', () => {
  it('holds the chat and every message exactly, files and all', () => {
    const messages = [
      message({ body: 'two\nlines', attachments: [FILE] }),
      message({ sender: 'agent', authorId: 'agent-1', authorName: null, internal: true }),
    ];
    const document = writeTranscript(transcript(messages), 'json');
    expect(document.contentType).toBe('application/json');
    expect(document.fileName).toBe('chat-chat-1.json');
    expect(JSON.parse(document.content)).toEqual({
      chatId: 'chat-1',
      customerId: 'cust-1',
      status: 'closed',
      priority: 'medium',
      category: 'billing',
      language: null,
      assigneeId: 'agent-1',
      startedAt: '2025-03-03T09:00:00.000Z',
      closedAt: '2025-03-03T10:00:00.000Z',
      closeCause: 'ended',
      ticketId: null,
      truncated: false,
      messages: [
        {
          messageId: 'm-1',
          at: '2025-03-03T09:00:00.000Z',
          sender: 'customer',
          authorId: 'cust-1',
          authorName: 'Alice Martin',
          internal: false,
          body: 'two\nlines',
          attachments: [FILE],
        },
        {
          messageId: 'm-1',
          at: '2025-03-03T09:00:00.000Z',
          sender: 'agent',
          authorId: 'agent-1',
          authorName: null,
          internal: true,
          body: 'Hello',
          attachments: [],
        },
      ],
    });
  });
});
