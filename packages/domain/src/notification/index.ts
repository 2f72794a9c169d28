export * from './channels.js';
export * from './chat-transcript.js';
export * from './conversation.js';
export * from './position.js';
export * from './retry.js';
export * from './staff.js';
export * from './templates.js';
