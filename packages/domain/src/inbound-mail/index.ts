export * from './addresses.js';
export * from './delivery-status.js';
export * from './inline-images.js';
export * from './noise.js';
export * from './origin.js';
export * from './threading.js';
