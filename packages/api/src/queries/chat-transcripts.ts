import { MAX_PAGE_SIZE } from '@support-engine/eventstore-postgres';
import { getChatTranscript, searchChatMessages as searchMessages } from '@support-engine/projections';
import { z } from 'zod';
import { seesInternal } from '../auth/visibility.js';
import { defineQuery } from '../graphql/secure.js';
import { parseInput } from '../validation.js';
import { SearchText } from './tickets.js';
import { type TranscriptFormat, writeTranscript } from './transcript.js';

interface TranscriptArgs {
  readonly chatId: string;
  readonly format?: TranscriptFormat | null;
}

/**
 * `chatTranscript`: a chat's whole transcript as a plain-text or JSON document, or null when
 * there is no such chat. Customers reach only their own chats (the policy's ownership rule) and
 * get them without the internal notes; staff get every message, notes marked `internal`. Author
 * names come from the agents' and customers' profiles, so it also waits for those read models.
 */
export const chatTranscript = defineQuery<TranscriptArgs>(
  ['chats', 'agents', 'tickets'],
  async (args, context, principal) => {
    const transcript = await getChatTranscript(context.services.deps.db, args.chatId, {
      includeInternal: seesInternal(principal),
    });
    if (transcript === null) return null;
    const format = args.format ?? 'text';
    return {
      chatId: args.chatId,
      format,
      messageCount: transcript.messages.length,
      truncated: transcript.truncated,
      ...writeTranscript(transcript, format),
    };
  },
);

const SearchArgs = z
  .object({
    text: SearchText.refine((text) => text.trim().length > 0, 'search for at least one word'),
    from: z.date().optional(),
    to: z.date().optional(),
    agentId: z.string().optional(),
    customerId: z.string().optional(),
    first: z.int().min(1).max(MAX_PAGE_SIZE).optional(),
    after: z.string().optional(),
  })
  .refine(({ from, to }) => !from || !to || from < to, { path: ['to'], message: 'to must be after from' });

/**
 * `searchChatMessages`: staff search every chat's messages (internal notes included), newest
 * first, narrowed to `[from, to)`, to the chats of an agent or of a customer. Customers are not
 * given it: their own chats are few and `chats` with `messages` already shows them whole, while
 * a search over everyone's transcripts is one refusal away from a leak.
 */
export const searchChatMessages = defineQuery<Record<string, unknown>>('chats', async (args, context) =>
  searchMessages(context.services.deps.db, parseInput(SearchArgs, args)),
);
