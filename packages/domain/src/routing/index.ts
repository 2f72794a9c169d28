export * from './board.js';
export * from './board-state.js';
export * from './explanation.js';
export * from './follow-ups.js';
export * from './plan.js';
export * from './priority.js';
export {
  cancelChatStart,
  cancelCommandId,
  cancelPending,
  cancelWork,
  endsChatSlot,
  followUpCommandId,
  releaseEndedChatSlot,
} from './reactions.js';
