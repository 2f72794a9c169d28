export * from './agent/index.js';
export * from './assignment/index.js';
export * from './chat/index.js';
export * from './customer/index.js';
export * from './proactive/index.js';
export * from './shared/index.js';
export * from './sla/index.js';
export * from './ticket/index.js';
