import { describe, expect, it } from 'vitest';
import { chatTranscriptParams } from './chat-transcript.js';
import { renderTemplate } from './templates.js';

const LINES = [
  { at: '2026-03-02T14:00:00.000Z', from: 'customer' as const, authorId: 'cust-1', body: 'My invoice is wrong' },
  { at: '2026-03-02T14:01:00.000Z', from: 'agent' as const, authorId: 'agent-ada', body: 'Let me check.\nOne moment' },
  { at: '2026-03-02T14:02:00.000Z', from: 'agent' as const, authorId: 'agent-gone', body: 'Done' },
  {
    at: '2026-03-02T14:03:00.000Z',
    from: 'customer' as const,
    authorId: 'cust-1',
    body: '',
    files: ['a.pdf', 'b.png'],
  },
];
const names = (id: string) => (id === 'agent-ada' ? 'Ada Lovelace' : undefined);

describe('A chat transcript as its mail shows it (chatTranscriptParams)', () => {
  it('gives each message its time, its author and its words, files by name, in English', () => {
    const params = chatTranscriptParams('chat-1', LINES, { locale: 'en', timeZone: 'Europe/Paris', agentName: names });
    expect(params.localTime).toBe('2026-03-02 15:00 (Europe/Paris)');
    expect(params.transcript).toBe(
      [
        '2026-03-02 15:00 (Europe/Paris), You:\nMy invoice is wrong',
        '2026-03-02 15:01 (Europe/Paris), Ada Lovelace:\nLet me check.\nOne moment',
        '2026-03-02 15:02 (Europe/Paris), Support team:\nDone',
        '2026-03-02 15:03 (Europe/Paris), You:\nFiles: a.pdf, b.png',
      ].join('\n\n'),
    );
  });

  it('speaks French in the French template, in UTC when no zone is known', () => {
    const params = chatTranscriptParams('chat-1', LINES, { locale: 'fr', timeZone: null, agentName: () => undefined });
    const { title, text } = renderTemplate('chat.transcript', 'fr', params);
    expect(title).toBe('Chat avec le support : votre transcription');
    expect(text).toContain('du 2026-03-02 14:00 UTC');
    expect(text).toContain('2026-03-02 14:00 UTC, Vous:\nMy invoice is wrong');
    expect(text).toContain('Équipe support:\nLet me check.');
    expect(text).toContain('Fichiers : a.pdf, b.png');
  });
});
