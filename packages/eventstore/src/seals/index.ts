export { generateSealKeyPem, readSealPrivateKey, readSealPublicKey } from './keys.js';
export type { LogSeal, Seal, SealedEvent, SealLine, StreamSeal } from './seal.js';
export { type BadSealLine, readSealFile, type SealFileContents } from './seal-file.js';
export { createSealer, type Sealer, type SealerOptions, type SealRound } from './sealer.js';
