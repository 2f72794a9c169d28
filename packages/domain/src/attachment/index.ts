export * from './policy.js';
export * from './quota.js';
export * from './types.js';
export * from './values.js';
