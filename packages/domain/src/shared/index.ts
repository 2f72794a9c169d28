export * from './actor.js';
export * from './context.js';
export * from './decider.js';
export * from './errors.js';
export * from './messages.js';
export * from './time.js';
export * from './validation.js';
export * from './versioning.js';
