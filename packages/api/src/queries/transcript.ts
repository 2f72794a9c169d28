import type { ChatTranscriptData, TranscriptMessage } from '@support-engine/projections';

/** The formats a chat transcript is exported in. */
export type TranscriptFormat = 'text' | 'json';

/** A transcript written out as a document to save or send. */
export interface TranscriptDocument {
  readonly contentType: string;
  readonly fileName: string;
  readonly content: string;
}

// Every line break plain text knows (CR LF, LF, CR, vertical tab, form feed, NEL, LS, PS).
const LINE_BREAKS = /\r\n|[\n\v\f\r\u0085\u2028\u2029]/g;

/** `text` on one line: each line break shown as ↵ (the JSON format keeps the exact text). */
export const oneLine = (text: string): string => text.replace(LINE_BREAKS, ' ↵ ');

/** Who wrote a message as a transcript shows them: their name and id, or the id alone. */
function author(message: TranscriptMessage): string {
  return message.authorName === null ? message.authorId : `${message.authorName} (${message.authorId})`;
}

/**
 * One line of the text transcript: ISO time, the sender's kind and who they are, `[internal]`
 * for a staff-only note, the body, and the files by name.
 */
export function transcriptLine(message: TranscriptMessage): string {
  const files = message.attachments.map((file) => file.fileName);
  return [
    `${message.at.toISOString()} ${message.sender} ${oneLine(author(message))}`,
    message.internal ? ' [internal]' : '',
    `: ${oneLine(message.body)}`,
    files.length > 0 ? ` [attachments: ${files.join(', ')}]` : '',
  ].join('');
}

/** The transcript as a JSON document: the chat's facts and every message with its files. */
function transcriptJson(transcript: ChatTranscriptData): string {
  const { chat } = transcript;
  return JSON.stringify({
    chatId: chat.chatId,
    customerId: chat.customerId,
    status: chat.status,
    priority: chat.priority,
    category: chat.category,
    language: chat.language,
    assigneeId: chat.assigneeId,
    startedAt: chat.startedAt.toISOString(),
    closedAt: chat.closedAt?.toISOString() ?? null,
    closeCause: chat.closeCause,
    ticketId: chat.ticketId,
    truncated: transcript.truncated,
    messages: transcript.messages.map((message) => ({
      messageId: message.messageId,
      at: message.at.toISOString(),
      sender: message.sender,
      authorId: message.authorId,
      authorName: message.authorName,
      internal: message.internal,
      body: message.body,
      attachments: message.attachments.map(({ attachmentId, fileName, contentType, size, sha256 }) => ({
        attachmentId,
        fileName,
        contentType,
        size,
        sha256,
      })),
    })),
  });
}

/** A file name for the chat's transcript: the chat id with anything but letters, digits, `.`, `_` and `-` as `_`. */
function fileName(chatId: string, extension: string): string {
  return `chat-${chatId.replace(/[^A-Za-z0-9._-]/g, '_')}.${extension}`;
}

/**
 * A chat's transcript as a document: plain text (one line per message, see {@link transcriptLine})
 * or JSON. Whether internal notes are in it was decided when the transcript was read.
 */
export function writeTranscript(transcript: ChatTranscriptData, format: TranscriptFormat): TranscriptDocument {
  const { chatId } = transcript.chat;
  if (format === 'json') {
    return { contentType: 'application/json', fileName: fileName(chatId, 'json'), content: transcriptJson(transcript) };
  }
  return {
    contentType: 'text/plain; charset=utf-8',
    fileName: fileName(chatId, 'txt'),
    content: transcript.messages.map((message) => `${transcriptLine(message)}\n`).join(''),
  };
}
