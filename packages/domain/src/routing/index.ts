export * from './board.js';
export * from './explanation.js';
export * from './follow-ups.js';
export * from './plan.js';
export * from './priority.js';
