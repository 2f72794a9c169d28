import type { TranscriptLine } from '../chat/transcript.js';
import type { Locale, TemplateParams } from './templates.js';
import { readableTime } from './time.js';

/** Who wrote a line, as the mail's reader is told: themself, else the agent by name, else the team. */
const WORDS: Readonly<Record<Locale, { you: string; team: string; files: string }>> = {
  en: { you: 'You', team: 'Support team', files: 'Files' },
  fr: { you: 'Vous', team: 'Équipe support', files: 'Fichiers' },
};

/** How the transcript's mail names people and shows times. */
export interface TranscriptReader {
  readonly locale: Locale;
  /** The IANA zone its times are shown in (the customer's; UTC when none is known). */
  readonly timeZone: string | null;
  /** An agent's display name, when the engine holds one. */
  readonly agentName: (agentId: string) => string | undefined;
}

/**
 * The `chat.transcript` mail's parameters: `localTime` when the chat began, and `transcript`, one
 * paragraph per message: its time and author (the reader as "you", an agent by their display
 * name, else the support team), then its words, then its files by name. Lines are given as the
 * mail may show them (the caller makes the customer's own words inert).
 */
export function chatTranscriptParams(
  chatId: string,
  lines: readonly TranscriptLine[],
  reader: TranscriptReader,
): TemplateParams {
  const words = WORDS[reader.locale];
  const zone = reader.timeZone ?? 'UTC';
  const author = (line: TranscriptLine) =>
    line.from === 'customer'
      ? words.you
      : line.from === 'agent'
        ? (reader.agentName(line.authorId) ?? words.team)
        : words.team;
  const paragraphs = lines.map((line) => {
    const head = `${readableTime(line.at, zone)}, ${author(line)}:`;
    const files =
      line.files === undefined ? [] : [`${words.files}${reader.locale === 'fr' ? ' :' : ':'} ${line.files.join(', ')}`];
    return [head, ...(line.body.trim() === '' ? [] : [line.body.trim()]), ...files].join('\n');
  });
  const first = lines[0];
  return {
    chatId,
    localTime: first === undefined ? '' : readableTime(first.at, zone),
    transcript: paragraphs.join('\n\n'),
  };
}
