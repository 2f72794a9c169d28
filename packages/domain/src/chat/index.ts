import { checkingContext, type Decider } from '../shared/decider.js';
import { parseOrThrow } from '../shared/validation.js';
import { SlaCommandContext } from '../sla-config/context.js';
import type { ChatCommand } from './commands.js';
import { decideChat } from './decide.js';
import type { ChatEvent } from './events.js';
import { evolveChat } from './evolve.js';
import { type ChatState, initialChatState } from './state.js';
import { ChatTimings, DEFAULT_CHAT_TIMINGS } from './timings.js';

export * from './commands.js';
export * from './customer-view.js';
export { decideChat } from './decide.js';
export * from './events.js';
export { evolveChat } from './evolve.js';
export { type ChatAvailability, chatAvailability, requireChatDeskOpen } from './opening-hours.js';
export * from './queue.js';
export * from './signals.js';
export * from './state.js';
export * from './timings.js';
export * from './transcript.js';

/** The chat aggregate for a deployment's timings (validated here, once). */
export function createChatDecider(
  timings: ChatTimings = DEFAULT_CHAT_TIMINGS,
): Decider<ChatCommand, ChatEvent, ChatState, SlaCommandContext> {
  const checked = parseOrThrow(ChatTimings, timings, 'chat timings');
  return checkingContext(
    {
      initialState: initialChatState,
      decide: (command: ChatCommand, state: ChatState, context: SlaCommandContext) =>
        decideChat(command, state, context, checked),
      evolve: evolveChat,
    },
    SlaCommandContext,
  );
}

/** The chat aggregate with the documented default timings (30 minutes of inactivity). */
// Annotated, so its declaration names its types rather than spelling them out.
export const chatDecider: Decider<ChatCommand, ChatEvent, ChatState, SlaCommandContext> = createChatDecider();
