export * from './calculator.js';
export * from './calendar.js';
export type { SlaThresholdKind } from './clock.js';
export * from './facts.js';
export * from './policy.js';
export * from './summary.js';
