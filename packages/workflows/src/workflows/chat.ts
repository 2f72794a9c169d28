import {
  type ChatEvent,
  type ChatState,
  evolveChat,
  inactivityDeadline,
  initialChatState,
  toInstant,
} from '@support-engine/domain';
import { continueAsNew, setCurrentDetails, setHandler } from '@temporalio/workflow';
import { type ChatWorkflowInput, chatViewQuery, type DeliveredEvent, type NextTimer } from '../contract.js';
import { activities, Entity } from './entity.js';

/** How a chat workflow run ends: the chat closed. */
export interface ChatWorkflowResult {
  readonly version: number;
}

/**
 * The timer of one chat (workflow id `chat-<id>`): closes it with `TimeoutChat` once it has
 * been inactive for the configured time; every activity the domain counts moves the deadline.
 *
 * Queue waits have no timer: the domain has no command for a chat waiting too long (no
 * re-queue, no escalation), so the workflow records nothing for them. The inactivity timeout
 * covers waiting chats too (a customer who left the queue page does not hold a place forever),
 * and the queue wait is visible in the chat view query and the workflow's current details.
 * Completes once the chat is closed and quiet for `closedLingerMs`; a later event (a rating)
 * starts a run that reads the history and ends.
 */
export async function chatWorkflow(input: ChatWorkflowInput): Promise<ChatWorkflowResult> {
  const { settings } = input;
  const entity = new Entity<ChatState>(initialChatState, applyChatEvent, input.carried);
  let next = nextTimer(entity.state);
  setHandler(chatViewQuery, () => ({ version: entity.inbox.applied, chat: entity.state, next }));

  for (;;) {
    await entity.catchUp();
    const chat = entity.state;
    if (chat.status === 'closed') {
      if (await entity.lingerForEvents(settings.closedLingerMs)) continue;
      return { version: entity.inbox.applied };
    }
    next = nextTimer(chat);
    setCurrentDetails(details(chat, next));
    if (chat.status !== 'none' && next !== null && next.at <= Date.now() && !entity.hasFired(next.purpose)) {
      const command = { type: 'TimeoutChat', data: { chatId: chat.chatId } } as const;
      await entity.fire(next.purpose, command, activities.issueChatCommand);
      continue;
    }
    if (entity.shouldContinueAsNew(settings.maxHistoryEvents)) {
      await continueAsNew<typeof chatWorkflow>({ settings, carried: entity.carry() });
    }
    // A fired timeout that closed nothing waits for the activity that moved the deadline.
    const waitMs = next === null || entity.hasFired(next.purpose) ? null : next.at - Date.now();
    await entity.waitForEvents(waitMs);
  }

  function nextTimer(chat: ChatState): NextTimer | null {
    const deadline = inactivityDeadline(chat, settings.timings);
    if (deadline === null || chat.status === 'none') return null;
    return { purpose: `inactivity-timeout@${chat.lastActivityAt}`, at: Date.parse(deadline) };
  }
}

function applyChatEvent(state: ChatState, delivered: DeliveredEvent): ChatState {
  return evolveChat(state, { type: delivered.type, data: delivered.data } as ChatEvent);
}

function details(chat: ChatState, next: NextTimer | null): string {
  const queued = chat.status === 'waiting' ? `Waiting in queue since ${chat.startedAt}. ` : '';
  return next === null ? queued : `${queued}Closes for inactivity at ${toInstant(next.at)}`;
}
