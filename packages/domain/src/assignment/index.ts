export * from './choose.js';
export * from './score.js';
