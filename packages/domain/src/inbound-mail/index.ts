export * from './addresses.js';
export * from './noise.js';
export * from './threading.js';
